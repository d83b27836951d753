package web

import (
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"mingbai/server/auth"
)

// noticeCookie names, for one browser, the notice its next page shows.
const noticeCookie = "mingbai_notice"

// noticeTTL is how long a notice waits for its page: a redirect follows
// at once, so minutes are plenty, and a one-time password must not linger.
const noticeTTL = 5 * time.Minute

// maxNotices bounds the memory notices take if browsers never come back
// for theirs; only the office makes them, so it is never reached in use.
const maxNotices = 1000

// notice is what a form's POST leaves for the page it redirects to
// (post-redirect-get): a message, and after creating a resident or
// resetting a password, the one-time password. It lives in memory, keyed by
// a random token in an HttpOnly cookie, so the password is shown once and
// never travels in a URL or a cookie, nor stays in the browser's history.
type notice struct {
	MessageID string
	Password  string // a one-time password to show once
	For       string // the account whose password it is
	expires   time.Time
}

// notices holds the notices waiting for their pages.
type notices struct {
	mu  sync.Mutex
	m   map[string]notice
	now func() time.Time
}

func newNotices(now func() time.Time) *notices {
	return &notices{m: map[string]notice{}, now: now}
}

// setNotice keeps n for this browser's next page.
func (s *server) setNotice(c echo.Context, n notice) {
	key := auth.NewToken()
	ns := s.notices
	ns.mu.Lock()
	now := ns.now()
	for k, old := range ns.m {
		if now.After(old.expires) || len(ns.m) >= maxNotices {
			delete(ns.m, k)
		}
	}
	n.expires = now.Add(noticeTTL)
	ns.m[key] = n
	ns.mu.Unlock()
	c.SetCookie(&http.Cookie{Name: noticeCookie, Value: key, Path: "/", MaxAge: int(noticeTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: isSecure(c)})
}

// takeNotice returns this browser's notice and forgets it, so a reload
// shows it no more; the zero notice when there is none.
func (s *server) takeNotice(c echo.Context) notice {
	ck, err := c.Cookie(noticeCookie)
	if err != nil {
		return notice{}
	}
	c.SetCookie(&http.Cookie{Name: noticeCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: isSecure(c)})
	ns := s.notices
	ns.mu.Lock()
	defer ns.mu.Unlock()
	n, ok := ns.m[ck.Value]
	delete(ns.m, ck.Value)
	if !ok || ns.now().After(n.expires) {
		return notice{}
	}
	return n
}
