package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// fieldFormPage is the form for one kind of record. It is the same form
// online and offline: without JavaScript it posts to the server; with it,
// field-form.js keeps the record in the phone's outbox and syncs it.
type fieldFormPage struct {
	formPage
	Kind     mingbai.RecordKind
	Fields   []fieldInput
	RecordID string // a fresh id, so a form posted twice is stored once
	Date     string
	// DateIsToday is true when Date is only the default (today in the
	// township): the phone's script then puts its own day in.
	DateIsToday bool
	// Window is the server's window of record dates today; the phone's
	// script moves it to the phone's own day, so a form kept offline is
	// never capped at the day it was saved.
	Window     mingbai.DateWindow
	Supersedes string // the record this one corrects
	RefersTo   string // the record this follow-up or survey is about
	Kinds      []mingbai.RecordKind
}

// DaysBack and DaysAhead are the window's width around today, for the
// phone's script to draw the same window around the phone's own day.
func (fieldFormPage) DaysBack() int  { return mingbai.RecordDaysBack }
func (fieldFormPage) DaysAhead() int { return mingbai.RecordDaysAhead }

// fieldInput is one input of the form with its value and choices; its
// type, limits and whether it is required come from the kind's
// specification.
type fieldInput struct {
	mingbai.Field
	Value   string
	Checked map[string]bool // chosen materials
	Choices []choice
	Invalid bool // the field the form's error is about
}

// choice is one option of a select or one checkbox.
type choice struct {
	Value, Label string
	Lang         mingbai.Lang // the label's language, when it is content
}

// fieldForm shows the form for a kind; ?supersedes= fills it with the
// record it corrects, ?refers_to= starts a follow-up of one.
func (s *server) fieldForm(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	kind, err := mingbai.ParseRecordKind(c.Param("kind"))
	if err != nil {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.record_kind", "form for %q", c.Param("kind"))
	}
	values := url.Values{}
	p := fieldFormPage{formPage: s.newFormPage(c, l, "record_kind."+string(kind)), Kind: kind}
	if id := c.QueryParam("supersedes"); id != "" {
		old, err := s.ownRecord(c, id)
		if err != nil {
			return err
		}
		if old.Kind != kind {
			return mingbai.Errorf(mingbai.EINVALID, "error.record_link_kind", "correct a %s with a %s", old.Kind, kind)
		}
		p.Supersedes, p.Date = old.ID, old.Date
		values = fieldsAsValues(old.Fields)
	}
	spec, err := mingbai.SpecOf(kind)
	if err != nil {
		return err
	}
	if id := c.QueryParam("refers_to"); id != "" && spec.RefersTo != "" {
		old, err := s.ownRecord(c, id)
		if err != nil {
			return err
		}
		p.RefersTo = old.ID
	}
	return s.renderFieldForm(c, http.StatusOK, p, values)
}

// fieldCheckIn opens the attendance form for the training session whose
// QR code the resident scanned.
func (s *server) fieldCheckIn(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	t, err := s.store.TrainingSessionByCode(c.Request().Context(), strings.ToUpper(c.Param("code")))
	if err != nil {
		return err
	}
	p := fieldFormPage{formPage: s.newFormPage(c, l, "record_kind.attendance"), Kind: mingbai.Attendance, Date: t.HeldOn}
	return s.renderFieldForm(c, http.StatusOK, p, url.Values{"session_id": {t.ID}, "hours": {formatNumber(t.Hours)}})
}

// fieldRecordCreate stores a record posted by a form without JavaScript:
// the same checks as a sync push, the same record.
func (s *server) fieldRecordCreate(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return mingbai.Errorf(mingbai.EINVALID, "error.form_invalid", "form: %v", err)
	}
	kind, err := mingbai.ParseRecordKind(form.Get("kind"))
	if err != nil {
		return err
	}
	p := fieldFormPage{formPage: s.newFormPage(c, l, "record_kind."+string(kind)), Kind: kind, RecordID: form.Get("id"),
		Date: form.Get("date"), Supersedes: form.Get("supersedes"), RefersTo: form.Get("refers_to")}
	r := &mingbai.Record{ID: p.RecordID, Kind: kind, Date: p.Date, Supersedes: p.Supersedes, RefersTo: p.RefersTo}
	status, msg, invalid, err := s.pushFormRecord(c.Request().Context(), c, r, form, mingbai.RecordWindow(s.clock.Now()))
	if err != nil || status == http.StatusSeeOther {
		if err == nil {
			err = c.Redirect(http.StatusSeeOther, "/"+string(l)+"/field/records?saved="+r.ID)
		}
		return err
	}
	p.Error, p.Invalid = msg, invalid
	return s.renderFieldForm(c, status, p, form)
}

// pushFormRecord stores r, its fields from a posted form, as a push of
// one record does, with its date inside dates. It answers 303 when r is
// stored (or was already), else the status, the message for the form and
// the field it is about.
func (s *server) pushFormRecord(ctx context.Context, c echo.Context, r *mingbai.Record, form url.Values, dates mingbai.DateWindow) (int, string, string, error) {
	l, err := pathLang(c)
	if err != nil {
		return 0, "", "", err
	}
	now := s.clock.Now()
	item := store.PushItem{Record: r, Err: r.CheckEnvelope(dates)}
	if item.Err == nil {
		raw, _ := json.Marshal(mingbai.FormValues(r.Kind, func(name string) []string { return form[name] }))
		item.Values, r.Fields, item.Err = mingbai.DecodeFields(r.Kind, raw, now)
	}
	results, err := s.store.Push(ctx, currentUser(c), "", []store.PushItem{item})
	if err != nil {
		return 0, "", "", err
	}
	switch res := results[0]; res.Status {
	case store.Applied, store.Duplicate:
		return http.StatusSeeOther, "", "", nil
	case store.Conflict:
		return http.StatusConflict, s.locale.T(l, "error.record_conflict", nil), "", nil
	default:
		return statusOf[mingbai.ErrorCode(res.Err)], s.errorText(l, res.Err), mingbai.FieldOf(res.Err), nil
	}
}

// ownRecord returns a record of the signed-in resident; another's is as
// good as unknown to them.
func (s *server) ownRecord(c echo.Context, id string) (*mingbai.Record, error) {
	r, err := s.store.Record(c.Request().Context(), id)
	if err == nil && r.AuthorID != currentUser(c).ID {
		err = mingbai.Errorf(mingbai.ENOTFOUND, "error.record_not_found", "record %s of another resident", id)
	}
	return r, err
}

// renderFieldForm fills the form's inputs (values as typed or stored) and
// their choices, and shows it.
func (s *server) renderFieldForm(c echo.Context, status int, p fieldFormPage, values url.Values) error {
	ctx := c.Request().Context()
	p.Kinds = mingbai.RecordKinds
	now := s.clock.Now()
	p.Window = mingbai.RecordWindow(now)
	if p.Date == "" {
		p.Date, p.DateIsToday = mingbai.TownshipDay(now), true
	}
	if !mingbai.ValidUUID(p.RecordID) {
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		p.RecordID = id.String()
	}
	fields, err := s.recordInputs(ctx, p.page, p.Kind, values, p.Invalid)
	if err != nil {
		return err
	}
	p.Fields = fields
	return s.render(c, status, "field_form", p)
}

// recordInputs are the inputs of kind's form, filled with values (as typed
// or stored), with their choices in p's language: every field the kind's
// specification asks for.
func (s *server) recordInputs(ctx context.Context, p page, kind mingbai.RecordKind, values url.Values, invalid string) ([]fieldInput, error) {
	spec, err := mingbai.SpecOf(kind)
	if err != nil {
		return nil, err
	}
	var out []fieldInput
	for _, f := range spec.Fields {
		if f.NotAsked {
			continue
		}
		in := fieldInput{Field: f, Value: values.Get(f.Name), Checked: map[string]bool{}, Invalid: f.Name == invalid}
		for _, v := range values[f.Name] {
			in.Checked[v] = true
		}
		if in.Choices, err = s.fieldChoices(ctx, p, f); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

// fieldChoices lists the options of a select or checkbox group: fixed
// lists from the domain, or topics, training sessions and leaflets from
// the store, labelled in the page's language.
func (s *server) fieldChoices(ctx context.Context, p page, f mingbai.Field) ([]choice, error) {
	var out []choice
	switch f.Type {
	case mingbai.TypeChoice:
		for _, o := range f.Choices {
			out = append(out, choice{Value: o, Label: p.T("record_option." + f.Name + "." + o)})
		}
	case mingbai.TypeTopic, mingbai.TypeTopics:
		topics, err := s.store.Topics(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range topics {
			out = append(out, choice{Value: t.Slug, Label: t.Name(p.Lang)})
		}
	case mingbai.TypeCampaign:
		campaigns, err := s.store.Campaigns(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range campaigns {
			if c.Active {
				out = append(out, choice{Value: c.Slug, Label: c.Name(p.Lang)})
			}
		}
	case mingbai.TypeSession:
		sessions, err := s.store.TrainingSessions(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range sessions {
			out = append(out, choice{Value: t.ID, Label: t.HeldOn + " · " + t.Title})
		}
	case mingbai.TypeMaterials:
		ms, _, err := s.store.PublishedMaterials(ctx, store.MaterialFilter{Limit: 200})
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if t, _ := m.In(p.Lang); t != nil {
				out = append(out, choice{Value: m.Slug, Label: t.Title, Lang: t.Lang})
			}
		}
	}
	return out, nil
}

// fieldsAsValues turns stored fields back into form values, to correct.
func fieldsAsValues(raw []byte) url.Values {
	var fields map[string]any
	json.Unmarshal(raw, &fields)
	out := url.Values{}
	for k, v := range fields {
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok {
					out.Add(k, s)
				}
			}
		case float64:
			out.Set(k, formatNumber(v))
		case string:
			out.Set(k, v)
		}
	}
	return out
}
