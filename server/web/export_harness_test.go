package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"mingbai/server/internal/testclock"
	"mingbai/server/mingbai"
)

// Helpers of the tests of the office's exports.

// exportFixture is a township whose figures over the last 60 days, and
// the 60 days before them, were counted by hand (see TestFiguresExport):
// two villages, records of every kind pushed from two residents' phones,
// a correction, a returned record, a referral the office closed and a
// village-rule revision it approved.
type exportFixture struct {
	a                  *testApp
	office             *browser
	villageA, villageB string
	from, to           string // the period: the last 60 days
	ids                map[string]string
}

// The free text the fixture's residents wrote, which a masked export
// must not hold.
const (
	fixtureSummary = "草场承包到期后怎么续签"
	fixtureNote    = "已回访，已续签"
	fixtureReason  = "移风易俗，禁止高额彩礼"
	fixturePlace   = "乡集市"
	fixtureComment = "请写清问题，不写姓名"
)

// newExportFixture builds the fixture at 02:00 in the township, on the day
// the tests run (testclock.Start): the hour at which a UTC "today" would
// be yesterday there, so a figure counted by the wrong day shows.
func newExportFixture(t *testing.T) *exportFixture {
	t.Helper()
	day := testclock.Start(t).In(mingbai.Township)
	twoAM := time.Date(day.Year(), day.Month(), day.Day(), 2, 0, 0, 0, mingbai.Township)
	a, office, villageA := officeAppOn(t, newTestAppAt(t, twoAM))
	fx := &exportFixture{a: a, office: office, villageA: villageA, villageB: a.village(t, "乙村", true),
		from: a.daysAgo(59), to: a.daysAgo(0), ids: map[string]string{}}
	dolkar, tashi := a.phone(t, "dolkar"), a.phone(t, "tashi")
	dolkar.user.DisplayName = "卓玛"
	if err := a.store.UpdateUser(t.Context(), dolkar.user); err != nil {
		t.Fatal(err)
	}
	tashi.user.DisplayName = "扎西"
	tashi.moveTo(t, fx.villageB)
	session := &mingbai.TrainingSession{Title: "人民调解实务培训", HeldOn: a.daysAgo(1), Hours: 3}
	old := &mingbai.TrainingSession{Title: "民法典培训", HeldOn: a.daysAgo(70), Hours: 2}
	for _, s := range []*mingbai.TrainingSession{session, old} {
		if err := a.store.CreateTrainingSession(t.Context(), "", s); err != nil {
			t.Fatal(err)
		}
	}
	push := func(p *phone, name string, kind mingbai.RecordKind, ago int, fields string, link ...string) {
		t.Helper()
		fx.ids[name] = uuid.NewString()
		links := ""
		if len(link) > 0 && kind == mingbai.FollowUp {
			links = fmt.Sprintf(`, "refers_to": %q`, fx.ids[link[0]])
		} else if len(link) > 0 {
			links = fmt.Sprintf(`, "supersedes": %q`, fx.ids[link[0]])
		}
		p.pushApplied(t, batch(fmt.Sprintf(`{"id": %q, "kind": %q, "date": %q%s, "fields": %s}`,
			fx.ids[name], kind, a.daysAgo(ago), links, fields)))
	}
	event := func(audience string, people, bo, zh int, topic ...string) string {
		on := ""
		if len(topic) > 0 {
			on = fmt.Sprintf(`, "topic": %q, "event_form": "school_lesson", "venue": "school", "leaflets_bilingual": 12`, topic[0])
		}
		return fmt.Sprintf(`{"place": %q, "audience": %q, "people_reached": %d, "leaflets_bo": %d, "leaflets_zh": %d%s}`,
			fixturePlace, audience, people, bo, zh, on)
	}
	consult := func(topic, group, outcome string) string {
		return fmt.Sprintf(`{"topic": %q, "asker_group": %q, "channel": "phone", "summary": %q, "outcome": %q}`,
			topic, group, fixtureSummary, outcome)
	}
	mediation := func(kind, outcome string) string {
		return fmt.Sprintf(`{"dispute_kind": %q, "parties": 2, "outcome": %q, "summary": %q}`, kind, outcome, fixtureSummary)
	}
	push(dolkar, "E0", mingbai.PromotionEvent, 80, event("general", 20, 10, 10))
	push(dolkar, "E1", mingbai.PromotionEvent, 10, event("herder", 100, 60, 40))
	push(dolkar, "E2", mingbai.PromotionEvent, 20, event("general", 50, 0, 50))
	push(dolkar, "E2c", mingbai.PromotionEvent, 20, event("general", 55, 5, 50), "E2")
	push(tashi, "E3", mingbai.PromotionEvent, 5, event("student", 30, 30, 0, "telecom-fraud"))
	push(dolkar, "C0", mingbai.Consultation, 90, consult("marriage-family", "herder", "answered"))
	push(dolkar, "C1", mingbai.Consultation, 3, consult("marriage-family", "herder", "answered"))
	push(dolkar, "C2", mingbai.Consultation, 4, consult("marriage-family", "elderly", "referred"))
	push(dolkar, "C3", mingbai.Consultation, 6, consult("telecom-fraud", "student", "answered"))
	push(tashi, "C4", mingbai.Consultation, 7, consult("telecom-fraud", "migrant_worker", "mediation_started"))
	push(dolkar, "M1", mingbai.Mediation, 8, mediation("homestead", "agreement"))
	push(tashi, "M2", mingbai.Mediation, 9, mediation("labour_contract", "referred"))
	push(dolkar, "R1", mingbai.RuleRevision, 11, fmt.Sprintf(
		`{"articles": "第三条", "text_zh": "禁止索要高额彩礼", "reason": %q, "votes_for": 0, "votes_against": 0, "votes_abstain": 0}`,
		fixtureReason))
	push(dolkar, "F1", mingbai.FollowUp, 2, fmt.Sprintf(`{"note": %q}`, fixtureNote), "C1")
	push(dolkar, "A1", mingbai.Attendance, 1, fmt.Sprintf(`{"session_id": %q, "hours": 2.5}`, session.ID))
	for _, review := range []struct{ name, action, comment string }{
		{"C2", "accept", ""}, {"C2", "close", "已调解结案"}, {"C3", "return", fixtureComment}, {"R1", "approve", ""},
	} {
		rec := office.post(t, "/zh/office/records/"+fx.ids[review.name]+"/review",
			url.Values{"action": {review.action}, "comment": {review.comment}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("%s %s = %d: %.300s", review.action, review.name, rec.Code, rec.Body.String())
		}
	}
	return fx
}

// period is the query of the fixture's period for the figures.
func (fx *exportFixture) period() string {
	return "period=range&from=" + fx.from + "&to=" + fx.to
}

// download checks an export's answer: its status, type and file name.
func download(t *testing.T, rec *httptest.ResponseRecorder, contentType, filename string) []byte {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("export = %d, want 200: %.400s", rec.Code, rec.Body.String())
	}
	if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, contentType) {
		t.Errorf("Content-Type = %q, want %s", got, contentType)
	}
	if got, want := rec.Header().Get("Content-Disposition"), "attachment; filename="+filename; got != want {
		t.Errorf("Content-Disposition = %q, want %q", got, want)
	}
	return rec.Body.Bytes()
}

// readCSV reads a CSV export as Excel would: it must start with a UTF-8
// byte-order mark and end its lines with CRLF.
func readCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(body, []byte("\uFEFF"))
	if !ok {
		t.Fatalf("CSV does not start with a byte-order mark: %q", body[:min(len(body), 20)])
	}
	if n := bytes.Count(rest, []byte("\n")); n == 0 || bytes.Count(rest, []byte("\r\n")) != n {
		t.Errorf("CSV has %d lines, %d of them ending in CRLF", n, bytes.Count(rest, []byte("\r\n")))
	}
	// Blank lines part a CSV's tables; a csv.Reader skips them, so they
	// come back here as empty rows.
	r := csv.NewReader(bytes.NewReader(rest))
	r.FieldsPerRecord = -1
	var rows [][]string
	for last := 0; ; {
		row, err := r.Read()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		line, _ := r.FieldPos(0)
		for ; last+1 < line; last++ {
			rows = append(rows, nil)
		}
		rows = append(rows, row)
		last = bytes.Count(rest[:r.InputOffset()], []byte("\n"))
	}
}

// readXLSX opens an XLSX export with excelize, as the office's Excel would.
func readXLSX(t *testing.T, body []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetRows reads one sheet of a workbook.
func sheetRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %q: %v (sheets: %v)", sheet, err, f.GetSheetList())
	}
	return rows
}

// isBold reports whether a cell's font is bold.
func isBold(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st.Font != nil && st.Font.Bold
}

// isNumber reports whether a cell holds a number, not text.
func isNumber(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset
}
