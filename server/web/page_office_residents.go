package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

type residentsPage struct {
	formPage
	Notice    string
	Residents []store.ResidentRow
}

// residentForm is what the resident form shows: the stored account, or
// what the office typed when it must be corrected.
type residentForm struct {
	Username    string
	DisplayName string
	VillageID   string
	// The roster: appointed on, and the last day ("" while serving).
	AppointedOn, LeftOn string
}

type residentPage struct {
	formPage
	Notice   string
	Password string        // a one-time password, shown this once
	Resident *mingbai.User // nil on the form for a new resident
	Village  *mingbai.Village
	Form     residentForm
	Villages []store.VillageRow // the choices: active villages, and the resident's own
	Devices  []mingbai.Device
}

// PasswordFor names the account whose one-time password the page shows.
func (p residentPage) PasswordFor() string {
	if p.Resident == nil {
		return ""
	}
	return p.Resident.Username
}

// residentsList shows every resident with their village, whether they may
// sign in, and when a phone of theirs last reached the server.
func (s *server) residentsList(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	rows, err := s.store.Residents(c.Request().Context(), "")
	if err != nil {
		return err
	}
	p := residentsPage{formPage: s.newFormPage(c, l, "office.residents"), Residents: rows}
	p.Notice = s.noticeText(l, s.takeNotice(c))
	return s.render(c, http.StatusOK, "office_residents", p)
}

// residentInPath reads the language and the resident the path names, or
// ENOTFOUND: office accounts are not managed on these pages.
func (s *server) residentInPath(c echo.Context) (mingbai.Lang, *mingbai.User, error) {
	return s.accountInPath(c, mingbai.Resident)
}

// accountInPath reads the language and the account of role the path
// names; another role's is as good as unknown.
func (s *server) accountInPath(c echo.Context, role mingbai.Role) (mingbai.Lang, *mingbai.User, error) {
	l, err := pathLang(c)
	if err != nil {
		return "", nil, err
	}
	id, err := pathID(c, "id", "error.user_not_found")
	if err != nil {
		return "", nil, err
	}
	u, err := s.store.UserByID(c.Request().Context(), id)
	if err != nil {
		return "", nil, err
	}
	if u.Role != role {
		return "", nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.user_not_found", "%s is no %s", id, role)
	}
	return l, u, nil
}

// residentPageFor builds the form page for u, or for a new resident when
// u is nil, with the stored values in the form.
func (s *server) residentPageFor(c echo.Context, l mingbai.Lang, u *mingbai.User) (residentPage, error) {
	ctx := c.Request().Context()
	p := residentPage{formPage: s.newFormPage(c, l, "office.resident_new"), Resident: u}
	villages, err := s.store.Villages(ctx)
	if err != nil {
		return p, err
	}
	for _, v := range villages {
		if v.Active || (u != nil && v.ID == u.VillageID) {
			p.Villages = append(p.Villages, v)
		}
	}
	if u == nil {
		p.Form.AppointedOn = mingbai.TownshipDay(s.clock.Now())
		return p, nil
	}
	p.TitleID = "office.resident_edit"
	p.Form = residentForm{Username: u.Username, DisplayName: u.DisplayName, VillageID: u.VillageID,
		AppointedOn: u.AppointedOn, LeftOn: u.LeftOn}
	if p.Village, err = s.store.VillageByID(ctx, u.VillageID); err != nil {
		return p, err
	}
	p.Devices, err = s.store.DevicesOf(ctx, u.ID)
	return p, err
}

// residentFormFailed shows the form again with what was typed and why it
// was refused.
func (s *server) residentFormFailed(c echo.Context, l mingbai.Lang, u *mingbai.User, f residentForm, err error) error {
	status, msg, ok := s.formFailure(l, err)
	if !ok {
		return err
	}
	p, err := s.residentPageFor(c, l, u)
	if err != nil {
		return err
	}
	p.Form, p.Error = f, msg
	return s.render(c, status, "office_resident", p)
}

// residentNew shows the form for a new resident.
func (s *server) residentNew(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	p, err := s.residentPageFor(c, l, nil)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "office_resident", p)
}

// residentCreate adds a resident with a one-time password, shown once on
// the next page; they choose their own at the first sign-in.
func (s *server) residentCreate(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	f := residentForm{Username: strings.ToLower(formText(c, "username")), DisplayName: formText(c, "display_name"),
		VillageID: c.FormValue("village"), AppointedOn: c.FormValue("appointed_on")}
	u := &mingbai.User{Username: f.Username, DisplayName: f.DisplayName, Role: mingbai.Resident, VillageID: f.VillageID,
		MustChangePassword: true, AppointedOn: f.AppointedOn}
	if err := u.Validate(); err != nil {
		return s.residentFormFailed(c, l, nil, f, err)
	}
	password := auth.NewPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	ctx := s.auditing(c, "resident.add", u.Username, s.villageName(c.Request().Context(), u.VillageID))
	if err := s.store.CreateUser(ctx, u, hash); err != nil {
		return s.residentFormFailed(c, l, nil, f, err)
	}
	return s.done(c, officeLink(l, "residents", u.ID), notice{MessageID: "office.resident_added", Password: password, For: u.ID})
}

// residentEdit shows a resident's form, devices and account actions, and
// the one-time password once after a reset.
func (s *server) residentEdit(c echo.Context) error {
	l, u, err := s.residentInPath(c)
	if err != nil {
		return err
	}
	p, err := s.residentPageFor(c, l, u)
	if err != nil {
		return err
	}
	n := s.takeNotice(c)
	p.Notice = s.noticeText(l, n)
	if n.For == u.ID {
		p.Password = n.Password
	}
	return s.render(c, http.StatusOK, "office_resident", p)
}

// residentUpdate saves a resident's name, village and roster dates.
func (s *server) residentUpdate(c echo.Context) error {
	l, u, err := s.residentInPath(c)
	if err != nil {
		return err
	}
	f := residentForm{Username: u.Username, DisplayName: formText(c, "display_name"), VillageID: c.FormValue("village"),
		AppointedOn: formValueOr(c, "appointed_on", u.AppointedOn), LeftOn: formValueOr(c, "left_on", u.LeftOn)}
	changed := *u
	changed.DisplayName, changed.VillageID = f.DisplayName, f.VillageID
	changed.AppointedOn, changed.LeftOn = f.AppointedOn, f.LeftOn
	ctx := s.auditing(c, "resident.update", u.Username, s.villageName(c.Request().Context(), changed.VillageID))
	if err := s.store.UpdateUser(ctx, &changed); err != nil {
		return s.residentFormFailed(c, l, u, f, err)
	}
	return s.done(c, officeLink(l, "residents", u.ID), notice{MessageID: "office.saved"})
}

// residentResetPassword gives a resident a new one-time password and
// signs them out everywhere; their phones keep syncing.
func (s *server) residentResetPassword(c echo.Context) error {
	l, u, err := s.residentInPath(c)
	if err != nil {
		return err
	}
	return s.resetPassword(c, u, "resident.reset_password", officeLink(l, "residents", u.ID))
}

// resetPassword gives account u a new one-time password, audited as
// action, and shows it once on the page back leads to.
func (s *server) resetPassword(c echo.Context, u *mingbai.User, action, back string) error {
	password := auth.NewPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := s.store.ResetPassword(s.auditing(c, action, u.Username, ""), u.ID, hash); err != nil {
		return err
	}
	return s.done(c, back, notice{MessageID: "office.password_reset", Password: password, For: u.ID})
}

// residentSetActive deactivates a resident (their sessions and devices
// stop at once) or lets them sign in again.
func (s *server) residentSetActive(c echo.Context) error {
	l, u, err := s.residentInPath(c)
	if err != nil {
		return err
	}
	active, action, n, err := activation(c, "resident", "office.resident_activated", "office.resident_deactivated")
	if err != nil {
		return err
	}
	if err := s.store.SetUserActive(s.auditing(c, action, u.Username, ""), u.ID, active); err != nil {
		return err
	}
	return s.done(c, officeLink(l, "residents", u.ID), n)
}

// deviceRevoke stops one of a resident's phones from syncing.
func (s *server) deviceRevoke(c echo.Context) error {
	l, u, err := s.residentInPath(c)
	if err != nil {
		return err
	}
	deviceID, err := pathID(c, "device", "error.device_not_found")
	if err != nil {
		return err
	}
	name := deviceID // the log names the phone as the office's page does
	if devices, err := s.store.DevicesOf(c.Request().Context(), u.ID); err == nil {
		for _, d := range devices {
			if d.ID == deviceID {
				name = d.Name
			}
		}
	}
	if _, err := s.store.RevokeDevice(s.auditing(c, "device.revoke", u.Username, name), u.ID, deviceID); err != nil {
		return err
	}
	return s.done(c, officeLink(l, "residents", u.ID), notice{MessageID: "office.device_revoked"})
}

// villageName is a village's Chinese name for the audit log; the ID when
// it cannot be read, since the log line matters more than the name.
func (s *server) villageName(ctx context.Context, id string) string {
	if v, err := s.store.VillageByID(ctx, id); err == nil {
		return v.NameZH
	}
	return id
}

// noticeText is a notice's message in language l; empty for no notice.
func (s *server) noticeText(l mingbai.Lang, n notice) string {
	if n.MessageID == "" {
		return ""
	}
	return s.locale.T(l, n.MessageID, nil)
}
