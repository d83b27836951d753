package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// formPage is the data of a page with a form: the CSRF token, the
// signed-in account (if any) and a message to show.
type formPage struct {
	page
	CSRF  string
	User  *mingbai.User
	Error string
	// Invalid is the record field Error is about: its input is marked
	// aria-invalid and points at the message.
	Invalid  string
	Username string
	Next     string
}

func (s *server) newFormPage(c echo.Context, l mingbai.Lang, titleID string) formPage {
	tok, _ := c.Get(csrfKey).(string)
	return formPage{page: s.newPage(l, langFreePath(c), titleID), CSRF: tok, User: currentUser(c)}
}

// loginForm shows the sign-in form.
func (s *server) loginForm(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	p := s.newFormPage(c, l, "login.title")
	p.Next = safeNext(c.QueryParam("next"), "")
	return s.render(c, http.StatusOK, "login", p)
}

// loginSubmit checks a username and password. Failures are counted
// (login_limits.go); past a limit the try is refused for a while, with
// the same answer whether or not the account exists.
func (s *server) loginSubmit(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	username := strings.ToLower(strings.TrimSpace(c.FormValue("username")))
	// No account has a longer name: a longer one is tried, counted and
	// logged as its first MaxUsernameBytes, so it costs what a real one does.
	if len(username) > mingbai.MaxUsernameBytes {
		username = strings.ToValidUTF8(username[:mingbai.MaxUsernameBytes], "")
	}
	password := c.FormValue("password")
	p := s.newFormPage(c, l, "login.title")
	p.Username, p.Next = username, safeNext(c.FormValue("next"), "")
	u, hash, err := s.store.UserForLogin(ctx, username)
	if err != nil {
		if mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
			return err
		}
		u = nil
	}
	limits := s.limitsOf(c, username, u)
	if s.blocked(limits) {
		if err := s.store.AuditRepeated(ctx, store.AuditEntry{Action: "login.blocked", Target: username, Detail: c.RealIP()}, loginWindow); err != nil {
			return err
		}
		p.Error = s.locale.T(l, "error.login_blocked", nil)
		return s.render(c, http.StatusTooManyRequests, "login", p)
	}
	ok := false
	if u != nil && u.Active {
		if ok, err = auth.CheckPassword(hash, password); err != nil {
			return err
		}
	} else {
		auth.SpendLoginTime(password) // as slow as a real check: timing tells nothing
	}
	if !ok {
		s.failed(limits)
		if err := s.store.AuditRepeated(ctx, store.AuditEntry{Action: "login.fail", Target: username, Detail: c.RealIP()}, loginWindow); err != nil {
			return err
		}
		p.Error = s.locale.T(l, "error.login_failed", nil)
		return s.render(c, http.StatusUnauthorized, "login", p)
	}
	if err := s.rememberBrowser(c, u, limits); err != nil {
		return err
	}
	signIn := store.WithAudit(ctx, store.AuditEntry{ActorID: u.ID, Action: "login.ok", Target: u.Username, Detail: c.RealIP()})
	if err := s.startSession(signIn, c, u); err != nil {
		return err
	}
	if u.MustChangePassword {
		return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/account/password")
	}
	return c.Redirect(http.StatusSeeOther, safeNext(p.Next, homeOf(l, u)))
}

// logout ends the session.
func (s *server) logout(c echo.Context) error {
	l := s.requestLang(c)
	if u := currentUser(c); u != nil {
		// A phone signing out names its device (field-signout.js): its
		// token ends with the session.
		if err := s.store.SignOut(c.Request().Context(), u, c.FormValue("device")); err != nil {
			return err
		}
	}
	if err := s.endSession(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/")
}
