package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mingbai/server/mingbai"
)

// TestBrowserCountsReadingsNotCopies reads a leaflet in a real browser,
// where the page keeps itself for offline reading on the first visit, the
// reader marks it as helpful, and a resident then keeps the whole library
// on the same phone: only the two times a reader opened the leaflet count,
// and the thank-you meant for one reader is not kept offline.
func TestBrowserCountsReadingsNotCopies(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)
	mustDo(t, ctx, "open the leaflet, which saves itself",
		chromedp.Navigate(ts.URL+"/zh/m/bride-price"),
		chromedp.WaitVisible(chromedp.CSS(".offline-status.saved")),
	)
	must(t, ctx, "wait for the service worker to control the page",
		chromedp.Poll[bool]("navigator.serviceWorker.controller !== null"))
	mustDo(t, ctx, "open it again", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("article h1")))
	mustDo(t, ctx, "say it helped",
		chromedp.Click(chromedp.CSS(".helped button")),
		chromedp.WaitVisible(chromedp.CSS(".helped .notice")),
	)
	if got := locationPath(t, ctx); got != "/zh/m/bride-price?thanks=1" {
		t.Errorf("after saying it helped the page is %s, want the thank-you", got)
	}
	// The worker saves a page while it streams; give it the moment.
	time.Sleep(300 * time.Millisecond)
	if kept := must(t, ctx, "look for the thank-you among kept leaflets", chromedp.Evaluate[bool](
		`caches.open("leaflets").then((c) => c.keys()).then((ks) => ks.some((k) => k.url.includes("thanks")))`,
		chromedp.EvalAwaitPromise)); kept {
		t.Error("the thank-you page was kept for offline reading")
	}

	signInResident(t, ctx, ts, "dolma")
	mustDo(t, ctx, "keep the whole library", chromedp.Click(chromedp.CSS(".keep-library")))
	must(t, ctx, "wait for the library", chromedp.Poll[bool](
		`document.querySelector(".library-status").textContent.startsWith("资料库已保存在本机")`,
		chromedp.WithPollingTimeout(60*time.Second)))
	ts.Stop(t)

	f := storedReach(t, ts)
	if f.Opens != 2 || f.OpensByLang[mingbai.Chinese] != 2 || f.Helped != 1 {
		t.Errorf("opens %v (%d), helped %d; want the reader's two opens in Chinese and one helped",
			f.OpensByLang, f.Opens, f.Helped)
	}
}
