package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// TestBrowserSendsBigOutboxesInSmallBatches: 80 village-rule revisions of
// long texts wait on a phone, 2.3 MB in all, more than the server takes in
// one push (2 MiB). The phone sends them in batches small in bytes too,
// and every one arrives once (before, every push of the first 100 got 413
// for ever). One record bigger than a whole push stays on the phone,
// refused there with what to do about it, and holds up none of the rest.
func TestBrowserSendsBigOutboxesInSmallBatches(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)
	signInResident(t, ctx, ts, "dolma")
	mustDo(t, ctx, "open the records", chromedp.Navigate(ts.URL+"/zh/field/records"), chromedp.WaitVisible(chromedp.CSS(".outbox-count")))
	pollAcrossReloads(t, ctx, "wait for the list's first sync", `document.querySelector(".outbox") && document.querySelector(".outbox").dataset.syncState === "done"`)
	day := mingbai.TownshipDay(time.Now())
	queued := must(t, ctx, "put 80 long revisions in the outbox", chromedp.Evaluate[int](`(async () => {
		const find = async (url, name) => {
			const text = await (await fetch(url)).text();
			return new URL(text.match(new RegExp('from "([^"]*' + name + '[^"]*)"'))[1], url).href;
		};
		const entry = document.querySelector('script[type=module][src*="field-records"]').src;
		const db = await import(await find(await find(entry, "field-sync"), "field-db"));
		const records = [];
		for (let i = 0; i < 80; i++) records.push({ id: crypto.randomUUID(), kind: "rule_revision", date: "`+day+`",
			created_at: new Date().toISOString(), fields: { articles: "第" + i + "条", text_zh: "村规".repeat(4500), reason: "移风易俗" } });
		records.splice(40, 0, { id: crypto.randomUUID(), kind: "rule_revision", date: "`+day+`",
			created_at: new Date().toISOString(), fields: { articles: "全文", text_zh: "村规".repeat(400000), reason: "太长" } });
		await db.queue(records);
		return records.length; })()`, chromedp.EvalAwaitPromise))
	if queued != 81 {
		t.Fatalf("queued %d", queued)
	}
	mustDo(t, ctx, "sync now", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".sync-now")), chromedp.Click(chromedp.CSS(".sync-now")))
	pollAcrossReloads(t, ctx, "wait until only the oversized record waits, refused on the phone",
		`document.querySelector(".outbox") && document.querySelector(".outbox").dataset.waiting === "1" &&
		 [...document.querySelectorAll(".outbox-list .review")].some((p) => p.textContent === document.querySelector(".outbox").dataset.tooBig)`)
	if strings.Contains(ts.Log(), "status=413") {
		t.Errorf("a push was refused as too large:\n%s", ts.Log())
	}

	st, err := store.Open(context.Background(), filepath.Join(ts.DataDir, "mingbai.db"), ts.Clock)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	changes, _, err := st.Pull(context.Background(), residentNamed(t, st, "dolma"), 0, store.MaxPull)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range changes {
		if c.Record != nil && c.Record.Kind == mingbai.RuleRevision {
			n++
		}
	}
	if n != 80 {
		t.Errorf("the server holds %d of the 80 revisions", n)
	}
}
