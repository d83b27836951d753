package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// halfPastTwo is 02:30 on 2 December in the township, still 1 December in
// UTC: the hour at which a UTC "today" is yesterday for the residents.
var halfPastTwo = time.Date(2026, 12, 1, 18, 30, 0, 0, time.UTC)

// TestFieldFormIsDatedTheTownshipsDay: at 02:30 in the township the form
// offers today there, not the UTC day before, and a record dated today is
// taken; a date outside the window is refused with the window named, in
// the reader's language, and what was typed kept.
func TestFieldFormIsDatedTheTownshipsDay(t *testing.T) {
	a := newTestAppAt(t, halfPastTwo)
	b, _ := a.residentBrowser(t, "dolkar")
	doc := b.page(t, "/zh/field/new/consultation", http.StatusOK)
	date := doc.Find("input#date")
	for attr, want := range map[string]string{"value": "2026-12-02", "min": "2025-10-28", "max": "2026-12-03",
		"data-days-back": "400", "data-days-ahead": "1"} {
		if got := date.AttrOr(attr, ""); got != want {
			t.Errorf("date input %s = %q, want %q", attr, got, want)
		}
	}
	if _, ok := date.Attr("data-today"); !ok {
		t.Error("a new form's date is not marked as today's default, so the phone cannot put its own day in")
	}
	if got, want := date.AttrOr("data-range", ""), "记录日期须在 {from} 至 {to} 之间。"; got != want {
		t.Errorf("data-range = %q, want %q", got, want)
	}

	form := func(day string) url.Values {
		return url.Values{"kind": {"consultation"}, "id": {uuid.NewString()}, "date": {day},
			"topic": {"marriage-family"}, "asker_group": {"herder"}, "channel": {"in_person"},
			"summary": {"彩礼能否要回"}, "outcome": {"answered"}}
	}
	if rec := b.post(t, "/zh/field/records", form("2026-12-02")); rec.Code != http.StatusSeeOther {
		t.Fatalf("a record dated today in the township = %d: %.300s", rec.Code, rec.Body.String())
	}
	for l, want := range map[mingbai.Lang]string{
		mingbai.Chinese: "记录日期须在 2025-10-28 至 2026-12-03 之间。",
		mingbai.English: "Records can be dated from 2025-10-28 to 2026-12-03.",
		mingbai.Tibetan: "2025-10-28 ནས་ 2026-12-03",
	} {
		rec := b.post(t, "/"+string(l)+"/field/records", form("2026-12-05"))
		doc := parseStatus(t, "a date ahead of the window", rec, http.StatusBadRequest)
		if got := text(doc, ".notice.error"); !strings.Contains(got, want) {
			t.Errorf("%s: refusal says %q, want it to name the window (%q)", l, got, want)
		}
		if got := doc.Find("input#date").AttrOr("value", ""); got != "2026-12-05" {
			t.Errorf("%s: the refused form shows date %q, want what was typed", l, got)
		}
		if _, ok := doc.Find("input#date").Attr("data-today"); ok {
			t.Errorf("%s: a typed date is marked as the default, so the phone would overwrite it", l)
		}
	}
}

// TestSyncRefusalNamesTheWindow: a record pushed with a date outside the
// window is rejected alone, and its message says which dates would do.
func TestSyncRefusalNamesTheWindow(t *testing.T) {
	a := newTestAppAt(t, halfPastTwo)
	p := a.phone(t, "dolkar")
	rec := p.push(t, batch(`{"id": "018f0000-0000-7000-8000-0000000000d1", "kind": "followup", "date": "2024-01-01",
		"refers_to": "018f0000-0000-7000-8000-0000000000d2", "fields": {"note": "太早"}}`,
		a.pushed("018f0000-0000-7000-8000-0000000000d3", mingbai.Consultation,
			`{"topic": "marriage-family", "asker_group": "herder", "channel": "phone", "summary": "彩礼", "outcome": "answered"}`)))
	body := rec.Body.String()
	if got := strings.Join(resultStatuses(t, rec), " "); got != "rejected applied" {
		t.Fatalf("statuses %s, want rejected applied: %s", got, body)
	}
	if want := "记录日期须在 2025-10-28 至 2026-12-03 之间。"; !strings.Contains(body, want) {
		t.Errorf("the refusal does not name the window %q: %s", want, body)
	}
}

// TestOfficeReadsTownshipTimes: what the office reads is township time to
// the minute, with the zone said once, never a raw UTC timestamp.
func TestOfficeReadsTownshipTimes(t *testing.T) {
	a := newTestAppAt(t, time.Date(2026, 12, 1, 18, 51, 20, 52e6, time.UTC))
	office := a.officeBrowser(t)
	u, _, _ := a.residentWithPhone(t, "dolkar")
	for _, path := range []string{"/zh/office", "/zh/office/residents", "/zh/office/residents/" + u.ID} {
		rec := office.send(t, http.MethodGet, path, nil)
		body := rec.Body.String()
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, rec.Code)
		}
		if !strings.Contains(body, "2026-12-02 02:51") {
			t.Errorf("%s does not show the sign-in or the phone's use at 02:51 township time", path)
		}
		for _, raw := range []string{"2026-12-01 18:51", "18:51:20", "T18:51"} {
			if strings.Contains(body, raw) {
				t.Errorf("%s shows the UTC time %q", path, raw)
			}
		}
		notes := office.page(t, path, http.StatusOK).Find(".zone-note")
		if notes.Length() != 1 || notes.Text() != "本页时间均为北京时间（UTC+8）。" {
			t.Errorf("%s states the zone %d times (%q), want once", path, notes.Length(), notes.Text())
		}
	}
}

// TestFiguresAcrossNewYearsEve: work done in the last seconds of the year
// in the township counts for that year; the office's first minute of the
// new year starts new figures, a new default period, and new forms.
func TestFiguresAcrossNewYearsEve(t *testing.T) {
	a, office, _ := officeAppOn(t, newTestAppAt(t, time.Date(2026, 12, 31, 15, 59, 30, 0, time.UTC)))
	p := a.phone(t, "dolkar")
	revision := `{"articles": "第三条", "text_zh": "禁止索要高额彩礼", "reason": "移风易俗", "votes_for": 0, "votes_against": 0, "votes_abstain": 0}`
	oldYear, newYear := uuid.NewString(), uuid.NewString()
	p.pushApplied(t, batch(
		a.pushed(uuid.NewString(), mingbai.Consultation,
			`{"topic": "marriage-family", "asker_group": "herder", "channel": "phone", "summary": "彩礼", "outcome": "answered"}`),
		a.pushed(oldYear, mingbai.RuleRevision, revision)))
	if a.today() != "2026-12-31" {
		t.Fatalf("the fixture starts on %s, want New Year's Eve", a.today())
	}
	review := func(id string, form url.Values) {
		t.Helper()
		if rec := office.post(t, "/zh/office/records/"+id+"/review", form); rec.Code != http.StatusSeeOther {
			t.Fatalf("%s %s = %d: %.300s", form.Get("action"), id, rec.Code, rec.Body.String())
		}
	}
	a.clock.Advance(20 * time.Second) // 23:59:50
	review(oldYear, url.Values{"action": {"approve"}})

	a.clock.Advance(time.Minute) // 00:00:50 on New Year's Day
	if a.today() != "2027-01-01" {
		t.Fatalf("a minute later it is %s, want 2027-01-01", a.today())
	}
	p.pushApplied(t, batch(a.pushed(newYear, mingbai.RuleRevision, revision),
		a.pushed(uuid.NewString(), mingbai.PromotionEvent,
			`{"place": "乡集市", "audience": "herder", "people_reached": 40, "leaflets_bo": 20, "leaflets_zh": 20}`)))
	review(newYear, url.Values{"action": {"approve"}})
	review(oldYear, url.Values{"action": {"adopt"}, "meeting_on": {"2027-01-01"}, "votes_for": {"40"},
		"votes_against": {"2"}, "votes_abstain": {"1"}})

	// No period asked: this year, which began a minute ago.
	doc := office.page(t, "/zh/office/figures", http.StatusOK)
	for id, want := range map[string][2]string{
		"figures.consultations":      {"0", "1"},
		"figures.events":             {"1", "0"},
		"figures.revisions_filed":    {"1", "1"},
		"figures.revisions_approved": {"1", "1"},
		"figures.revisions_adopted":  {"1", "0"},
	} {
		label := a.locale.T("zh", id, nil)
		if now, before := figureRow(doc, label); now != want[0] || before != want[1] {
			t.Errorf("%s in 2027 = %s, in 2026 = %s; want %s, %s", label, now, before, want[0], want[1])
		}
	}
	rec := office.send(t, http.MethodGet, "/zh/office/figures/export.csv", nil)
	download(t, rec, "text/csv", "mingbai-figures-2027.csv")
	report := office.page(t, "/zh/office/report/2026", http.StatusOK)
	if now, _ := figureRow(report, a.locale.T("zh", "figures.consultations", nil)); now != "1" {
		t.Errorf("the 2026 report counts %s consultations, want the one of New Year's Eve", now)
	}

	resident := a.browser()
	resident.login(t, "dolkar", testPassword)
	date := resident.page(t, "/zh/field/new/event", http.StatusOK).Find("input#date")
	if v, max := date.AttrOr("value", ""), date.AttrOr("max", ""); v != "2027-01-01" || max != "2027-01-02" {
		t.Errorf("a new form just after midnight is dated %s, up to %s; want 2027-01-01, up to 2027-01-02", v, max)
	}
	audit := office.send(t, http.MethodGet, "/zh/office", nil).Body.String()
	for _, at := range []string{"2026-12-31 23:59", "2027-01-01 00:00"} {
		if !strings.Contains(audit, at) {
			t.Errorf("the audit log lacks an action at %s", at)
		}
	}
}
