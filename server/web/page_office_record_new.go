package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// officeRecordPage is the office's form for its own work: the same inputs
// as a resident's (record_inputs, from the kind's specification), with
// where the work is booked (the township or a village) and a date as far
// back as the office's window (all of last year, for a paper ledger).
type officeRecordPage struct {
	formPage
	Kind      mingbai.RecordKind
	Kinds     []mingbai.RecordKind // the kinds the office records itself
	Fields    []fieldInput
	RecordID  string
	Date      string
	VillageID string // "" for the township's own
	Villages  []store.VillageRow
	Window    mingbai.DateWindow
}

// officeKinds are the kinds the office records at its desk: those that
// stand alone, not a resident's attendance nor a note on another record.
func officeKinds() []mingbai.RecordKind {
	var out []mingbai.RecordKind
	for _, spec := range mingbai.Kinds {
		if spec.RefersTo == "" && spec.OncePer == "" {
			out = append(out, spec.Kind)
		}
	}
	return out
}

func isOfficeKind(k mingbai.RecordKind) bool { return slices.Contains(officeKinds(), k) }

// officeRecordForm shows the form for ?kind=, or the kinds to choose from.
func (s *server) officeRecordForm(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	p := officeRecordPage{formPage: s.newFormPage(c, l, "office.record_new")}
	if k := c.QueryParam("kind"); k != "" {
		if p.Kind, err = mingbai.ParseRecordKind(k); err != nil || !isOfficeKind(p.Kind) {
			return mingbai.Errorf(mingbai.ENOTFOUND, "error.record_kind", "office form for %q", k)
		}
	}
	return s.renderOfficeRecordForm(c, http.StatusOK, p, url.Values{})
}

// officeRecordCreate stores the office's own record: the checks of a
// push, the office's date window, the booking it chose.
func (s *server) officeRecordCreate(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return mingbai.Errorf(mingbai.EINVALID, "error.form_invalid", "form: %v", err)
	}
	kind, err := mingbai.ParseRecordKind(form.Get("kind"))
	if err != nil || !isOfficeKind(kind) {
		return mingbai.Errorf(mingbai.EINVALID, "error.record_kind", "office record of kind %q", form.Get("kind"))
	}
	p := officeRecordPage{formPage: s.newFormPage(c, l, "office.record_new"), Kind: kind, RecordID: form.Get("id"),
		Date: form.Get("date"), VillageID: form.Get("village")}
	r := &mingbai.Record{ID: p.RecordID, Kind: kind, Date: p.Date, VillageID: p.VillageID}
	ctx := s.auditingOutcome(c, "record.office_create", r.ID, string(kind))
	status, msg, invalid, err := s.pushFormRecord(ctx, c, r, form, mingbai.OfficeRecordWindow(s.clock.Now()))
	if err != nil {
		return err
	}
	if status == http.StatusSeeOther {
		return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/office/records/"+r.ID)
	}
	p.Error, p.Invalid = msg, invalid
	return s.renderOfficeRecordForm(c, status, p, form)
}

func (s *server) renderOfficeRecordForm(c echo.Context, status int, p officeRecordPage, values url.Values) error {
	ctx := c.Request().Context()
	p.Kinds = officeKinds()
	now := s.clock.Now()
	p.Window = mingbai.OfficeRecordWindow(now)
	if p.Date == "" {
		p.Date = mingbai.TownshipDay(now)
	}
	if !mingbai.ValidUUID(p.RecordID) {
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		p.RecordID = id.String()
	}
	villages, err := s.store.Villages(ctx)
	if err != nil {
		return err
	}
	for _, v := range villages {
		if v.Active {
			p.Villages = append(p.Villages, v)
		}
	}
	if p.Kind != "" {
		if p.Fields, err = s.recordInputs(ctx, p.page, p.Kind, values, p.Invalid); err != nil {
			return err
		}
	}
	return s.render(c, status, "office_record_new", p)
}
