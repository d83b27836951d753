package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
)

// The office's own accounts, on the desk as on the command line (mingbai
// user add, user reset): list, add, reset a password, deactivate. The
// last active office account cannot be deactivated (store.SetUserActive).

type officeAccountsPage struct {
	formPage
	Notice   string
	Accounts []mingbai.User
	// Password is a one-time password to show once, of the account
	// PasswordFor (its id until the list names it).
	Password, PasswordFor string
	Form                  struct{ Username, DisplayName string }
}

// officeAccounts lists the office's accounts, with the form to add one.
func (s *server) officeAccounts(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	n := s.takeNotice(c)
	return s.showOfficeAccounts(c, l, http.StatusOK, func(p *officeAccountsPage) {
		p.Notice, p.Password, p.PasswordFor = s.noticeText(l, n), n.Password, n.For
	})
}

func (s *server) showOfficeAccounts(c echo.Context, l mingbai.Lang, status int, fill func(*officeAccountsPage)) error {
	accounts, err := s.store.OfficeAccounts(c.Request().Context())
	if err != nil {
		return err
	}
	p := officeAccountsPage{formPage: s.newFormPage(c, l, "office.accounts"), Accounts: accounts}
	fill(&p)
	for _, a := range accounts {
		if a.ID == p.PasswordFor {
			p.PasswordFor = a.Username
		}
	}
	return s.render(c, status, "office_accounts", p)
}

// officeAccountCreate adds an office account with a one-time password.
func (s *server) officeAccountCreate(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	u := &mingbai.User{Username: strings.ToLower(formText(c, "username")), DisplayName: formText(c, "display_name"),
		Role: mingbai.Office, MustChangePassword: true}
	refuse := func(err error) error {
		status, msg, ok := s.formFailure(l, err)
		if !ok {
			return err
		}
		return s.showOfficeAccounts(c, l, status, func(p *officeAccountsPage) {
			p.Error, p.Form.Username, p.Form.DisplayName = msg, u.Username, u.DisplayName
		})
	}
	if err := u.Validate(); err != nil {
		return refuse(err)
	}
	password := auth.NewPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := s.store.CreateUser(s.auditing(c, "office.add", u.Username, ""), u, hash); err != nil {
		return refuse(err)
	}
	return s.done(c, officeLink(l, "accounts"), notice{MessageID: "office.account_added", Password: password, For: u.ID})
}

// officeAccountInPath reads the office account the path names.
func (s *server) officeAccountInPath(c echo.Context) (mingbai.Lang, *mingbai.User, error) {
	return s.accountInPath(c, mingbai.Office)
}

// officeAccountReset gives an office account a new one-time password.
func (s *server) officeAccountReset(c echo.Context) error {
	l, u, err := s.officeAccountInPath(c)
	if err != nil {
		return err
	}
	return s.resetPassword(c, u, "office.reset_password", officeLink(l, "accounts"))
}

// officeAccountSetActive deactivates an office account, or lets it sign in
// again; the last active one stays.
func (s *server) officeAccountSetActive(c echo.Context) error {
	l, u, err := s.officeAccountInPath(c)
	if err != nil {
		return err
	}
	active, action, n, err := activation(c, "office", "office.account_activated", "office.account_deactivated")
	if err != nil {
		return err
	}
	if err := s.store.SetUserActive(s.auditing(c, action, u.Username, ""), u.ID, active); err != nil {
		status, msg, ok := s.formFailure(l, err)
		if !ok {
			return err
		}
		return s.showOfficeAccounts(c, l, status, func(p *officeAccountsPage) { p.Error = msg })
	}
	return s.done(c, officeLink(l, "accounts"), n)
}
