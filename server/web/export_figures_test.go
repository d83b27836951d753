package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"mingbai/server/locale"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// figureSections splits a figures sheet at its blank rows into sections
// named by their first heading, each a map from a line's label to its
// values.
func figureSections(rows [][]string) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	var section map[string][]string
	for _, r := range rows {
		switch {
		case len(r) == 0 || strings.Join(r, "") == "":
			section = nil
		case section == nil:
			section = map[string][]string{}
			out[r[0]] = section
			section[""] = r[1:] // the headings
		default:
			section[r[0]] = r[1:]
		}
	}
	return out
}

// handCounted are the fixture's figures, counted by hand: for the last 60
// days, then the 60 days before.
var handCounted = []struct {
	id        string
	now, then string
}{
	{"figures.events", "3", "1"}, // E2 corrected by E2c counts once; E0 is earlier
	{"figures.people_reached", "185", "20"},
	{"figures.leaflets_bo", "95", "10"},
	{"figures.leaflets_zh", "90", "10"},
	{"figures.leaflets_bilingual", "12", "0"},  // E3's, the one event that says
	{"figures.residents_registered", "2", "0"}, // both joined today
	{"figures.residents_trained", "1", "0"},
	{"figures.training_sessions", "1", "1"},
	{"figures.training_hours", "3", "2"},
	{"figures.attendance_hours", "2.5", "0"},
	{"figures.consultations", "3", "1"}, // C3 was returned
	{"figures.mediations", "2", "0"},
	{"figures.referrals", "2", "0"}, // C2 and M2
	{"figures.referrals_accepted", "1", "0"},
	{"figures.referrals_closed", "1", "0"},
	{"figures.revisions_filed", "1", "0"},
	{"figures.revisions_approved", "1", "0"},
	{"figures.revisions_returned", "0", "0"},
	{"figures.revisions_adopted", "0", "0"},
	{"figures.follow_ups", "1", "0"},
}

func TestFiguresExport(t *testing.T) {
	fx := newExportFixture(t)
	a := fx.a
	zh := func(id string) string { return a.locale.T(mingbai.Chinese, id, nil) }
	period := fx.from + "–" + fx.to
	previous := zh("figures.previous") + " " + a.daysAgo(119) + "–" + a.daysAgo(60)
	file := "mingbai-figures-" + fx.from + "_" + fx.to
	checkFigures := func(t *testing.T, rows [][]string) {
		t.Helper()
		sections := figureSections(rows)
		main := sections[zh("figures.period")]
		if got := strings.Join(main[""], "|"); got != period+"|"+previous {
			t.Errorf("headings = %q, want %q", got, period+"|"+previous)
		}
		for _, c := range handCounted {
			if got := strings.Join(main[zh(c.id)], "|"); got != c.now+"|"+c.then {
				t.Errorf("%s = %q, want %s|%s", c.id, got, c.now, c.then)
			}
		}
		breakdowns := []struct{ section, label, want string }{
			{"record_kind.event|record_field.audience", "record_option.audience.herder", "1|0"},
			{"record_kind.event|record_field.audience", "record_option.audience.general", "1|1"},
			{"record_kind.event|record_field.audience", "record_option.audience.business", "0|0"},
			{"record_kind.event|record_field.venue", "record_option.venue.school", "1|0"},
			{"record_kind.event|record_field.venue", "figures.not_given", "2|1"}, // recorded without a venue
			{"record_kind.event|record_field.event_form", "record_option.event_form.school_lesson", "1|0"},
			{"record_kind.consultation|record_field.topic", "", "2|1"}, // 婚姻家庭, by its name
			{"record_kind.consultation|record_field.asker_group", "record_option.asker_group.migrant_worker", "1|0"},
			{"record_kind.consultation|record_field.outcome", "record_option.outcome.referred", "1|0"},
			{"record_kind.consultation|record_field.outcome", "record_option.outcome.answered", "1|1"},
			{"record_kind.mediation|record_field.dispute_kind", "record_option.dispute_kind.labour_contract", "1|0"},
			{"record_kind.mediation|record_field.outcome", "record_option.outcome.referred", "1|0"},
			{"record_kind.mediation|record_field.outcome", "record_option.outcome.no_agreement", "0|0"},
		}
		for _, b := range breakdowns {
			kind, by, _ := strings.Cut(b.section, "|")
			label := "婚姻家庭"
			if b.label != "" {
				label = zh(b.label)
			}
			got := strings.Join(sections[zh(kind)+" · "+zh(by)][label], "|")
			if got != b.want {
				t.Errorf("%s: %s = %q, want %s", b.section, label, got, b.want)
			}
		}
	}
	villageRows := []string{
		"乙村|1|30|30|0|1|1|0",
		"示例村|2|155|65|90|2|1|1",
	}

	t.Run("CSV, counted by hand, beside the period before", func(t *testing.T) {
		rec := fx.office.send(t, http.MethodGet, "/zh/office/figures/export.csv?"+fx.period(), nil)
		rows := readCSV(t, download(t, rec, "text/csv; charset=utf-8", file+".csv"))
		checkFigures(t, rows)
		villages := figureSections(rows)[zh("figures.by_village")]
		for _, want := range villageRows {
			name, _, _ := strings.Cut(want, "|")
			if got := name + "|" + strings.Join(villages[name], "|"); got != want {
				t.Errorf("village row = %q, want %q", got, want)
			}
		}
		if !fx.a.hasAudit(t, "export.figures", period) {
			t.Error("the export is not in the audit log")
		}
	})

	t.Run("XLSX, two sheets, numbers as numbers", func(t *testing.T) {
		rec := fx.office.send(t, http.MethodGet, "/zh/office/figures/export.xlsx?"+fx.period(), nil)
		f := readXLSX(t, download(t, rec,
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file+".xlsx"))
		if got := strings.Join(f.GetSheetList(), ","); got != "figures,villages" {
			t.Errorf("sheets = %s, want figures,villages", got)
		}
		rows := sheetRows(t, f, "figures")
		checkFigures(t, rows)
		// Row 4 heads the main lines; row 5 is the first of them.
		if !isBold(t, f, "figures", "A4") || !isBold(t, f, "figures", "B4") || isBold(t, f, "figures", "A5") {
			t.Error("the headings are not bold, or a line is")
		}
		if !isNumber(t, f, "figures", "B5") || !isNumber(t, f, "figures", "C5") {
			t.Error("figures are stored as text")
		}
		if w, _ := f.GetColWidth("figures", "A"); w < 15 {
			t.Errorf("the labels' column is %.1f wide", w)
		}
		villages := sheetRows(t, f, "villages")
		var got []string
		for _, r := range villages[2:] {
			got = append(got, strings.Join(r, "|"))
		}
		if strings.Join(got, "\n") != strings.Join(villageRows, "\n") {
			t.Errorf("villages sheet:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(villageRows, "\n"))
		}
		if !isBold(t, f, "villages", "A2") || !isNumber(t, f, "villages", "B3") {
			t.Error("villages sheet: heading not bold or numbers as text")
		}
	})

	t.Run("one village, one topic", func(t *testing.T) {
		rec := fx.office.send(t, http.MethodGet, "/zh/office/figures/export.csv?"+fx.period()+
			"&village="+fx.villageB+"&topic=telecom-fraud", nil)
		main := figureSections(readCSV(t, download(t, rec, "text/csv", file+".csv")))
		if got := main[zh("figures.village")][""]; len(got) != 1 || got[0] != "乙村" {
			t.Errorf("village line = %q, want 乙村", got)
		}
		lines := main[zh("figures.period")]
		if lines[zh("figures.events")][0] != "1" || lines[zh("figures.consultations")][0] != "1" ||
			lines[zh("figures.mediations")][0] != "1" {
			t.Errorf("乙村, telecom fraud: %q events, %q consultations, %q mediations; want 1, 1, 1",
				lines[zh("figures.events")], lines[zh("figures.consultations")], lines[zh("figures.mediations")])
		}
	})

	t.Run("this year unless told", func(t *testing.T) {
		year := strconv.Itoa(a.clock.Now().In(mingbai.Township).Year())
		rec := fx.office.send(t, http.MethodGet, "/zh/office/figures/export.csv", nil)
		download(t, rec, "text/csv", "mingbai-figures-"+year+".csv")
		rec = fx.office.send(t, http.MethodGet, "/zh/office/figures/export.csv?period=quarter&value=2026-Q1", nil)
		rows := readCSV(t, download(t, rec, "text/csv", "mingbai-figures-2026-Q1.csv"))
		if got := strings.Join(figureSections(rows)[zh("figures.period")][""], "|"); got != "2026-Q1|"+zh("figures.previous")+" 2025-Q4" {
			t.Errorf("a quarter's headings = %q", got)
		}
	})

	t.Run("a filter that is not one is refused", func(t *testing.T) {
		for _, q := range []string{"period=year&value=20x6", "period=range&from=2026-05-01&to=2026-04-01",
			"period=week&value=1", "village=nowhere", "village=" + fx.ids["C1"], "topic=no-such-topic"} {
			if rec := fx.office.send(t, http.MethodGet, "/zh/office/figures/export.xlsx?"+q, nil); rec.Code != http.StatusBadRequest {
				t.Errorf("?%s = %d, want 400", q, rec.Code)
			}
		}
	})

	t.Run("every label in every language", func(t *testing.T) {
		for _, l := range mingbai.InterfaceLangs {
			rec := fx.office.send(t, http.MethodGet, "/"+string(l)+"/office/figures/export.csv?"+fx.period(), nil)
			body := string(download(t, rec, "text/csv", file+".csv"))
			if strings.Contains(body, locale.Missing) {
				t.Errorf("%s export lacks a message: %s", l, body[strings.Index(body, locale.Missing):][:60])
			}
			if !strings.Contains(body, a.locale.T(l, "figures.people_reached", nil)+",185,20") {
				t.Errorf("%s export has no people reached line", l)
			}
		}
	})
}

func TestFiguresExportURL(t *testing.T) {
	a := newTestApp(t)
	village := a.village(t, "甲村", true)
	n, err := a.srv.newRecordNamer(t.Context(), mingbai.Chinese)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []mingbai.Period{mingbai.YearOf(a.clock.Now()), must(mingbai.ParsePeriod("month", "2026-03", "", "")),
		must(mingbai.ParsePeriod("range", "", "2026-01-15", "2026-02-14"))} {
		f := store.FigureFilter{Period: p, VillageID: village, Topic: "minors"}
		u := figuresExportURL(mingbai.Tibetan, f, xlsxFormat)
		c := a.srv.e.NewContext(httptest.NewRequest(http.MethodGet, u, nil), nil)
		got, err := a.srv.figureFilterOf(c, n)
		if err != nil || got != f {
			t.Errorf("%s reads back as %+v, %v; want %+v", u, got, err, f)
		}
		if !strings.HasPrefix(u, "/bo/office/figures/export.xlsx?") {
			t.Errorf("URL %s", u)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return v
}

func TestAwarenessRate(t *testing.T) {
	f := mingbai.NewFigures(mingbai.Period{}, "", "")
	if got := awarenessRate(f); got != 0.0 {
		t.Errorf("rate with nobody asked = %v, want 0", got)
	}
	f.AddCount(mingbai.RuleSurvey, 2)
	f.AddSum(mingbai.RuleSurvey, "asked", 80)
	f.AddSum(mingbai.RuleSurvey, "knew", 69)
	if got := awarenessRate(f); got != 86.3 {
		t.Errorf("rate of 69 in 80 = %v, want 86.3", got)
	}
}
