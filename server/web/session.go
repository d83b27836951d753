package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
)

// sessionCookie carries a session token; the database keeps its hash.
const sessionCookie = "mingbai_session"

// Session lifetimes: the office works at a shared desk, so a day; a
// resident's own phone goes weeks without signal, so a month.
var sessionTTL = map[mingbai.Role]time.Duration{
	mingbai.Office:   12 * time.Hour,
	mingbai.Resident: 30 * 24 * time.Hour,
}

// userKey is where loadSession puts the signed-in account in the context.
const userKey = "user"

// loadSession finds the account of the request's session cookie, if any.
// It never rejects: routes decide with requireRole.
func (s *server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			u, err := s.store.SessionUser(c.Request().Context(), auth.TokenHash(ck.Value))
			if err == nil {
				c.Set(userKey, u)
			} else if mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
				return err
			}
		}
		// Signed-in pages are personal: never stored by a shared cache.
		c.Response().Header().Set("Cache-Control", "no-store")
		return next(c)
	}
}

// currentUser is the signed-in account, or nil.
func currentUser(c echo.Context) *mingbai.User {
	u, _ := c.Get(userKey).(*mingbai.User)
	return u
}

// requireRole lets a request through only for an account with one of the
// roles. Anonymous page requests go to the login page (and come back);
// anonymous API requests get 401; the wrong role gets 403. An account that
// must change its password may do nothing else first.
func (s *server) requireRole(roles ...mingbai.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := currentUser(c)
			if u == nil {
				if wantsJSON(c) {
					return mingbai.Errorf(mingbai.EUNAUTHORIZED, "error.sign_in_first", "no session")
				}
				l := s.requestLang(c)
				return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
			}
			if u.MustChangePassword && !strings.HasSuffix(c.Path(), "/account/password") {
				if wantsJSON(c) {
					return mingbai.Errorf(mingbai.EFORBIDDEN, "error.password_must_change", "%s must change the password", u.Username)
				}
				return c.Redirect(http.StatusSeeOther, "/"+string(s.requestLang(c))+"/account/password")
			}
			for _, r := range roles {
				if u.Role == r {
					return next(c)
				}
			}
			return mingbai.Errorf(mingbai.EFORBIDDEN, "error.forbidden", "%s may not %s %s", u.Role, c.Request().Method, c.Path())
		}
	}
}

// startSession signs u in on this browser.
func (s *server) startSession(ctx context.Context, c echo.Context, u *mingbai.User) error {
	token := auth.NewToken()
	ttl := sessionTTL[u.Role]
	if err := s.store.CreateSession(ctx, auth.TokenHash(token), u.ID, ttl); err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", MaxAge: int(ttl.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isSecure(c),
	})
	return nil
}

// endSession signs this browser out.
func (s *server) endSession(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		if err := s.store.DeleteSession(c.Request().Context(), auth.TokenHash(ck.Value)); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: isSecure(c)})
	return nil
}

// homeOf is where an account lands after signing in: the office's desk,
// or a resident's field page.
func homeOf(l mingbai.Lang, u *mingbai.User) string {
	if u.Role == mingbai.Office {
		return "/" + string(l) + "/office"
	}
	return "/" + string(l) + "/field"
}

// safeNext keeps a post-login redirect on this site: a path, never
// "//evil.example" or an absolute URL.
func safeNext(next string, fallback string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return fallback
	}
	return next
}
