package main

// Browser tests: a real Chromium reads Mingbai as a reader's phone would,
// service worker and all. They need Chromium (Debian's package "chromium");
// without it they are skipped, unless MINGBAI_REQUIRE_BROWSER=1 makes a
// missing browser a failure, as it should be in CI.

import (
	"context"
	"encoding/json"
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
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browserTestTimeout bounds one browser test from the browser's start to
// its last check; a hung page fails the test instead of the whole run.
const browserTestTimeout = 90 * time.Second

// newBrowser starts a headless Chromium with a fresh profile, so no
// service worker or saved leaflet leaks from one test to the next, and
// returns the context its actions run in. The browser is closed when the
// test ends (before its profile directory is removed).
func newBrowser(t *testing.T) context.Context {
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
	profile := filepath.Join(t.TempDir(), "chromium-profile")
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
		chromedp.UserDataDir(profile),
		chromedp.CombinedOutput(os.Stderr), // DEBUG
	)
	timeoutCtx, cancelTimeout := context.WithTimeout(context.Background(), browserTestTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(timeoutCtx, opts...)
	log := &browserLog{}
	ctx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithErrorf(log.addf), chromedp.WithDebugf(func(f string, a ...any) {
		fmt.Fprintf(os.Stderr, "CDP "+time.Now().Format("15:04:05.000 ")+f+"\n", a...)
	}))
	// Cleanups run last in, first out: the browser closes before t.TempDir
	// removes its profile.
	t.Cleanup(func() {
		closeCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_ = chromedp.Cancel(closeCtx)
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", execPath, err)
	}
	if err := chromedp.Listen(ctx, log.event); err != nil {
		t.Fatalf("listen to the browser: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("browser log:\n\t%s", strings.Join(log.all(), "\n\t"))
		}
	})
	return ctx
}

// browserLog keeps what happened in the browser (requests, console,
// uncaught errors, the browser's own complaints) for a failing test.
type browserLog struct {
	mu    sync.Mutex
	lines []string
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

func (l *browserLog) event(ev any) {
	switch ev := ev.(type) {
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
	case *page.EventFrameNavigated:
		l.addf("DEBUG navigated frame %s parent %q %s", ev.Frame.ID, ev.Frame.ParentID, ev.Frame.URL)
	case *cdpruntime.EventExecutionContextCreated:
		l.addf("DEBUG ctx created %d %s %s", ev.Context.ID, ev.Context.UniqueID, ev.Context.AuxData)
	case *cdpruntime.EventExecutionContextDestroyed:
		l.addf("DEBUG ctx destroyed %s", ev.ExecutionContextUniqueID)
	case *cdpruntime.EventExecutionContextsCleared:
		l.addf("DEBUG ctx cleared")
	case *page.EventLoadEventFired:
		l.addf("load")
	}
}

// must runs one browser action and fails the test, naming what the reader
// was doing and where the page was, when it fails.
func must[T any](t *testing.T, ctx context.Context, doing string, a chromedp.Action[T]) T {
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
		t.Fatalf("%s: %v (page at %s)", doing, err, pageLocation(ctx))
	}
	return v
}

// mustDo runs browser steps that return nothing, like must.
func mustDo(t *testing.T, ctx context.Context, doing string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	must(t, ctx, doing, chromedp.Steps(steps...))
}

// pageLocation is the page's address for a failure message; it never fails.
func pageLocation(ctx context.Context) string {
	if ctx.Err() != nil {
		return "unknown: " + ctx.Err().Error()
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
	ctx := newBrowser(t)
	ts := startServer(t, nil)
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

	ts.Stop(t) // the network is gone: nothing answers on that port any more

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
	ctx := newBrowser(t)
	ts := startServer(t, nil)

	noScripts := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	mustDo(t, ctx, "open the leaflet side by side with scripts off",
		noScripts,
		chromedp.Navigate(ts.URL+"/bo/m/bride-price?view=both"),
		chromedp.WaitVisible(chromedp.CSS(".leaflet.both")),
	)
	// Scripts really are off: the page's own scripts would have made the
	// status line visible.
	if got := must(t, ctx, "check scripts are off", chromedp.Evaluate[bool](`(() => {
		const s = document.createElement("script");
		s.textContent = "window.__ran = true";
		document.head.append(s);
		return window.__ran === true;
	})()`)); got {
		t.Fatal("scripts ran although script execution was disabled")
	}

	if got, want := attr(t, ctx, "html", "lang").Value, "bo"; got != want {
		t.Errorf("html lang: got %q, want %q", got, want)
	}
	articles := must(t, ctx, "read the columns", chromedp.AttributesAll(chromedp.CSSAll(".leaflet.both article")))
	var langs []string
	for _, a := range articles {
		langs = append(langs, a["lang"])
	}
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
	hrefs := must(t, ctx, "read the results", chromedp.AttributesAll(chromedp.CSSAll("ol.hits a")))
	if !slices.ContainsFunc(hrefs, func(a map[string]string) bool { return a["href"] == "/bo/m/bride-price" }) {
		t.Errorf("search results for 彩礼: got links %v, want one to /bo/m/bride-price", hrefs)
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
	ctx := newBrowser(t)
	ts := startServer(t, nil)
	mustDo(t, ctx, "open the Chinese leaflet", chromedp.Navigate(ts.URL+"/zh/m/bride-price"))
	// Follow the switcher's Tibetan link as a tap would. (chromedp.Click on a
	// link that navigates can hang waiting on the old document, so the test
	// reads the link and navigates to it.)
	href := attr(t, ctx, `nav.langs a[hreflang="bo"]`, "href").Value
	if href != "/bo/m/bride-price" {
		t.Fatalf("switcher's Tibetan link: got %q, want /bo/m/bride-price", href)
	}
	mustDo(t, ctx, "follow the Tibetan link",
		chromedp.Navigate(ts.URL+href),
		chromedp.WaitReady(chromedp.CSS(`html[lang="bo"] body`)),
	)
	if got, want := locationPath(t, ctx), "/bo/m/bride-price"; got != want {
		t.Errorf("address after switching: got %q, want %q", got, want)
	}
	if got, want := attr(t, ctx, "html", "lang").Value, "bo"; got != want {
		t.Errorf("html lang after switching: got %q, want %q", got, want)
	}

	// That the bare address then opens in Tibetan (the cookie) is checked
	// over HTTP in server/web (TestLanguageCookieRemembersTheChoice).
}

// TestBrowserFallbackNotice shows what a Tibetan reader sees for a leaflet
// not yet translated: the Chinese text, with a notice saying so.
func TestBrowserFallbackNotice(t *testing.T) {
	ctx := newBrowser(t)
	ts := startServer(t, nil)

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

// TestBrowserNarrowScreen shows that the side-by-side view fits a small
// phone 320 pixels wide without scrolling sideways.
func TestBrowserNarrowScreen(t *testing.T) {
	ctx := newBrowser(t)
	ts := startServer(t, nil)

	mustDo(t, ctx, "open the side-by-side leaflet on a 320px screen",
		chromedp.EmulateViewport(320, 640, chromedp.EmulatePortrait),
		chromedp.Navigate(ts.URL+"/bo/m/bride-price?view=both"),
		chromedp.WaitVisible(chromedp.CSS(".leaflet.both")),
	)
	if got := must(t, ctx, "measure the page", chromedp.Evaluate[int](`document.documentElement.clientWidth`)); got != 320 {
		t.Fatalf("viewport width: got %d, want 320 (emulation failed)", got)
	}
	if got := must(t, ctx, "measure the page", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); got > 320 {
		wide := must(t, ctx, "find what is too wide", chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")]
			.filter(e => e.getBoundingClientRect().right > 320.5)
			.slice(0, 5)
			.map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))`))
		t.Errorf("page width at 320px: got scrollWidth %d, want <= 320 (too wide: %v)", got, wide)
	}
}
