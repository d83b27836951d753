package main

// Browser tests: a real Chromium reads Mingbai as a reader's phone would,
// service worker and all. They need Chromium (Debian's package "chromium");
// without it they are skipped, unless MINGBAI_REQUIRE_BROWSER=1 makes a
// missing browser a failure, as it should be in CI.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/inspector"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browserTestTimeout bounds one browser test from the browser's start to
// its last check; a hung page fails the test instead of the whole run.
const browserTestTimeout = 90 * time.Second

// newBrowser starts a headless Chromium with a fresh profile, so no
// service worker or saved leaflet leaks from one test to the next, and
// returns the context its actions run in. The browser is closed when the
// test ends (before its profile directory is removed). A failing test
// logs what the browser did: requests, console, errors.
//
// Call it after startServer: cleanups run last in, first out, so the
// browser is gone before the server stops, and the server's shutdown
// does not wait on sockets the browser opened ahead of need (net/http
// gives a connection with no request yet 5 seconds).
func newBrowser(t testing.TB) context.Context {
	t.Helper()
	return newBrowserIn(t, filepath.Join(t.TempDir(), "chromium-profile"))
}

// newBrowserIn is newBrowser on a profile directory the test chooses: a
// second browser on the same profile is the same phone after a restart.
// extra adds command-line options.
func newBrowserIn(t testing.TB, profile string, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	execPath := "/usr/bin/chromium"
	if _, err := os.Stat(execPath); err != nil {
		p, err := exec.LookPath("chromium")
		if err != nil {
			const msg = "Chromium not found at /usr/bin/chromium or on PATH (apt-get install chromium)"
			if os.Getenv("MINGBAI_REQUIRE_BROWSER") == "1" {
				t.Fatal(msg + "; MINGBAI_REQUIRE_BROWSER=1 requires it")
			}
			t.Skip(msg + "; set MINGBAI_REQUIRE_BROWSER=1 to fail instead")
		}
		execPath = p
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Chromium 148 (Debian) often crashes the renderer (SIGTRAP, "Aw,
		// Snap") when a page leaves for the next one while a service
		// worker, even an empty one, is still starting: open a page, follow
		// a link within the second. Here it did in 4 to 16 runs of 20; with
		// the back/forward cache off, in none of 40. No test here is about
		// that cache, so it is off.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,BackForwardCache"),
		// Readers press play; a test cannot, so audio may start unasked.
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.UserDataDir(profile),
	)
	opts = append(opts, extra...)
	timeoutCtx, cancelTimeout := context.WithTimeout(context.Background(), browserTestTimeout)
	log := &browserLog{}
	var browserCtx context.Context
	// Under a loaded machine (two test packages at once) Chromium now and
	// then exits while starting; a second start has always come up. A
	// second failure fails the test.
	for attempt := 1; ; attempt++ {
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(timeoutCtx, opts...)
		ctx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithErrorf(log.addf))
		err := chromedp.Do(ctx)
		if err == nil {
			browserCtx = ctx
			// Cleanups run last in, first out: the browser closes before
			// t.TempDir removes its profile.
			t.Cleanup(func() {
				closeCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
				defer cancel()
				_ = chromedp.Cancel(closeCtx)
				cancelBrowser()
				cancelAlloc()
				cancelTimeout()
			})
			break
		}
		cancelBrowser()
		cancelAlloc()
		if attempt == 2 {
			cancelTimeout()
			t.Fatalf("start Chromium (%s), twice: %v", execPath, err)
		}
		t.Logf("start Chromium (%s): %v; trying once more", execPath, err)
	}
	// A crashed page answers nothing: stop waiting at once and say why.
	ctx, crashed := context.WithCancelCause(browserCtx)
	log.crashed = crashed
	if err := chromedp.Listen(ctx, log.event); err != nil {
		t.Fatalf("listen to the browser: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("what the browser did:\n\t%s", strings.Join(log.all(), "\n\t"))
		}
	})
	return ctx
}

// browserLog keeps what happened in the browser (requests, console,
// uncaught errors, the browser's own complaints) for a failing test.
type browserLog struct {
	mu      sync.Mutex
	lines   []string
	crashed context.CancelCauseFunc
}

func (l *browserLog) addf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *browserLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.lines)
}

// event runs in chromedp's event loop: it must be quick and call nothing.
func (l *browserLog) event(ev any) {
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		l.addf("request %s %s", ev.Request.Method, ev.Request.URL)
	case *network.EventResponseReceived:
		via := ""
		if ev.Response.FromServiceWorker {
			via = " (from the service worker)"
		}
		l.addf("response %d %s%s", ev.Response.Status, ev.Response.URL, via)
	case *network.EventLoadingFailed:
		l.addf("failed %s: %s", ev.Type, ev.ErrorText)
	case *cdpruntime.EventConsoleAPICalled:
		var args []string
		for _, a := range ev.Args {
			if a.Value != nil {
				args = append(args, string(a.Value))
			} else {
				args = append(args, a.Description)
			}
		}
		l.addf("console.%s: %s", ev.Type, strings.Join(args, " "))
	case *cdpruntime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		l.addf("uncaught: %s (%s:%d)", msg, d.URL, d.LineNumber+1)
	case *cdplog.EventEntryAdded:
		l.addf("%s %s: %s %s", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text, ev.Entry.URL)
	case *inspector.EventTargetCrashed:
		l.addf("the page's renderer crashed")
		l.crashed(errors.New("the page's renderer crashed"))
	}
}

// must runs one browser action and fails the test, naming what the reader
// was doing and where the page was, when it fails.
func must[T any](t testing.TB, ctx context.Context, doing string, a chromedp.Action[T]) T {
	t.Helper()
	// Steps stop a little before the test's deadline, leaving time to say
	// where the page was.
	stepCtx := ctx
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		stepCtx, cancel = context.WithDeadline(ctx, deadline.Add(-5*time.Second))
		defer cancel()
	}
	v, err := chromedp.Run(stepCtx, a)
	if err != nil {
		if cause := context.Cause(stepCtx); cause != nil && !errors.Is(err, cause) {
			err = fmt.Errorf("%w: %v", err, cause)
		}
		t.Fatalf("%s: %v (page at %s)", doing, err, pageLocation(ctx))
	}
	return v
}

// mustDo runs browser steps that return nothing, like must.
func mustDo(t testing.TB, ctx context.Context, doing string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	must(t, ctx, doing, chromedp.Steps(steps...))
}

// pageLocation is the page's address for a failure message; it never fails.
func pageLocation(ctx context.Context) string {
	if ctx.Err() != nil {
		return "unknown: " + context.Cause(ctx).Error()
	}
	lctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(lctx, chromedp.Location())
	if err != nil {
		return "unknown: " + err.Error()
	}
	return loc
}

// locationPath is the path (with query) of the page the browser shows.
func locationPath(t *testing.T, ctx context.Context) string {
	t.Helper()
	loc := must(t, ctx, "read the address bar", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("address bar %q: %v", loc, err)
	}
	return u.RequestURI()
}

// attr reads an attribute of the first element matching a CSS selector.
func attr(t *testing.T, ctx context.Context, sel, name string) chromedp.AttributeResult {
	t.Helper()
	return must(t, ctx, fmt.Sprintf("read %s of %s", name, sel), chromedp.AttributeValue(chromedp.CSS(sel), name))
}

// TestBrowserReadsLeafletOffline shows the promise of the PWA: a leaflet
// opened once on a phone reads again with no network at all, and a
// leaflet never opened answers with the offline page, which lists what
// the phone has saved.
func TestBrowserReadsLeafletOffline(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)
	leaflet := ts.URL + "/zh/m/bride-price"

	mustDo(t, ctx, "open the leaflet online",
		chromedp.Navigate(leaflet),
		chromedp.WaitVisible(chromedp.CSS(".offline-status.saved")),
	)
	if got, want := must(t, ctx, "read the saved status", chromedp.Text(chromedp.CSS(".offline-status"))), "已保存，没有网络也能阅读"; got != want {
		t.Errorf("status line online: got %q, want %q", got, want)
	}
	// The worker must control pages before the network goes; "saved" only
	// says the page is in the cache.
	must(t, ctx, "wait for the service worker to control the page",
		chromedp.Poll[bool]("navigator.serviceWorker.controller !== null"))

	// The network is gone: nothing answers on that port any more. (This
	// can take 5 seconds; see newBrowser.)
	ts.Stop(t)

	mustDo(t, ctx, "reload the leaflet offline",
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS("article h1")),
	)
	if got := must(t, ctx, "read the title offline", chromedp.Text(chromedp.CSS("article h1"))); !strings.Contains(got, "彩礼") {
		t.Errorf("leaflet title offline: got %q, want it to contain %q", got, "彩礼")
	}
	if got := must(t, ctx, "read the body offline", chromedp.Text(chromedp.CSS("article .body"))); len([]rune(strings.TrimSpace(got))) < 20 {
		t.Errorf("leaflet body offline: got %q, want the leaflet's text", got)
	}
	mustDo(t, ctx, "see the status offline", chromedp.WaitVisible(chromedp.CSS(".offline-status.saved")))
	if got, want := must(t, ctx, "read the status offline", chromedp.Text(chromedp.CSS(".offline-status"))), "已保存，没有网络也能阅读"; got != want {
		t.Errorf("status line offline: got %q, want %q", got, want)
	}

	mustDo(t, ctx, "open a leaflet never opened, offline",
		chromedp.Navigate(ts.URL+"/zh/m/telecom-fraud"),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	)
	if got, want := must(t, ctx, "read the offline page's heading", chromedp.Text(chromedp.CSS("main h1"))), "现在没有网络"; got != want {
		t.Errorf("heading of an unsaved leaflet offline: got %q, want %q (the offline page)", got, want)
	}
	mustDo(t, ctx, "wait for the saved list", chromedp.WaitVisible(chromedp.CSS(".saved-list a")))
	type link struct{ Href, Text string }
	links := must(t, ctx, "read the saved list", chromedp.Evaluate[[]link](
		`[...document.querySelectorAll(".saved-list a")].map(a => ({Href: a.getAttribute("href"), Text: a.textContent}))`))
	i := slices.IndexFunc(links, func(l link) bool { return l.Href == "/zh/m/bride-price" })
	if i < 0 {
		t.Fatalf("saved list: got %v, want a link to /zh/m/bride-price", links)
	}
	if got := links[i].Text; !strings.Contains(got, "彩礼") {
		t.Errorf("saved list link to /zh/m/bride-price: got text %q, want the leaflet's title (with %q)", got, "彩礼")
	}
}

// TestBrowserReadsWithJavaScriptDisabled shows that a reader whose browser
// runs no scripts still reads a leaflet side by side in Tibetan and
// Chinese, is not told about offline saving that cannot happen, and can
// search.
func TestBrowserReadsWithJavaScriptDisabled(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)

	noScripts := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	mustDo(t, ctx, "open the leaflet side by side with scripts off",
		noScripts,
		chromedp.Navigate(ts.URL+"/bo/m/bride-price?view=both"),
		chromedp.WaitVisible(chromedp.CSS(".leaflet.both")),
	)
	// Scripts really are off: sw-register.js, which every page loads,
	// registered no service worker.
	if n := must(t, ctx, "count service workers", chromedp.Evaluate[int](
		`navigator.serviceWorker.getRegistrations().then(r => r.length)`, chromedp.EvalAwaitPromise)); n != 0 {
		t.Fatalf("service workers registered with scripts off: got %d, want 0 (scripts ran)", n)
	}

	if got, want := attr(t, ctx, "html", "lang").Value, "bo"; got != want {
		t.Errorf("html lang: got %q, want %q", got, want)
	}
	articles := must(t, ctx, "read the columns", chromedp.AttributesAll(chromedp.CSSAll(".leaflet.both article")))
	var langs []string
	for _, a := range articles {
		langs = append(langs, a["lang"])
	}
	slices.Sort(langs)
	if want := []string{"bo", "zh"}; !slices.Equal(langs, want) {
		t.Errorf("languages of the side-by-side columns: got %q, want %q", langs, want)
	}
	title := must(t, ctx, "read the Tibetan title", chromedp.Text(chromedp.CSS(`.leaflet.both article[lang="bo"] h1`)))
	if !strings.ContainsFunc(title, func(r rune) bool { return unicode.Is(unicode.Tibetan, r) }) {
		t.Errorf("Tibetan column's title: got %q, want Tibetan text", title)
	}
	if status := attr(t, ctx, ".offline-status", "hidden"); !status.Exists {
		t.Errorf("offline status line: got it shown, want it hidden (no script can save the page)")
	}
	mustDo(t, ctx, "check the status line is not visible", chromedp.WaitNotVisible(chromedp.CSS(".offline-status")))

	mustDo(t, ctx, "search for 彩礼 with the form",
		chromedp.SendKeys(chromedp.ID("q"), "彩礼"),
		chromedp.Click(chromedp.CSS(`form.search button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("ol.hits")),
	)
	if got, want := locationPath(t, ctx), "/bo/search?q="+url.QueryEscape("彩礼"); got != want {
		t.Errorf("address after searching: got %q, want %q", got, want)
	}
	var hrefs []string
	for _, a := range must(t, ctx, "read the results", chromedp.AttributesAll(chromedp.CSSAll("ol.hits a"))) {
		hrefs = append(hrefs, a["href"])
	}
	if !slices.Contains(hrefs, "/bo/m/bride-price") {
		t.Errorf("search results for 彩礼: got links %q, want one to /bo/m/bride-price", hrefs)
	}
	marks := must(t, ctx, "read the highlighted words", chromedp.Nodes(chromedp.CSSAll("ol.hits mark")))
	var marked []string
	for _, m := range marks {
		marked = append(marked, must(t, ctx, "read a highlighted word", chromedp.TextContent(chromedp.NodeIDs{m.NodeID})))
	}
	if !slices.Contains(marked, "彩礼") {
		t.Errorf("highlighted words in the results: got %q, want 彩礼 among them", marked)
	}
}

// TestBrowserSwitchesLanguage shows the language switcher: a Chinese
// reader taps བོད་ཡིག and gets the same leaflet in Tibetan, and the
// choice is remembered for the bare address of the site.
func TestBrowserSwitchesLanguage(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)

	mustDo(t, ctx, "open the Chinese leaflet", chromedp.Navigate(ts.URL+"/zh/m/bride-price"))
	mustDo(t, ctx, "tap the Tibetan link of the switcher",
		chromedp.Click(chromedp.CSS(`nav.langs a[hreflang="bo"]`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang="bo"] body`)),
	)
	if got, want := locationPath(t, ctx), "/bo/m/bride-price"; got != want {
		t.Errorf("address after switching: got %q, want %q", got, want)
	}
	if got, want := attr(t, ctx, "html", "lang").Value, "bo"; got != want {
		t.Errorf("html lang after switching: got %q, want %q", got, want)
	}

	mustDo(t, ctx, "open the bare address",
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitReady(chromedp.CSS("body")),
	)
	if got, want := locationPath(t, ctx), "/bo/"; got != want {
		t.Errorf("bare address after choosing Tibetan: got %q, want %q", got, want)
	}
	if got, want := attr(t, ctx, "html", "lang").Value, "bo"; got != want {
		t.Errorf("html lang of the bare address: got %q, want %q", got, want)
	}
}

// TestBrowserFallbackNotice shows what a Tibetan reader sees for a leaflet
// not yet translated: the Chinese text, with a notice saying so.
func TestBrowserFallbackNotice(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)

	slug := leafletWithoutTibetan(t, ts)
	mustDo(t, ctx, "open an untranslated leaflet in Tibetan",
		chromedp.Navigate(ts.URL+"/bo/m/"+slug),
		chromedp.WaitVisible(chromedp.CSS(".notice.fallback")),
	)
	if got, want := attr(t, ctx, "html", "lang").Value, "bo"; got != want {
		t.Errorf("html lang of /bo/m/%s: got %q, want %q (the interface stays Tibetan)", slug, got, want)
	}
	if got, want := attr(t, ctx, ".leaflet article", "lang").Value, "zh"; got != want {
		t.Errorf("language of the text shown for /bo/m/%s: got %q, want %q", slug, got, want)
	}
}

// leafletWithoutTibetan finds, through the read API, a published leaflet
// with no Tibetan text.
func leafletWithoutTibetan(t *testing.T, ts *testServer) string {
	t.Helper()
	for page := 1; ; page++ {
		res := ts.get(t, fmt.Sprintf("/api/v1/materials?per_page=100&page=%d", page))
		if res.StatusCode != 200 {
			t.Fatalf("GET /api/v1/materials page %d: got status %d, want 200", page, res.StatusCode)
		}
		var list struct {
			Items []struct {
				Slug      string   `json:"slug"`
				Languages []string `json:"languages"`
			} `json:"items"`
		}
		if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
			t.Fatalf("decode /api/v1/materials: %v", err)
		}
		for _, m := range list.Items {
			if !slices.Contains(m.Languages, "bo") {
				return m.Slug
			}
		}
		if len(list.Items) == 0 {
			t.Skip("every sample leaflet has Tibetan; nothing shows the fallback notice")
		}
	}
}
