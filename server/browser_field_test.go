package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

var oneTimePassword = regexp.MustCompile(`one-time password \(must be changed at first sign-in\): (\S+)`)

// addResident creates a resident with `mingbai user add` against the
// running server's data and returns the one-time password it printed.
func addResident(t *testing.T, ts *testServer, username string) string {
	t.Helper()
	var out bytes.Buffer
	env := map[string]string{"MINGBAI_DATA": ts.DataDir}
	err := run(context.Background(), []string{"mingbai", "user", "add", "-role", "resident", "-username", username,
		"-name", "Dolma", "-village", "示例村"}, func(k string) string { return env[k] }, &out, io.Discard)
	if err != nil {
		t.Fatalf("user add: %v", err)
	}
	m := oneTimePassword.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("user add printed no password: %q", out.String())
	}
	return m[1]
}

// openStoreOf opens the server's database beside it, as a second
// process would; the caller closes it.
func openStoreOf(t *testing.T, ts *testServer) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(ts.DataDir, "mingbai.db"), ts.Clock)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// residentNamedIn reads a user of the server's database.
func residentNamedIn(t *testing.T, ts *testServer, username string) *mingbai.User {
	t.Helper()
	st := openStoreOf(t, ts)
	defer st.Close()
	return residentNamed(t, st, username)
}

// storedDevice is the phone's registration as device.js keeps it.
type storedDevice struct{ ID, Token, User string }

// readIndexedDB is a script that reads one value of the phone's field
// database: %s is the store, %s the key (JSON), null when absent.
const readIndexedDB = `new Promise((resolve, reject) => {
	const open = indexedDB.open("mingbai-field");
	open.onerror = () => reject(open.error);
	open.onsuccess = () => {
		const db = open.result;
		if (!db.objectStoreNames.contains(%[1]q)) return resolve("null");
		const get = db.transaction(%[1]q).objectStore(%[1]q).get(%[2]s);
		get.onsuccess = () => { resolve(JSON.stringify(get.result === undefined ? null : get.result)); db.close(); };
		get.onerror = () => reject(get.error);
	};
})`

// readStoredDevice reads the phone's registration; nil when it has none.
func readStoredDevice(t *testing.T, ctx context.Context) *storedDevice {
	t.Helper()
	raw := must(t, ctx, "read the stored device", chromedp.Evaluate[string](fmt.Sprintf(readIndexedDB, "meta", `"device"`),
		chromedp.EvalAwaitPromise))
	var d *storedDevice
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		t.Fatalf("stored device %q: %v", raw, err)
	}
	return d
}

// outboxItem is one item of the phone's outbox, as field-db.js keeps it.
type outboxItem struct {
	Record struct{ ID, Kind string }
	Owner  string
	SentAt int64
}

// readOutbox reads every item of the phone's outbox, of every resident.
func readOutbox(t *testing.T, ctx context.Context) []outboxItem {
	t.Helper()
	raw := must(t, ctx, "read the outbox", chromedp.Evaluate[string](`new Promise((resolve, reject) => {
		const open = indexedDB.open("mingbai-field");
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const db = open.result;
			if (!db.objectStoreNames.contains("outbox")) return resolve("[]");
			const all = db.transaction("outbox").objectStore("outbox").getAll();
			all.onsuccess = () => { resolve(JSON.stringify(all.result)); db.close(); };
			all.onerror = () => reject(all.error);
		};
	})`, chromedp.EvalAwaitPromise))
	var items []outboxItem
	if err := json.Unmarshal([]byte(raw), &items); err != nil {
		t.Fatalf("outbox %q: %v", raw, err)
	}
	return items
}

// TestBrowserRegistersResidentsPhone follows a resident's first sign-in
// on their phone: one-time password, their own password, then the field
// page, where the phone registers itself and keeps its token; a reload
// keeps the same registration, and the token opens the device API.
func TestBrowserRegistersResidentsPhone(t *testing.T) {
	ts := startBrowserServer(t, nil)
	password := addResident(t, ts, "dolma")
	ctx := newBrowser(t)

	mustDo(t, ctx, "sign in with the one-time password",
		chromedp.Navigate(ts.URL+"/zh/login"),
		chromedp.SendKeys(chromedp.ID("username"), "dolma"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.ID("current")),
	)
	mustDo(t, ctx, "choose a new password",
		chromedp.SendKeys(chromedp.ID("current"), password),
		chromedp.SendKeys(chromedp.ID("new"), "yak butter tea 2026"),
		chromedp.SendKeys(chromedp.ID("confirm"), "yak butter tea 2026"),
		chromedp.Submit(chromedp.ID("confirm")),
		chromedp.WaitVisible(chromedp.CSS(`.device-status[data-state="registered"]`)),
	)
	if got := locationPath(t, ctx); got != "/zh/field" {
		t.Errorf("after the password change the resident is at %q, want /zh/field", got)
	}
	if got, want := must(t, ctx, "read the status", chromedp.Text(chromedp.CSS(".device-status"))), "本机已登记，可以离线记录并同步。"; got != want {
		t.Errorf("device status: got %q, want %q", got, want)
	}
	read := func() storedDevice {
		t.Helper()
		d := readStoredDevice(t, ctx)
		if d == nil || d.ID == "" || d.Token == "" || d.User == "" {
			t.Fatalf("the phone's registration in IndexedDB = %+v, want {id, token, user}", d)
		}
		return *d
	}
	first := read()

	mustDo(t, ctx, "reload the field page",
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`.device-status[data-state="registered"]`)),
	)
	if again := read(); again != first {
		t.Errorf("a reload registered the phone again: %v, then %v", first, again)
	}
	if name := must(t, ctx, "read the device name", chromedp.Text(chromedp.CSS(".device-name"))); name == "" {
		t.Error("the page does not show the phone's name")
	}

	req, err := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+first.Token)
	if first.User != residentNamedIn(t, ts, "dolma").ID {
		t.Errorf("the registration names user %s, not dolma", first.User)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var me struct {
		User   struct{ Username string }
		Device struct{ ID string }
	}
	if err := json.NewDecoder(res.Body).Decode(&me); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/me with the stored token = %d (%v)", res.StatusCode, err)
	}
	if me.User.Username != "dolma" || me.Device.ID != first.ID {
		t.Errorf("me = %+v, want dolma on device %s", me, first.ID)
	}
}
