package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/uuid"

	"mingbai/server/internal/testrecords"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// officeRecordForm is a filled office form for kind, booked to village
// ("" for the township) on day.
func officeRecordForm(t *testing.T, a *testApp, kind mingbai.RecordKind, village, day string) url.Values {
	t.Helper()
	form := url.Values(testrecords.Form(kind, testrecords.Refs{Topic: "marriage-family", Material: "bride-price", Day: day}))
	form.Set("kind", string(kind))
	form.Set("date", day)
	form.Set("village", village)
	form.Set("id", uuid.NewString())
	return form
}

// TestOfficeRecordsItsOwnWork: the office enters its own consultations,
// mediations and events at the desk, booked to the township or a village,
// dated back to the start of last year; the figures count them with the
// residents' and say how many were the office's.
func TestOfficeRecordsItsOwnWork(t *testing.T) {
	a := newTestApp(t)
	a.phone(t, "dolkar").push(t, a.fixture(t, "push_mixed.json")) // a resident's: one event, one consultation, one mediation
	office := a.officeBrowser(t)
	village := a.village(t, "上村", true)

	doc := office.page(t, "/zh/office/records/new", http.StatusOK)
	var kinds []string
	doc.Find("ul.kinds a").Each(func(_ int, s *goquery.Selection) { kinds = append(kinds, s.AttrOr("href", "")) })
	if joined := strings.Join(kinds, " "); !strings.Contains(joined, "kind=mediation") || strings.Contains(joined, "kind=attendance") ||
		strings.Contains(joined, "kind=followup") {
		t.Errorf("the office may record %q: want mediations, not attendances nor follow-ups", kinds)
	}
	form := office.page(t, "/zh/office/records/new?kind=mediation", http.StatusOK)
	if got := form.Find("input#f-parties").AttrOr("min", ""); got != "2" {
		t.Errorf("the parties input has min %q, want the specification's 2", got)
	}
	lastYear := mingbai.OfficeRecordWindow(a.clock.Now()).From
	if got := form.Find("input#date").AttrOr("min", ""); got != lastYear {
		t.Errorf("the office's date reaches back to %q, want %s", got, lastYear)
	}

	for _, c := range []struct {
		kind    mingbai.RecordKind
		village string
	}{{mingbai.Mediation, ""}, {mingbai.Consultation, ""}, {mingbai.PromotionEvent, village}} {
		form := officeRecordForm(t, a, c.kind, c.village, a.today())
		rec := office.post(t, "/zh/office/records/new", form)
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/zh/office/records/") {
			t.Fatalf("office %s = %d: %.400s", c.kind, rec.Code, rec.Body.String())
		}
		page := office.page(t, rec.Header().Get("Location"), http.StatusOK)
		want := a.locale.T("zh", "record.township", nil)
		if c.village != "" {
			want = "上村"
		}
		if !strings.Contains(page.Text(), want) {
			t.Errorf("the office's %s does not say it is booked to %s", c.kind, want)
		}
		if !a.hasAudit(t, "record.office_create", form.Get("id")) {
			t.Errorf("the office's %s is not in the audit log", c.kind)
		}
	}
	fig, err := a.store.Figures(t.Context(), store.FigureFilter{Period: mingbai.YearOf(a.clock.Now())})
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[mingbai.RecordKind][2]int{mingbai.Mediation: {2, 1}, mingbai.Consultation: {2, 1}, mingbai.PromotionEvent: {2, 1}} {
		if fig.Count(kind) != want[0] || fig.ByOffice[kind] != want[1] {
			t.Errorf("%s: %d counted, %d the office's; want %d and %d", kind, fig.Count(kind), fig.ByOffice[kind], want[0], want[1])
		}
	}
	figures := office.page(t, "/zh/office/figures", http.StatusOK)
	if now, _ := figureRow(figures, a.locale.T("zh", "figures.mediations_office", nil)); now != "1" {
		t.Errorf("the figures page says the office mediated %q, want 1", now)
	}

	// Refused, with the reason on the form: a date before last year, a
	// village that takes nothing, a mediation of one party.
	closed := a.village(t, "旧村", false)
	for name, bad := range map[string]url.Values{
		"too old":        officeRecordForm(t, a, mingbai.Mediation, "", dayBefore(t, lastYear)),
		"closed village": officeRecordForm(t, a, mingbai.Mediation, closed, a.today()),
		"one party": func() url.Values {
			f := officeRecordForm(t, a, mingbai.Mediation, "", a.today())
			f.Set("parties", "1")
			return f
		}(),
	} {
		rec := office.post(t, "/zh/office/records/new", bad)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `role="alert"`) {
			t.Errorf("%s: %d, want 400 with the reason on the form", name, rec.Code)
		}
	}
	if rec := office.post(t, "/zh/office/records/new", officeRecordForm(t, a, mingbai.Attendance, "", a.today())); rec.Code != http.StatusBadRequest {
		t.Errorf("an attendance from the desk = %d, want 400", rec.Code)
	}
}

// dayBefore is the day before d (YYYY-MM-DD).
func dayBefore(t *testing.T, d string) string {
	t.Helper()
	day, err := time.Parse(time.DateOnly, d)
	if err != nil {
		t.Fatal(err)
	}
	return day.AddDate(0, 0, -1).Format(time.DateOnly)
}
