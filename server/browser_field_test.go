package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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
	type stored struct{ ID, Token string }
	read := func() stored {
		t.Helper()
		raw := must(t, ctx, "read the stored device", chromedp.Evaluate[string](`localStorage.getItem("mingbai.device")`))
		var s stored
		if err := json.Unmarshal([]byte(raw), &s); err != nil || s.ID == "" || s.Token == "" {
			t.Fatalf("mingbai.device in localStorage = %q (%v), want {id, token}", raw, err)
		}
		return s
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
