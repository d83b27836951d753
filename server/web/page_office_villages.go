package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// villageForm is what a village form shows: the stored names, or what
// the office typed when it must be corrected.
type villageForm struct {
	NameZH string
	NameBO string
}

type villagesPage struct {
	formPage
	Notice   string
	Villages []store.VillageRow
	Village  *mingbai.Village // always nil: the page's form adds a village
	Form     villageForm
}

type villagePage struct {
	formPage
	Notice    string
	Village   *mingbai.Village
	Form      villageForm
	Residents []store.ResidentRow
}

func villageFormValues(c echo.Context) villageForm {
	return villageForm{NameZH: formText(c, "name_zh"), NameBO: formText(c, "name_bo")}
}

// villagesShow renders the list of villages with the form for a new one.
func (s *server) villagesShow(c echo.Context, l mingbai.Lang, status int, f villageForm, errMsg string) error {
	rows, err := s.store.Villages(c.Request().Context())
	if err != nil {
		return err
	}
	p := villagesPage{formPage: s.newFormPage(c, l, "office.villages"), Villages: rows, Form: f}
	p.Error = errMsg
	if status == http.StatusOK {
		p.Notice = s.noticeText(l, s.takeNotice(c))
	}
	return s.render(c, status, "office_villages", p)
}

// villagesList shows every village, its residents counted, and a form to
// add one.
func (s *server) villagesList(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	return s.villagesShow(c, l, http.StatusOK, villageForm{}, "")
}

// villageCreate adds a village.
func (s *server) villageCreate(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	f := villageFormValues(c)
	v := &mingbai.Village{NameZH: f.NameZH, NameBO: f.NameBO}
	if err := s.store.CreateVillage(s.auditing(c, "village.add", v.NameZH, v.NameBO), v); err != nil {
		status, msg, ok := s.formFailure(l, err)
		if !ok {
			return err
		}
		return s.villagesShow(c, l, status, f, msg)
	}
	return s.done(c, officeLink(l, "villages"), notice{MessageID: "office.village_added"})
}

// villageInPath reads the language and the village the path names, or
// ENOTFOUND.
func (s *server) villageInPath(c echo.Context) (mingbai.Lang, *mingbai.Village, error) {
	l, err := pathLang(c)
	if err != nil {
		return "", nil, err
	}
	id, err := pathID(c, "id", "error.village_unknown")
	if err != nil {
		return "", nil, err
	}
	v, err := s.store.VillageByID(c.Request().Context(), id)
	return l, v, err
}

// villageShow renders a village's form with its residents, so the office
// sees who is left in a village it deactivates.
func (s *server) villageShow(c echo.Context, l mingbai.Lang, status int, v *mingbai.Village, f villageForm, errMsg string) error {
	rows, err := s.store.Residents(c.Request().Context(), v.ID)
	if err != nil {
		return err
	}
	p := villagePage{formPage: s.newFormPage(c, l, "office.village_edit"), Village: v, Form: f, Residents: rows}
	p.Error = errMsg
	if status == http.StatusOK {
		p.Notice = s.noticeText(l, s.takeNotice(c))
	}
	return s.render(c, status, "office_village", p)
}

// villageEdit shows a village's names, residents and activation button.
func (s *server) villageEdit(c echo.Context) error {
	l, v, err := s.villageInPath(c)
	if err != nil {
		return err
	}
	return s.villageShow(c, l, http.StatusOK, v, villageForm{NameZH: v.NameZH, NameBO: v.NameBO}, "")
}

// villageUpdate renames a village.
func (s *server) villageUpdate(c echo.Context) error {
	l, v, err := s.villageInPath(c)
	if err != nil {
		return err
	}
	f := villageFormValues(c)
	changed := *v
	changed.NameZH, changed.NameBO = f.NameZH, f.NameBO
	detail := "" // a rename shows the old name, which older log lines use
	if v.NameZH != changed.NameZH {
		detail = v.NameZH + " → " + changed.NameZH
	}
	if err := s.store.UpdateVillage(s.auditing(c, "village.update", changed.NameZH, detail), &changed); err != nil {
		status, msg, ok := s.formFailure(l, err)
		if !ok {
			return err
		}
		return s.villageShow(c, l, status, v, f, msg)
	}
	return s.done(c, officeLink(l, "villages", v.ID), notice{MessageID: "office.saved"})
}

// villageSetActive deactivates a village (it takes no new residents; its
// residents stay, listed on its page) or activates it again.
func (s *server) villageSetActive(c echo.Context) error {
	l, v, err := s.villageInPath(c)
	if err != nil {
		return err
	}
	active, action, n, err := activation(c, "village", "office.village_activated", "office.village_deactivated")
	if err != nil {
		return err
	}
	if err := s.store.SetVillageActive(s.auditing(c, action, v.NameZH, ""), v.ID, active); err != nil {
		return err
	}
	return s.done(c, officeLink(l, "villages", v.ID), n)
}
