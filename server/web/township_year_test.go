package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"mingbai/server/internal/testclock"
	"mingbai/server/internal/testdocx"
	"mingbai/server/internal/townshipyear"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// TestTownshipYearReport enters a township's year (townshipyear) and
// checks every figure its report shows, on the report page, in the DOCX,
// on the figures page and in the CSV and XLSX exports, against the values
// counted by hand.
func TestTownshipYearReport(t *testing.T) {
	const y = 2025
	clock := testclock.At(time.Date(y-1, 12, 1, 4, 0, 0, 0, time.UTC))
	a := newTestAppClock(t, Config{}, clock)
	townshipyear.Enter(t, a.store, clock, y)
	clock.Advance(time.Date(y+1, 1, 20, 2, 0, 0, 0, time.UTC).Sub(clock.Now())) // the report is written in January
	office := a.officeBrowser(t)
	year := strconv.Itoa(y)
	label := func(id string) string { return a.locale.T("zh", id, nil) }

	report := office.page(t, "/zh/office/report/"+year, http.StatusOK)
	shown := 0
	for _, part := range reportOutline {
		for _, sec := range part.sections {
			for _, id := range sec.figures {
				want, counted := townshipyear.Want[id]
				if !counted {
					continue // reach online: nobody read leaflets in the fixture
				}
				shown++
				if now, before := figureRow(report, label(id)); now != want || before != noComparison {
					t.Errorf("report: %s = %q (before %q), want %s (before %s, the first year)", label(id), now, before, want, noComparison)
				}
			}
		}
	}
	if shown < 25 {
		t.Fatalf("the report shows %d of the hand-counted figures", shown)
	}

	rec := office.send(t, http.MethodGet, "/zh/office/report/"+year+"/report.docx", nil)
	text := testdocx.Text(t, rec.Body.Bytes())
	figures := office.page(t, "/zh/office/figures?period=year&value="+year, http.StatusOK)
	csvRows := readCSV(t, office.send(t, http.MethodGet, "/zh/office/figures/export.csv?period=year&value="+year, nil).Body.Bytes())
	xlsxRows := sheetRows(t, readXLSX(t, office.send(t, http.MethodGet, "/zh/office/figures/export.xlsx?period=year&value="+year, nil).Body.Bytes()), "figures")
	inExport := func(rows [][]string, id string) string {
		for _, r := range rows {
			if len(r) > 1 && r[0] == label(id) {
				return r[1]
			}
		}
		return "(none)"
	}
	for id, want := range townshipyear.Want {
		inReport := false
		for _, part := range reportOutline {
			for _, sec := range part.sections {
				for _, f := range sec.figures {
					inReport = inReport || f == id
				}
			}
		}
		if inReport && !strings.Contains(text, label(id)+"|"+want+"|"+noComparison) {
			t.Errorf("DOCX: %s is not %s", label(id), want)
		}
		if now, _ := figureRow(figures, label(id)); now != want {
			t.Errorf("figures page: %s = %q, want %s", label(id), now, want)
		}
		if got := inExport(csvRows, id); got != want {
			t.Errorf("CSV: %s = %q, want %s", label(id), got, want)
		}
		if got := inExport(xlsxRows, id); got != want {
			t.Errorf("XLSX: %s = %q, want %s", label(id), got, want)
		}
	}
	// Every count of records links to exactly those records: the inbox
	// says how many it lists.
	links := 0
	figures.Find(`table.figures tbody th a[data-counts="records"]`).Each(func(_ int, link *goquery.Selection) {
		links++
		now, _ := figureRow(figures, strings.TrimSpace(link.Text()))
		inbox := office.page(t, link.AttrOr("href", ""), http.StatusOK)
		total := "0"
		if m := regexp.MustCompile(`(\d+)\D*$`).FindStringSubmatch(strings.TrimSpace(inbox.Find("p.count").Text())); m != nil {
			total = m[1]
		}
		if total != now {
			t.Errorf("%s = %s links to %s, which lists %s records (%q)", link.Text(), now, link.AttrOr("href", ""), total, inbox.Find("p.count").Text())
		}
	})
	if links < 8 {
		t.Errorf("%d counts link to their records, want every one (the office's own too)", links)
	}
	// The adoption entered in January counts for December's year, not
	// January's.
	nextYear, _ := mingbai.ParsePeriod("year", strconv.Itoa(y+1), "", "")
	next, err := a.store.Figures(t.Context(), store.FigureFilter{Period: nextYear})
	if err != nil {
		t.Fatal(err)
	}
	if next.RevisionsAdopted != 0 {
		t.Errorf("%d adoptions count for %d, want none (the meeting was in December)", next.RevisionsAdopted, y+1)
	}
}
