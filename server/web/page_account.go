package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
)

// passwordForm asks for the current password and a new one.
func (s *server) passwordForm(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "password", s.newFormPage(c, l, "password.title"))
}

// passwordSubmit changes the signed-in account's password, after a reset
// or a first one-time password above all.
func (s *server) passwordSubmit(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	u := currentUser(c)
	p := s.newFormPage(c, l, "password.title")
	fail := func(status int, msgID string) error {
		p.Error = s.locale.T(l, msgID, nil)
		return s.render(c, status, "password", p)
	}
	_, hash, err := s.store.UserForLogin(ctx, u.Username)
	if err != nil {
		return err
	}
	// The current password is guessed no faster here than at sign-in: a
	// session left open on a shared phone is not a way to find it.
	current := "current:" + u.ID
	if s.pairs.Blocked(current) {
		return fail(http.StatusTooManyRequests, "error.login_blocked")
	}
	if ok, err := auth.CheckPassword(hash, c.FormValue("current")); err != nil {
		return err
	} else if !ok {
		s.pairs.Fail(current)
		return fail(http.StatusBadRequest, "error.password_current_wrong")
	}
	s.pairs.Reset(current)
	next := c.FormValue("new")
	if next != c.FormValue("confirm") {
		return fail(http.StatusBadRequest, "error.password_mismatch")
	}
	if err := mingbai.ValidatePassword(next, u.Username); err != nil {
		return fail(http.StatusBadRequest, mingbai.ErrorMessageID(err))
	}
	newHash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	keep := ""
	if ck, err := c.Cookie(sessionCookie); err == nil {
		keep = auth.TokenHash(ck.Value)
	}
	if err := s.store.ChangePassword(ctx, u, newHash, keep); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, homeOf(l, u))
}
