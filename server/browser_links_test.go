package main

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// TestBrowserCorrectsAndFollowsUpOffline: with no network, a resident
// corrects a mediation from the list kept on the phone ("更正") and adds a
// follow-up to it ("添加跟进"). The correction form shows the record's
// values, as online; once synced, the correction replaces the mediation
// (counted once) and the follow-up is about it.
func TestBrowserCorrectsAndFollowsUpOffline(t *testing.T) {
	ts := startBrowserServer(t, nil)
	u, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	signInResident(t, ctx, ts, "dolma")
	mustDo(t, ctx, "record a mediation online",
		chromedp.Navigate(ts.URL+"/zh/field/new/mediation"),
		chromedp.WaitVisible(chromedp.CSS("form.record-form")),
		chromedp.SetValue(chromedp.ID("f-dispute_kind"), "homestead"),
		chromedp.SetValue(chromedp.ID("f-parties"), "2"),
		chromedp.SetValue(chromedp.ID("f-outcome"), "agreement"),
		chromedp.Click(chromedp.CSS(`form.record-form button[type="submit"]`)))
	pollAcrossReloads(t, ctx, "wait until the list shows it from the server",
		`document.querySelectorAll(".server-records li.record").length === 1 && document.querySelector(".outbox").dataset.syncState === "done"`)
	original := must(t, ctx, "read its id", chromedp.Evaluate[string](`document.querySelector(".server-records li.record").dataset.id`))
	must(t, ctx, "wait for the list to be kept with it", chromedp.Poll[bool](`caches.match("/zh/field/records", {cacheName: "field"})
		.then((r) => r && r.text()).then((html) => !!html && html.includes(`+"`"+`data-id="`+original+`"`+"`"+`))`))

	ts.Stop(t)
	mustDo(t, ctx, "open the list offline and press 更正",
		chromedp.Navigate(ts.URL+"/zh/field/records"),
		chromedp.WaitVisible(chromedp.CSS(`.server-records li.record .actions a[href*="supersedes="]`)),
		chromedp.Click(chromedp.CSS(`.server-records li.record .actions a[href*="supersedes="]`)),
		chromedp.WaitVisible(chromedp.CSS("form.record-form")))
	must(t, ctx, "wait for the record's values", chromedp.Poll[bool](`document.getElementById("f-parties").value === "2"`))
	filled := must(t, ctx, "read the correction form", chromedp.Evaluate[map[string]string](`({
		dispute: document.getElementById("f-dispute_kind").value, outcome: document.getElementById("f-outcome").value,
		supersedes: (document.querySelector("input[name=supersedes]") || {}).value || "" })`))
	if filled["dispute"] != "homestead" || filled["outcome"] != "agreement" || filled["supersedes"] != original {
		t.Errorf("the correction form offline holds %v, want the mediation's values and its id", filled)
	}
	mustDo(t, ctx, "correct the parties and save",
		chromedp.SetValue(chromedp.ID("f-parties"), "3"),
		chromedp.Click(chromedp.CSS(`form.record-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".outbox-list li")))
	mustDo(t, ctx, "press 添加跟进 offline",
		chromedp.WaitVisible(chromedp.CSS(`.server-records li.record .actions a[href*="refers_to="]`)),
		chromedp.Click(chromedp.CSS(`.server-records li.record .actions a[href*="refers_to="]`)),
		chromedp.WaitVisible(chromedp.CSS("form.record-form")),
		chromedp.SendKeys(chromedp.ID("f-note"), "双方已按协议划界"),
		chromedp.Click(chromedp.CSS(`form.record-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".outbox-list li:nth-child(2)")))

	startBrowserServer(t, map[string]string{"MINGBAI_ADDR": u.Host, "MINGBAI_DATA": ts.DataDir})
	mustDo(t, ctx, "sync now", chromedp.Click(chromedp.CSS(".sync-now")))
	pollAcrossReloads(t, ctx, "wait until nothing waits",
		`document.querySelector(".outbox") && document.querySelector(".outbox").dataset.syncState === "done" && document.querySelector(".outbox").dataset.waiting === "0"`)

	st := openStoreOf(t, ts)
	defer st.Close()
	changes, _, err := st.Pull(context.Background(), residentNamed(t, st, "dolma"), 0, store.MaxPull)
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[mingbai.RecordKind][]*mingbai.Record{}
	for _, c := range changes {
		if c.Record != nil {
			byKind[c.Record.Kind] = append(byKind[c.Record.Kind], c.Record)
		}
	}
	var correction, followup *mingbai.Record
	for _, r := range byKind[mingbai.Mediation] {
		if r.ID != original {
			correction = r
		}
	}
	if fs := byKind[mingbai.FollowUp]; len(fs) == 1 {
		followup = fs[0]
	}
	if correction == nil || correction.Supersedes != original {
		t.Fatalf("mediations %+v: want a correction superseding %s", byKind[mingbai.Mediation], original)
	}
	var fields struct{ Parties int }
	json.Unmarshal(correction.Fields, &fields)
	if fields.Parties != 3 {
		t.Errorf("the correction has %d parties, want 3", fields.Parties)
	}
	if followup == nil || followup.RefersTo != original {
		t.Errorf("follow-ups %+v: want one about %s", byKind[mingbai.FollowUp], original)
	}
	// Counted once: the mediation read back names its correction, which
	// takes it out of the figures.
	held, err := st.Record(context.Background(), original)
	if err != nil || held.SupersededBy != correction.ID {
		t.Errorf("the mediation is superseded by %q (%v), want the correction %s", held.SupersededBy, err, correction.ID)
	}
}
