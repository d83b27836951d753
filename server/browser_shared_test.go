package main

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// signInAgain signs an account in with its password and waits for its
// start page (landing, a CSS selector).
func signInAgain(t *testing.T, ctx context.Context, ts *testServer, username, password, landing string) {
	t.Helper()
	mustDo(t, ctx, "sign in as "+username,
		chromedp.Navigate(ts.URL+"/zh/login"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(landing)),
	)
}

// TestBrowserSharedPhoneKeepsEachResidentsRecords: two residents share a
// phone. Dolma records a consultation offline and signs out before it is
// sent: the phone warns her, and once she signs out anyway nothing of hers
// shows offline. Tashi signs in on the same phone: he sees none of her
// record and his syncs send none of it. When Dolma signs in again, her
// record goes up under her name, once.
func TestBrowserSharedPhoneKeepsEachResidentsRecords(t *testing.T) {
	ts := startBrowserServer(t, nil)
	u, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	tashiPassword := addResident(t, ts, "tashi")
	ctx := newBrowser(t)
	signInResident(t, ctx, ts, "dolma")

	ts.Stop(t)
	saveConsultation(t, ctx, ts) // offline
	ts = startBrowserServer(t, map[string]string{"MINGBAI_ADDR": u.Host, "MINGBAI_DATA": ts.DataDir})

	// She signs out from the form page, where no sync runs on its own.
	mustDo(t, ctx, "Dolma signs out",
		chromedp.Navigate(ts.URL+"/zh/field/new/mediation"),
		chromedp.WaitVisible(chromedp.CSS("form.account button")),
		chromedp.Click(chromedp.CSS("form.account button")),
		chromedp.WaitVisible(chromedp.CSS(".signout-warning")))
	warning := must(t, ctx, "read the warning", chromedp.Text(chromedp.CSS(".signout-count")))
	if !strings.Contains(warning, "1 条记录没有发送") {
		t.Errorf("the sign-out warning says %q, want that 1 record is not sent", warning)
	}
	mustDo(t, ctx, "sign out anyway", chromedp.Click(chromedp.CSS(".signout-anyway")))
	pollAcrossReloads(t, ctx, "wait until signed out", signedOut)
	if d := readStoredDevice(t, ctx); d != nil {
		t.Errorf("after signing out the phone still holds a registration: %+v", d)
	}
	if n := must(t, ctx, "count the kept field pages", chromedp.Evaluate[int](
		`caches.open("field").then((c) => c.keys()).then((k) => k.length)`, chromedp.EvalAwaitPromise)); n != 0 {
		t.Errorf("after signing out the phone keeps %d of Dolma's pages", n)
	}
	ts.Stop(t)
	mustDo(t, ctx, "open the field page offline after signing out",
		chromedp.Navigate(ts.URL+"/zh/field"), chromedp.WaitReady(chromedp.CSS("body")))
	if body := must(t, ctx, "read the page", chromedp.Text(chromedp.CSS("body"))); strings.Contains(body, "Dolma") ||
		strings.Contains(body, "dolma") {
		t.Errorf("offline after signing out the phone shows Dolma's page:\n%s", body)
	}
	ts = startBrowserServer(t, map[string]string{"MINGBAI_ADDR": u.Host, "MINGBAI_DATA": ts.DataDir})

	firstSignIn(t, ctx, ts, "tashi", tashiPassword, "prayer flags in the wind", `.device-status[data-state="registered"]`)
	pollAcrossReloads(t, ctx, "wait for Tashi's first sync", `document.querySelector(".outbox") &&
		document.querySelector(".outbox").dataset.syncState === "done"`)
	if got := waitingCount(t, ctx); !strings.HasPrefix(got, "没有待上传的记录") {
		t.Errorf("Tashi's outbox says %q; Dolma's record must not show to him", got)
	}
	mustDo(t, ctx, "Tashi opens his records", chromedp.Navigate(ts.URL+"/zh/field/records"),
		chromedp.WaitVisible(chromedp.CSS(".outbox-count")))
	if n := must(t, ctx, "count the records listed", chromedp.Evaluate[int](
		`document.querySelectorAll(".outbox-list li, .server-records li.record").length`)); n != 0 {
		t.Errorf("Tashi's list shows %d records; he has made none", n)
	}
	if held := heldRecords(t, ts); len(held) != 0 {
		t.Errorf("after Tashi's syncs the server holds %v; Dolma's record went up under someone", held)
	}
	mustDo(t, ctx, "Tashi signs out, nothing waiting, no warning", chromedp.Click(chromedp.CSS("form.account button")))
	pollAcrossReloads(t, ctx, "wait until signed out", signedOut)

	signInAgain(t, ctx, ts, "dolma", "yak butter tea 2026", `.device-status[data-state="registered"]`)
	pollAcrossReloads(t, ctx, "wait until Dolma's record is sent", `document.querySelector(".outbox") &&
		document.querySelector(".outbox").dataset.syncState === "done" && document.querySelector(".outbox").dataset.waiting === "0"`)
	held := heldRecords(t, ts)
	if len(held) != 1 || held[0] != "dolma" {
		t.Errorf("the server holds records by %v, want Dolma's one consultation", held)
	}
}

// signedOut is true on the public start page a sign-out leads to.
const signedOut = `location.pathname === "/zh/" && document.readyState === "complete" && !document.querySelector("form.account")`

// heldRecords lists the author of every consultation the server holds.
func heldRecords(t *testing.T, ts *testServer) []string {
	t.Helper()
	st := openStoreOf(t, ts)
	defer st.Close()
	var authors []string
	for _, name := range []string{"dolma", "tashi"} {
		for range consultationsOf(t, st, name) {
			authors = append(authors, name)
		}
	}
	return authors
}
