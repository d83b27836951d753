package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
)

// Guessing passwords is limited without letting a stranger lock the real
// user out. A browser the account signed in on before carries a token
// (knownCookie) and is limited on its own: whatever a stranger tries, from
// anywhere, it still signs in. Other browsers are limited per account and
// address (the stranger's own tries), per account from anywhere, and per
// address (a spray over many accounts); behind a carrier's NAT a village
// shares one address, and only the browsers new to their accounts share
// its limit.

// knownCookie holds the token of a browser an account signed in on.
const knownCookie = "mingbai_known"

// knownFor is how long a browser stays known after a sign-in.
const knownFor = 365 * 24 * time.Hour

// loginLimits are the limiter keys of one sign-in try.
type loginLimits struct {
	known            bool
	pair, user, addr string
}

// limitsOf names the keys for a try at username from the request; u is
// the account (nil when there is none).
func (s *server) limitsOf(c echo.Context, username string, u *mingbai.User) loginLimits {
	ip := c.RealIP()
	if u != nil {
		if ck, err := c.Cookie(knownCookie); err == nil {
			if id, err := s.store.KnownBrowser(c.Request().Context(), auth.TokenHash(ck.Value)); err == nil && id == u.ID {
				return loginLimits{known: true, pair: "known:" + username}
			}
		}
	}
	return loginLimits{pair: "pair:" + username + "|" + ip, user: "user:" + username, addr: "ip:" + ip}
}

// blocked reports whether the try is past a limit.
func (s *server) blocked(k loginLimits) bool {
	if k.known {
		return s.pairs.Blocked(k.pair)
	}
	return s.pairs.Blocked(k.pair) || s.logins.Blocked(k.user) || s.addrs.Blocked(k.addr)
}

// failed counts a wrong password.
func (s *server) failed(k loginLimits) {
	s.pairs.Fail(k.pair)
	if !k.known {
		s.logins.Fail(k.user)
		s.addrs.Fail(k.addr)
	}
}

// rememberBrowser makes the browser that just signed in as u known to it.
func (s *server) rememberBrowser(c echo.Context, u *mingbai.User, k loginLimits) error {
	s.pairs.Reset(k.pair)
	if k.known {
		return nil
	}
	token := auth.NewToken()
	if err := s.store.RememberBrowser(c.Request().Context(), u.ID, auth.TokenHash(token)); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: knownCookie, Value: token, Path: "/", MaxAge: int(knownFor.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isSecure(c)})
	return nil
}
