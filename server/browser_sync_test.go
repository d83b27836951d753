package main

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// signInResident signs a new resident in on the browser, through the
// forced password change, and waits until the phone is registered, its
// service worker controls the page and the field pages are kept offline.
func signInResident(t *testing.T, ctx context.Context, ts *testServer, username string) {
	t.Helper()
	firstSignIn(t, ctx, ts, username, addResident(t, ts, username), "yak butter tea 2026",
		`.device-status[data-state="registered"]`)
	must(t, ctx, "wait for the service worker to control the page",
		chromedp.Poll[bool]("navigator.serviceWorker.controller !== null"))
	// The forms for every kind and the list, plus the start page itself.
	must(t, ctx, "wait for the field pages to be kept offline", chromedp.Poll[bool](
		`caches.open("field").then((c) => c.keys()).then((k) => k.length >= 7)`,
		chromedp.WithPollingTimeout(20*time.Second)))
}

// fillConsultation fills the consultation form's own fields (not its date).
func fillConsultation() []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.SetValue(chromedp.ID("f-topic"), "marriage-family"),
		chromedp.SetValue(chromedp.ID("f-asker_group"), "herder"),
		chromedp.SetValue(chromedp.ID("f-channel"), "in_person"),
		chromedp.SendKeys(chromedp.ID("f-summary"), "彩礼能否要回"),
		chromedp.SetValue(chromedp.ID("f-outcome"), "answered"),
	}
}

// saveConsultation records a consultation with the phone's form, which
// keeps it in the outbox, and waits for the list.
func saveConsultation(t *testing.T, ctx context.Context, ts *testServer) {
	t.Helper()
	mustDo(t, ctx, "open the consultation form",
		chromedp.Navigate(ts.URL+"/zh/field/new/consultation"),
		chromedp.WaitVisible(chromedp.CSS("form.record-form")))
	mustDo(t, ctx, "record a consultation", append(fillConsultation(),
		chromedp.Click(chromedp.CSS(`form.record-form button[type="submit"]`)),
		// Offline it waits there; online it may be sent already.
		chromedp.WaitVisible(chromedp.CSS(".outbox-count")))...)
}

// waitingCount reads the outbox's count line once the outbox shows.
func waitingCount(t *testing.T, ctx context.Context) string {
	t.Helper()
	mustDo(t, ctx, "wait for the outbox", chromedp.WaitVisible(chromedp.CSS(".outbox .outbox-count")))
	must(t, ctx, "wait for the outbox count", chromedp.Poll[bool](
		`document.querySelector(".outbox-count").textContent !== ""`))
	return must(t, ctx, "read the outbox count", chromedp.Text(chromedp.CSS(".outbox-count")))
}

// TestBrowserRecordsOfflineThenSyncs is the field promise: with no
// network, a resident records a consultation and a village-rule revision;
// they wait on the phone through a reload; when the network returns, one
// press sends each exactly once to the office.
func TestBrowserRecordsOfflineThenSyncs(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)
	signInResident(t, ctx, ts, "dolma")
	u, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}

	ts.Stop(t) // no network from here

	saveConsultation(t, ctx, ts)
	mustDo(t, ctx, "record a village-rule revision offline",
		chromedp.Navigate(ts.URL+"/zh/field/new/rule_revision"),
		chromedp.WaitVisible(chromedp.CSS("form.record-form")),
		chromedp.SendKeys(chromedp.ID("f-articles"), "第三条"),
		chromedp.SendKeys(chromedp.ID("f-text_zh"), "婚嫁彩礼不得超过当地标准"),
		chromedp.SendKeys(chromedp.ID("f-reason"), "移风易俗"),
		chromedp.Click(chromedp.CSS(`form.record-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".outbox-list li:nth-child(2)")),
	)
	if got, want := waitingCount(t, ctx), "2 条待上传"; got != want {
		t.Errorf("outbox offline: %q, want %q", got, want)
	}
	outbox := must(t, ctx, "read the outbox", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll(".outbox-list li > p:first-child")].map((p) => p.textContent.split(" · ")[0]).sort()`))
	if want := []string{"村规民约修订", "法律咨询"}; fmt.Sprint(outbox) != fmt.Sprint(want) {
		t.Errorf("the outbox names its records %q, want %q", outbox, want)
	}
	mustDo(t, ctx, "reload offline", chromedp.Reload())
	if got, want := waitingCount(t, ctx), "2 条待上传"; got != want {
		t.Errorf("outbox after a reload offline: %q, want %q", got, want)
	}

	// The network returns: the same server, same address, same data.
	startBrowserServer(t, map[string]string{"MINGBAI_ADDR": u.Host, "MINGBAI_DATA": ts.DataDir})
	mustDo(t, ctx, "sync now", chromedp.Click(chromedp.CSS(".sync-now")))
	// The list reloads itself after a sync that changed something.
	pollAcrossReloads(t, ctx, "wait until nothing waits and the server lists both",
		`document.querySelector(".outbox-count") && document.querySelector(".outbox-count").textContent === `+
			`document.querySelector(".outbox").dataset.none && document.querySelectorAll(".server-records li.record").length === 2`)

	// The office, at its desk, sees each record once and returns the
	// revision with a comment.
	office := newBrowser(t)
	firstSignIn(t, office, ts, "office", firstPassword(t, ts), "county-report-2026", ".office-nav")
	mustDo(t, office, "open the inbox",
		chromedp.Navigate(ts.URL+"/zh/office/records"),
		chromedp.WaitVisible(chromedp.CSS("tr.record")),
	)
	rows := must(t, office, "read the inbox", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("tr.record td:nth-child(2)")].map((td) => td.textContent.trim()).sort()`))
	if want := []string{"村规民约修订", "法律咨询"}; fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("the office's inbox lists %q, want %q once each", rows, want)
	}
	const comment = "第三条的标准须与县里的指导意见一致，请修改后再报。"
	must(t, office, "open the revision", chromedp.Evaluate[bool](`(() => { const row = [...document.querySelectorAll("tr.record")]
		.find((r) => r.textContent.includes("村规民约修订")); row.querySelector("a").click(); return true; })()`))
	mustDo(t, office, "return the revision with a comment",
		chromedp.WaitVisible(chromedp.ID("comment-return")),
		chromedp.SendKeys(chromedp.ID("comment-return"), comment),
		chromedp.Submit(chromedp.ID("comment-return")),
		chromedp.WaitVisible(chromedp.CSS(".notice")),
	)

	// The resident's next sync brings the comment to the phone.
	mustDo(t, ctx, "sync again", chromedp.Click(chromedp.CSS(".sync-now")))
	pollAcrossReloads(t, ctx, "wait for the office's comment on the phone",
		`[...document.querySelectorAll(".server-records li.state-returned .review")].some((p) => p.textContent.includes(`+
			"`"+comment+"`"+`))`)

	st, err := store.Open(context.Background(), filepath.Join(ts.DataDir, "mingbai.db"), ts.Clock)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	kinds := map[mingbai.RecordKind]int{}
	changes, _, err := st.Pull(context.Background(), residentNamed(t, st, "dolma"), 0, store.MaxPull)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.Record != nil {
			kinds[c.Record.Kind]++
		}
	}
	if kinds[mingbai.Consultation] != 1 || kinds[mingbai.RuleRevision] != 1 || len(kinds) != 2 {
		t.Errorf("the office holds %v, want one consultation and one rule revision", kinds)
	}
}

// pollAcrossReloads waits until a script expression is true on the page,
// through the page's own reloads (which end a plain Poll), for 30 s.
func pollAcrossReloads(t *testing.T, ctx context.Context, doing, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		stepCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := chromedp.Run(stepCtx, chromedp.Evaluate[bool](expr, chromedp.EvalAwaitPromise))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s: still false after 30 s: %s (page at %s)", doing, expr, pageLocation(ctx))
}

// residentNamed loads a resident for reading as them.
func residentNamed(t *testing.T, st *store.Store, username string) *mingbai.User {
	t.Helper()
	u, _, err := st.UserForLogin(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestBrowserMovesRecordsBetweenPhones shows the way out when a phone
// cannot sync (no signal for weeks, a broken screen): its waiting records
// go to a file, the file into another phone, and imported twice or sent
// from both phones, each record reaches the office once. The first phone
// also keeps the whole library for reading with no signal.
func TestBrowserMovesRecordsBetweenPhones(t *testing.T) {
	ts := startBrowserServer(t, nil)
	first := newBrowser(t)
	signInResident(t, first, ts, "dolma")

	mustDo(t, first, "keep the whole library", chromedp.Click(chromedp.CSS(".keep-library")))
	must(t, first, "wait for the library", chromedp.Poll[bool](
		`document.querySelector(".library-status").textContent.startsWith("资料库已保存在本机")`,
		chromedp.WithPollingTimeout(60*time.Second)))
	kept := must(t, first, "count the kept leaflets", chromedp.Evaluate[int](
		`caches.open("leaflets").then((c) => c.keys()).then((k) => k.length)`, chromedp.EvalAwaitPromise))
	if kept < 26 { // 12 sample leaflets in two languages, 2 in one
		t.Errorf("the library kept %d leaflet pages, want at least 26", kept)
	}

	downloads := t.TempDir()
	mustDo(t, first, "let the page save files", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
		return err
	}))
	u, _ := url.Parse(ts.URL)
	ts.Stop(t)
	mustDo(t, first, "record a mediation offline",
		chromedp.Navigate(ts.URL+"/zh/field/new/mediation"),
		chromedp.WaitVisible(chromedp.CSS("form.record-form")),
		chromedp.SetValue(chromedp.ID("f-dispute_kind"), "homestead"),
		chromedp.SendKeys(chromedp.ID("f-parties"), "2"),
		chromedp.SetValue(chromedp.ID("f-outcome"), "agreement"),
		chromedp.Click(chromedp.CSS(`form.record-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".outbox-list li")),
		chromedp.Click(chromedp.CSS(".outbox .export")),
	)
	var file string
	for deadline := time.Now().Add(10 * time.Second); file == "" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if m, _ := filepath.Glob(filepath.Join(downloads, "mingbai-*.json")); len(m) == 1 {
			file = m[0]
		}
	}
	if file == "" {
		t.Fatal("export saved no file")
	}

	startBrowserServer(t, map[string]string{"MINGBAI_ADDR": u.Host, "MINGBAI_DATA": ts.DataDir})
	second := newBrowser(t)
	mustDo(t, second, "sign in on another phone",
		chromedp.Navigate(ts.URL+"/zh/login"),
		chromedp.SendKeys(chromedp.ID("username"), "dolma"),
		chromedp.SendKeys(chromedp.ID("password"), "yak butter tea 2026"),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(`.device-status[data-state="registered"]`)),
		chromedp.WaitVisible(chromedp.CSS(".outbox .import input")),
	)
	for i := range 2 {
		mustDo(t, second, fmt.Sprintf("import the file (%d)", i+1),
			chromedp.SetUploadFiles(chromedp.CSS(".outbox .import input"), []string{file}))
		must(t, second, "wait for the import", chromedp.Poll[bool](
			`document.querySelector(".transfer-status").textContent.includes("1")`))
	}
	pollAcrossReloads(t, second, "wait until the imported record is sent",
		`document.querySelector(".outbox-count").textContent === document.querySelector(".outbox").dataset.none`)
	mustDo(t, first, "the first phone syncs too", chromedp.Navigate(ts.URL+"/zh/field/records"))
	pollAcrossReloads(t, first, "wait until the first phone has sent it",
		`document.querySelector(".outbox-count") && document.querySelector(".outbox-count").textContent === document.querySelector(".outbox").dataset.none`)

	st, err := store.Open(context.Background(), filepath.Join(ts.DataDir, "mingbai.db"), ts.Clock)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rs, err := st.RecordsByAuthor(context.Background(), residentNamed(t, st, "dolma").ID, 10)
	if err != nil || len(rs) != 1 || rs[0].Kind != mingbai.Mediation {
		t.Errorf("the office holds %d records (%v), want the one mediation", len(rs), err)
	}

	// The office withdraws a leaflet: the phone that kept the library drops
	// it at its next sync, so nobody shows villagers a text taken back.
	withdrawn, err := st.PublishedMaterial(context.Background(), "bride-price")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetMaterialStatus(context.Background(), "", withdrawn.ID, mingbai.Unpublished); err != nil {
		t.Fatal(err)
	}
	mustDo(t, first, "sync after the withdrawal", chromedp.Click(chromedp.CSS(".sync-now")))
	pollAcrossReloads(t, first, "wait for the withdrawn leaflet to leave the phone",
		`caches.open("leaflets").then((c) => c.keys()).then((ks) => !ks.some((k) => k.url.endsWith("/m/bride-price")))`)
}
