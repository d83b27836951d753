package main

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mingbai/server/internal/testclock"
)

// TestUserAddCommand creates the first office account from the command
// line, as the README says, and signs in with the printed password.
func TestUserAddCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "not-yet") // before the server's first start
	env := func(k string) string { return map[string]string{"MINGBAI_DATA": dir}[k] }
	var out bytes.Buffer
	err := runOn(t.Context(), testclock.New(t), []string{"mingbai", "user", "add", "-role", "office", "-username", "zhuren", "-name", "所长"}, env, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`one-time password .*: (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no password printed: %q", out.String())
	}
	err = runOn(t.Context(), testclock.New(t), []string{"mingbai", "user", "add", "-role", "office", "-username", "zhuren", "-name", "x"}, env, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "taken") {
		t.Errorf("adding the same username again = %v, want taken", err)
	}
	err = runOn(t.Context(), testclock.New(t), []string{"mingbai", "user", "add", "-role", "resident", "-username", "cuncun", "-name", "卓玛", "-village", "示例村"}, env, io.Discard, io.Discard)
	if err != nil {
		t.Errorf("adding a resident with a village: %v", err)
	}
	err = runOn(t.Context(), testclock.New(t), []string{"mingbai", "user", "add", "-role", "boss", "-username", "x1x", "-name", "x"}, env, io.Discard, io.Discard)
	if err == nil {
		t.Error("an unknown role was accepted")
	}
}

// TestUserResetCommand: an office that lost its password resets it on the
// command line; the printed one-time password signs in (and must be
// changed), the old one no longer does.
func TestUserResetCommand(t *testing.T) {
	ts := startServer(t, nil)
	oneTime := firstPassword(t, ts)
	env := func(k string) string { return map[string]string{"MINGBAI_DATA": ts.DataDir}[k] }
	var out bytes.Buffer
	if err := runOn(t.Context(), testclock.New(t), []string{"mingbai", "user", "reset", "-username", "office"}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`one-time password .*: (\S+)`).FindStringSubmatch(out.String())
	if m == nil || m[1] == oneTime {
		t.Fatalf("reset printed %q", out.String())
	}
	c := newClient(t, ts)
	if res := c.signIn(t, "office", oneTime); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old password signs in: %d", res.StatusCode)
	}
	if res := c.signIn(t, "office", m[1]); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/zh/account/password" {
		t.Errorf("the reset password = %d to %s, want the forced change", res.StatusCode, res.Header.Get("Location"))
	}
	err := runOn(t.Context(), testclock.New(t), []string{"mingbai", "user", "reset", "-username", "nobody"}, env, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "nobody") {
		t.Errorf("resetting an unknown account = %v", err)
	}
	ts.Stop(t)
	// The last office account is never deactivated, from here either.
	err = runOn(t.Context(), testclock.New(t), []string{"mingbai", "user", "deactivate", "-username", "office"}, env, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "last office") {
		t.Errorf("deactivating the last office account = %v, want refused", err)
	}
	out.Reset()
	if err := runOn(t.Context(), testclock.New(t), []string{"mingbai", "user", "list"}, env, &out, io.Discard); err != nil ||
		!regexp.MustCompile(`(?m)^office\s+active`).MatchString(out.String()) {
		t.Errorf("user list = %q, %v", out.String(), err)
	}
}

// TestFirstStartPrintsOneTimePassword: with no office account, the first
// start logs a one-time password once; the second start does not.
func TestFirstStartPrintsOneTimePassword(t *testing.T) {
	ts := startServer(t, nil)
	if !strings.Contains(ts.Log(), "created the office account") || !regexp.MustCompile(`password=\S{16}`).MatchString(ts.Log()) {
		t.Fatalf("first start did not log a one-time password:\n%s", ts.Log())
	}
	ts.Stop(t)
	again := startServer(t, map[string]string{"MINGBAI_DATA": ts.DataDir})
	if strings.Contains(again.Log(), "password=") {
		t.Errorf("second start logged a password again:\n%s", again.Log())
	}
}
