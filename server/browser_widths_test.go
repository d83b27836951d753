package main

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// overflowJS lists what reaches past the screen's right edge, or nothing
// when the page does not scroll sideways.
const overflowJS = `(() => {
	const w = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth <= w) return [];
	return [...document.querySelectorAll("body *")]
		.filter((e) => e.getBoundingClientRect().right > w + 0.5 && e.getClientRects().length)
		.slice(0, 4)
		.map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "") +
			" " + Math.round(e.getBoundingClientRect().right) + "px " + JSON.stringify(e.textContent.slice(0, 24)));
})()`

// TestBrowserNoPageScrollsSideways: on a phone 320 pixels wide, no page a
// reader or a resident opens scrolls sideways: not at normal size, not with
// the phone's text at 200%, not zoomed to 200% (160 CSS pixels), not with
// the site's own larger text chosen (which the phone keeps), in any
// language.
func TestBrowserNoPageScrollsSideways(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)
	signInResident(t, ctx, ts, "dolma")
	var pages []string
	for _, l := range []string{"bo", "zh", "en"} {
		for _, p := range []string{"/", "/m/bride-price", "/m/bride-price?view=both", "/t/marriage-family", "/search?q=婚姻",
			"/offline", "/login", "/field", "/field/new/consultation", "/field/new/rule_revision", "/field/records"} {
			pages = append(pages, "/"+l+p)
		}
	}
	for _, size := range []struct {
		name   string
		width  int64
		double bool
		choose string // the site's own text size, chosen first
	}{{"normal", 320, false, ""}, {"text at 200%", 320, true, ""}, {"zoomed to 200%", 160, false, ""},
		{"larger text chosen", 320, false, "larger"}} {
		if size.choose != "" {
			normal := must(t, ctx, "measure the text", chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.body).fontSize)`))
			mustDo(t, ctx, "choose larger text", chromedp.Navigate(ts.URL+"/zh/"),
				chromedp.Click(`.text-size a[data-size="`+size.choose+`"]`), chromedp.WaitReady(`html.text-`+size.choose))
			if got := must(t, ctx, "measure the text", chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.body).fontSize)`)); got < 1.45*normal {
				t.Errorf("text after choosing %s: %.1f px, was %.1f px", size.choose, got, normal)
			}
		}
		for _, path := range pages {
			mustDo(t, ctx, "open "+path, chromedp.EmulateViewport(size.width, 640, chromedp.EmulatePortrait),
				chromedp.Navigate(ts.URL+path), chromedp.WaitReady("body"))
			if size.double {
				must(t, ctx, "double the text", chromedp.Evaluate[bool](`(() => { const h = document.documentElement;
					h.style.fontSize = parseFloat(getComputedStyle(h).fontSize) * 2 + "px"; return true; })()`))
			}
			if wide := must(t, ctx, "measure "+path, chromedp.Evaluate[[]string](overflowJS)); len(wide) > 0 {
				t.Errorf("%s, %s: scrolls sideways: %v", path, size.name, wide)
			}
		}
	}
}
