package web

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"mingbai/server/mingbai"
)

// TestAStrangerCannotLockTheOfficeOut: a stranger tries hundreds of
// passwords for the office's account, from its own address, from many,
// and from the village's shared (NAT) address. The office's browser, which
// signed in before, still signs in with the right password from that
// same address; the stranger's browser is refused; a known browser's own
// wrong guesses are limited as well, and so are guesses of the current
// password in the change form.
func TestAStrangerCannotLockTheOfficeOut(t *testing.T) {
	a := newTestApp(t)
	a.addAccount(t, "clerk", mingbai.Office)
	const shared = "203.0.113.20:4000" // a carrier's NAT: the office and the stranger
	office := a.browser()
	office.remote = shared
	if rec := office.login(t, "clerk", testPassword); rec.Code != http.StatusSeeOther {
		t.Fatalf("the office's first sign-in = %d", rec.Code)
	}
	office.post(t, "/zh/logout", nil)

	stranger := a.browser()
	for i := range 300 {
		stranger.remote = fmt.Sprintf("198.51.100.%d:5000", i%30) // thirty addresses
		if i%3 == 0 {
			stranger.remote = shared
		}
		stranger.login(t, "clerk", fmt.Sprintf("guess %d", i))
	}
	stranger.remote = shared
	if rec := stranger.login(t, "clerk", testPassword); rec.Code != http.StatusTooManyRequests {
		t.Errorf("the stranger's browser, even with the right password, = %d, want 429 after its guesses", rec.Code)
	}
	if rec := office.login(t, "clerk", testPassword); rec.Code != http.StatusSeeOther {
		t.Fatalf("the office's own browser, after a stranger's 300 guesses from its address, = %d, want signed in", rec.Code)
	}
	office.post(t, "/zh/logout", nil)

	for i := range maxLoginFailures {
		office.login(t, "clerk", fmt.Sprintf("own guess %d", i))
	}
	if rec := office.login(t, "clerk", testPassword); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a known browser past its own %d wrong guesses = %d, want 429", maxLoginFailures, rec.Code)
	}

	// The change form's current password, from a session left open.
	a.addAccount(t, "typist", mingbai.Office)
	open := a.browser()
	open.remote = "192.0.2.50:1000"
	if rec := open.login(t, "typist", testPassword); rec.Code != http.StatusSeeOther {
		t.Fatalf("typist signs in = %d", rec.Code)
	}
	change := func(current string) int {
		return open.post(t, "/zh/account/password", url.Values{"current": {current}, "new": {"a new long password 2026"},
			"confirm": {"a new long password 2026"}}).Code
	}
	for i := range maxLoginFailures {
		change(fmt.Sprintf("guess %d", i))
	}
	if code := change(testPassword); code != http.StatusTooManyRequests {
		t.Errorf("the current password after %d wrong guesses = %d, want 429", maxLoginFailures, code)
	}
}
