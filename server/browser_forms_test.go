package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserFormsSpeakTheReadersLanguage: a field left empty on a
// Tibetan form is refused in Tibetan, naming the field, not in the
// browser's language, and is marked aria-invalid until it is filled.
func TestBrowserFormsSpeakTheReadersLanguage(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)
	signInResident(t, ctx, ts, "dolma")
	mustDo(t, ctx, "open the Tibetan consultation form", chromedp.Navigate(ts.URL+"/bo/field/new/consultation"),
		chromedp.WaitVisible(chromedp.CSS("form.record-form")))
	got := must(t, ctx, "check the empty form", chromedp.Evaluate[map[string]string](`(() => {
		document.querySelector("form.record-form").checkValidity();
		const summary = document.getElementById("f-summary"), topic = document.getElementById("f-topic");
		return {summary: summary.validationMessage, topic: topic.validationMessage, invalid: summary.getAttribute("aria-invalid") || "",
			summaryLabel: summary.labels[0].firstChild.textContent.trim(), topicLabel: topic.labels[0].firstChild.textContent.trim()};
	})()`))
	for _, f := range []string{"summary", "topic"} {
		if msg := got[f]; !strings.Contains(msg, got[f+"Label"]) || !strings.ContainsFunc(msg, func(r rune) bool { return r >= 0x0F40 && r <= 0x0F6C }) {
			t.Errorf("the empty %s says %q: want Tibetan naming %q", f, msg, got[f+"Label"])
		}
	}
	if got["invalid"] != "true" {
		t.Errorf("the empty summary has aria-invalid %q", got["invalid"])
	}
	mustDo(t, ctx, "fill the summary", chromedp.SendKeys(chromedp.ID("f-summary"), "བག་རིན།"))
	after := must(t, ctx, "check it again", chromedp.Evaluate[string](
		`(() => { const s = document.getElementById("f-summary"); return s.validationMessage + "|" + (s.getAttribute("aria-invalid") || ""); })()`))
	if after != "|" {
		t.Errorf("the filled summary still says %q", after)
	}
}
