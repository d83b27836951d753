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
}

// gistFields name, per kind, the field that best says what a record was
// about, to show in a list.
var gistFields = map[mingbai.RecordKind]string{
	mingbai.Consultation:   "summary",
	mingbai.Mediation:      "dispute_kind",
	mingbai.PromotionEvent: "place",
	mingbai.Attendance:     "hours",
	mingbai.RuleRevision:   "articles",
	mingbai.FollowUp:       "note",
}

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
		p.Records = append(p.Records, fieldRecordRow{Record: r, Gist: gist(p.page, r)})
	}
	return s.render(c, http.StatusOK, "field_records", p)
}

// gist is a record's gist field, its option named in the page's language.
func gist(p page, r *mingbai.Record) string {
	var fields map[string]any
	json.Unmarshal(r.Fields, &fields)
	name := gistFields[r.Kind]
	switch v := fields[name].(type) {
	case string:
		if name == "dispute_kind" {
			return p.T("record_option." + name + "." + v)
		}
		return v
	case float64:
		return p.T("record_field."+name) + " " + formatNumber(v)
	}
	return ""
}
