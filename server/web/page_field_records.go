package web

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

// fieldRecordsShown is how many of a resident's records the list shows.
const fieldRecordsShown = 200

type fieldRecordsPage struct {
	formPage
	Records []fieldRecordRow
	Saved   string // the id of a record just saved by a form post
	Kinds   []mingbai.RecordKind
}

// fieldRecordRow is one of the resident's records with what to show of it.
type fieldRecordRow struct {
	*mingbai.Record
	Gist string // the field that says what it was about
	// Starts are the kinds a resident may record about this one: a
	// follow-up of anything, a survey of an adopted rule.
	Starts []mingbai.RecordKind
}

// FieldsJSON is the record's fields as stored, for field-form.js to fill
// a correction made offline from the list kept on the phone.
func (r fieldRecordRow) FieldsJSON() string { return string(r.Fields) }

// fieldRecords lists the signed-in resident's records as the office has
// them, with their review states and the office's comments. The page's
// script adds, above them, what waits in this phone's outbox.
func (s *server) fieldRecords(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	rs, err := s.store.RecordsByAuthor(c.Request().Context(), currentUser(c).ID, fieldRecordsShown)
	if err != nil {
		return err
	}
	p := fieldRecordsPage{formPage: s.newFormPage(c, l, "field.records"), Saved: c.QueryParam("saved"),
		Kinds: mingbai.RecordKinds}
	for _, r := range rs {
		row := fieldRecordRow{Record: r, Gist: gist(p.page, r)}
		for _, spec := range mingbai.Kinds {
			if spec.About(r) {
				row.Starts = append(row.Starts, spec.Kind)
			}
		}
		p.Records = append(p.Records, row)
	}
	return s.render(c, http.StatusOK, "field_records", p)
}

// gist is the record's gist field (the kind's specification says which),
// a choice named in the page's language, a number with its label.
func gist(p page, r *mingbai.Record) string {
	spec, err := mingbai.SpecOf(r.Kind)
	if err != nil {
		return ""
	}
	var fields map[string]any
	json.Unmarshal(r.Fields, &fields)
	for _, f := range spec.Fields {
		if !f.Gist {
			continue
		}
		switch v := fields[f.Name].(type) {
		case string:
			if f.Type == mingbai.TypeChoice {
				return p.T("record_option." + f.Name + "." + v)
			}
			return v
		case float64:
			return p.T("record_field."+f.Name) + " " + formatNumber(v)
		}
	}
	return ""
}
