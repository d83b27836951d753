package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"mingbai/server/locale"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// todayFile is today in the township on the app's clock, as export file
// names carry it.
func (a *testApp) todayFile() string { return a.clock.Now().In(mingbai.Township).Format("20060102") }

// lastAudit is the newest audit entry of action.
func lastAudit(t *testing.T, a *testApp, action string) store.AuditEntry {
	t.Helper()
	log, err := a.store.AuditLog(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Action == action {
			return e
		}
	}
	t.Fatalf("no %s in the audit log", action)
	return store.AuditEntry{}
}

// recordRows maps each row of a records export to its record's name in
// the fixture, as header → value.
func (fx *exportFixture) recordRows(t *testing.T, rows [][]string) map[string]map[string]string {
	t.Helper()
	if len(rows) == 0 {
		t.Fatal("no header")
	}
	names := map[string]string{}
	for name, id := range fx.ids {
		names[id] = name
	}
	out := map[string]map[string]string{}
	for _, r := range rows[1:] {
		cells := map[string]string{}
		for i, h := range rows[0] {
			if i < len(r) {
				cells[h] = r[i]
			}
		}
		out[names[r[0]]] = cells
	}
	return out
}

// inPeriod are the fixture's current records of the last 60 days: E2 was
// corrected by E2c; C3 is returned, and still a record.
var inPeriod = []string{"E1", "E2c", "E3", "C1", "C2", "C3", "C4", "M1", "M2", "R1", "F1", "A1"}

// personal is what a masked export must not hold: the residents' names,
// what they wrote in their own words, and the office's comments.
var personal = []string{"卓玛", "扎西", fixtureSummary, fixtureNote, fixtureReason, fixturePlace, fixtureComment}

func TestRecordsExport(t *testing.T) {
	fx := newExportFixture(t)
	a := fx.a
	zh := func(id string) string { return a.locale.T(mingbai.Chinese, id, nil) }
	inRange := "?from=" + fx.from + "&to=" + fx.to

	t.Run("masked CSV: every record matching, names masked, no free text", func(t *testing.T) {
		rec := fx.office.send(t, http.MethodGet, "/zh/office/records/export.csv"+inRange, nil)
		body := download(t, rec, "text/csv; charset=utf-8", "mingbai-records-"+fx.a.todayFile()+".csv")
		for _, p := range personal {
			if strings.Contains(string(body), p) {
				t.Errorf("masked export holds %q", p)
			}
		}
		rows := readCSV(t, body)
		for _, h := range []string{"record_field.summary", "record_field.note", "record_field.reason", "record_field.place",
			"record_field.text_zh", "office.record_review_comment"} {
			if slices.Contains(rows[0], zh(h)) {
				t.Errorf("masked export has a column %q", zh(h))
			}
		}
		got := fx.recordRows(t, rows)
		if len(rows) != len(inPeriod)+1 {
			t.Errorf("%d records, want %d", len(rows)-1, len(inPeriod))
		}
		for _, name := range inPeriod {
			if got[name] == nil {
				t.Errorf("%s is not exported", name)
			}
		}
		checks := []struct{ name, column, want string }{
			{"C1", "office.resident", "卓*"},
			{"C1", "office.record_kind", "法律咨询"},
			{"C1", "record_field.topic", "婚姻家庭"},
			{"C1", "record_field.asker_group", "牧民"},
			{"C2", "office.record_state", "已办结"},
			{"C3", "office.record_state", "已退回修改"},
			{"E3", "office.resident", "扎*"},
			{"E3", "office.village", "乙村"},
			{"E2c", "record_field.people_reached", "55"},
			{"A1", "record_field.session_id", "人民调解实务培训"},
			{"A1", "record_field.hours", "2.5"},
			{"F1", "office.record_refers_to", fx.ids["C1"]},
			{"R1", "record_field.articles", ""},  // typed text: not in a masked export
			{"R1", "record_field.votes_for", ""}, // no meeting yet: no votes
		}
		for _, c := range checks {
			if v := got[c.name][zh(c.column)]; v != c.want {
				t.Errorf("%s's %s = %q, want %q", c.name, zh(c.column), v, c.want)
			}
		}
		if !a.hasAudit(t, "export.records", "csv") {
			t.Error("the export is not in the audit log")
		}
		if d := lastAudit(t, a, "export.records").Detail; !strings.Contains(d, "from="+fx.from) || !strings.Contains(d, "rows=12") {
			t.Errorf("audit detail = %q, want the filter and the count", d)
		}
	})

	t.Run("one kind: its columns only", func(t *testing.T) {
		rec := fx.office.send(t, http.MethodGet, "/zh/office/records/export.csv"+inRange+"&kind=consultation", nil)
		rows := readCSV(t, download(t, rec, "text/csv", "mingbai-records-"+fx.a.todayFile()+".csv"))
		if len(rows) != 5 || !slices.Contains(rows[0], zh("record_field.channel")) ||
			slices.Contains(rows[0], zh("record_field.dispute_kind")) {
			t.Errorf("consultations: %d rows, columns %v", len(rows), rows[0])
		}
	})

	t.Run("masked XLSX", func(t *testing.T) {
		rec := fx.office.send(t, http.MethodGet, "/zh/office/records/export.xlsx"+inRange+"&village="+fx.villageB, nil)
		f := readXLSX(t, download(t, rec, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"mingbai-records-"+fx.a.todayFile()+".xlsx"))
		rows := sheetRows(t, f, "records")
		got := fx.recordRows(t, rows)
		if len(rows) != 4 || got["E3"] == nil || got["C4"] == nil || got["M2"] == nil {
			t.Fatalf("乙村's records: %v", rows)
		}
		people := slices.Index(rows[0], zh("record_field.people_reached"))
		for i, r := range rows {
			if got := fx.recordRows(t, [][]string{rows[0], r}); got["E3"] != nil {
				cell := string(rune('A'+people)) + string(rune('1'+i))
				if !isNumber(t, f, "records", cell) || r[people] != "30" {
					t.Errorf("E3's people reached %s = %q, want the number 30", cell, r[people])
				}
			}
		}
		if !isBold(t, f, "records", "A1") || isBold(t, f, "records", "A2") {
			t.Error("the header is not bold, or a record is")
		}
		for _, r := range rows {
			for _, p := range personal {
				if strings.Contains(strings.Join(r, "|"), p) {
					t.Errorf("masked workbook holds %q", p)
				}
			}
		}
	})

	t.Run("a link cannot unmask", func(t *testing.T) {
		rec := fx.office.send(t, http.MethodGet, "/zh/office/records/export.csv"+inRange+
			"&unmasked=1&reason=audit&confirm=1&format=xlsx", nil)
		body := string(download(t, rec, "text/csv", "mingbai-records-"+fx.a.todayFile()+".csv"))
		if strings.Contains(body, "卓玛") || strings.Contains(body, fixtureSummary) {
			t.Error("GET with unmasked=1 exported names or free text")
		}
	})

	unmasked := func(format string) url.Values {
		return url.Values{"format": {format}, "unmasked": {"1"}, "reason": {"县司法局年度检查"}, "confirm": {"1"},
			"from": {fx.from}, "to": {fx.to}}
	}
	t.Run("unmasked by the form, with a reason", func(t *testing.T) {
		rec := fx.office.post(t, "/zh/office/records/export", unmasked("xlsx"))
		f := readXLSX(t, download(t, rec, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"mingbai-records-unmasked-"+fx.a.todayFile()+".xlsx"))
		rows := sheetRows(t, f, "records")
		got := fx.recordRows(t, rows)
		checks := []struct{ name, column, want string }{
			{"C1", "office.resident", "卓玛"},
			{"C1", "record_field.summary", fixtureSummary},
			{"C3", "office.record_review_comment", fixtureComment},
			{"F1", "record_field.note", fixtureNote},
			{"R1", "record_field.reason", fixtureReason},
			{"E1", "record_field.place", fixturePlace},
			{"E3", "office.resident", "扎西"},
		}
		for _, c := range checks {
			if v := got[c.name][zh(c.column)]; v != c.want {
				t.Errorf("%s's %s = %q, want %q", c.name, zh(c.column), v, c.want)
			}
		}
		e := lastAudit(t, a, "export.records_unmasked")
		if e.Target != "xlsx" || !strings.Contains(e.Detail, `reason="县司法局年度检查"`) || !strings.Contains(e.Detail, "rows=12") {
			t.Errorf("audit entry = %+v, want the reason and the count", e)
		}
	})

	t.Run("free text cannot run as a formula", func(t *testing.T) {
		p := a.phone(t, "dorje")
		p.pushApplied(t, batch(a.pushed(uuid.NewString(), mingbai.Consultation,
			`{"topic": "minors", "asker_group": "student", "channel": "phone", "summary": "=HYPERLINK(\"http://x\")", "outcome": "answered"}`)))
		rec := fx.office.post(t, "/zh/office/records/export", unmasked("csv"))
		rows := readCSV(t, download(t, rec, "text/csv", "mingbai-records-unmasked-"+fx.a.todayFile()+".csv"))
		col := slices.Index(rows[0], zh("record_field.summary"))
		found := false
		for _, r := range rows {
			if strings.Contains(r[col], "HYPERLINK") {
				found = true
				if !strings.HasPrefix(r[col], "'=") {
					t.Errorf("summary written as %q, want it quoted as text", r[col])
				}
			}
		}
		if !found {
			t.Error("the record is not exported")
		}
	})

	t.Run("the form refuses what it must", func(t *testing.T) {
		for _, c := range []struct {
			name, drop, set, value string
			want                   int
			msgID                  string
		}{
			{"no reason", "reason", "", "", 400, "error.export_reason"},
			{"blank reason", "", "reason", "   ", 400, "error.export_reason"},
			{"reason too long", "", "reason", strings.Repeat("检", maxExportReason+1), 400, "error.export_reason"},
			{"not confirmed", "confirm", "", "", 400, "error.export_confirm"},
			{"not asked unmasked", "unmasked", "", "", 400, "error.bad_request"},
			{"no format", "format", "", "", 400, "error.export_format"},
			{"a bad filter", "", "kind", "gossip", 400, "error.record_kind"},
		} {
			form := unmasked("csv")
			form.Del(c.drop)
			if c.set != "" {
				form.Set(c.set, c.value)
			}
			rec := fx.office.post(t, "/zh/office/records/export", form)
			if rec.Code != c.want || !strings.Contains(rec.Body.String(), zh(c.msgID)) {
				t.Errorf("%s = %d, want %d with %q", c.name, rec.Code, c.want, zh(c.msgID))
			}
		}
		form := unmasked("csv")
		rec := fx.office.send(t, http.MethodPost, "/zh/office/records/export", form) // no _csrf
		if rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), "卓玛") {
			t.Errorf("without a CSRF token = %d, want 403", rec.Code)
		}
	})

	t.Run("only the office", func(t *testing.T) {
		a.addAccount(t, "lhamo", mingbai.Resident)
		resident, anon := a.browser(), a.browser()
		resident.login(t, "lhamo", testPassword)
		anon.csrf(t)
		for _, w := range []struct {
			name string
			b    *browser
			want int
		}{{"resident", resident, http.StatusForbidden}, {"anonymous", anon, http.StatusSeeOther}} {
			for what, rec := range map[string]*httptest.ResponseRecorder{
				"records CSV":      w.b.send(t, http.MethodGet, "/zh/office/records/export.csv", nil),
				"records unmasked": w.b.post(t, "/zh/office/records/export", unmasked("csv")),
				"figures XLSX":     w.b.send(t, http.MethodGet, "/zh/office/figures/export.xlsx", nil),
			} {
				if rec.Code != w.want || strings.Contains(rec.Body.String(), "卓") {
					t.Errorf("%s as %s = %d, want %d", what, w.name, rec.Code, w.want)
				}
				if w.want == http.StatusSeeOther && !strings.HasPrefix(rec.Header().Get("Location"), "/zh/login") {
					t.Errorf("%s as %s goes to %q, want the login page", what, w.name, rec.Header().Get("Location"))
				}
			}
		}
	})

	t.Run("every label in every language", func(t *testing.T) {
		for _, l := range mingbai.InterfaceLangs {
			rec := fx.office.post(t, "/"+string(l)+"/office/records/export", unmasked("csv"))
			body := string(download(t, rec, "text/csv", "mingbai-records-unmasked-"+fx.a.todayFile()+".csv"))
			if i := strings.Index(body, locale.Missing); i >= 0 {
				t.Errorf("%s export lacks a message: %s", l, body[i:min(len(body), i+60)])
			}
		}
	})
}
