package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// figureRow reads a headline figure of the dashboard: now, before.
func figureRow(doc *goquery.Document, label string) (now, before string) {
	doc.Find("table.figures tbody tr").Each(func(_ int, tr *goquery.Selection) {
		if strings.TrimSpace(tr.Find("th").Text()) == label {
			now = strings.TrimSpace(tr.Find("td").Eq(0).Text())
			before = strings.TrimSpace(tr.Find("td").Eq(1).Text())
		}
	})
	return now, before
}

func TestDashboardShowsTheRecordsFigures(t *testing.T) {
	a := newTestApp(t)
	a.phone(t, "dolkar").push(t, a.fixture(t, "push_mixed.json"))
	office := a.officeBrowser(t)
	today := a.today()
	doc := office.page(t, "/zh/office/figures?period=range&from="+today+"&to="+today, http.StatusOK)
	want := map[string]string{
		"figures.events": "1", "figures.people_reached": "120", "figures.leaflets_bo": "60", "figures.leaflets_zh": "40",
		// The fixture's first consultation is corrected by its last: one.
		"figures.consultations": "1", "figures.mediations": "1", "figures.revisions_filed": "1", "figures.follow_ups": "1",
	}
	for id, n := range want {
		label := a.locale.T("zh", id, nil)
		// Nothing was recorded before today: no comparison, not growth from 0.
		if now, before := figureRow(doc, label); now != n || before != noComparison {
			t.Errorf("%s = %q (before %q), want %s (before %s)", label, now, before, n, noComparison)
		}
	}
	// The site's search box is the reader's, never the filter's query.
	if q := doc.Find("input#q").AttrOr("value", "?"); q != "" {
		t.Errorf("the search box on the figures page holds %q", q)
	}
	if n := doc.Find("figure.figure-chart svg").Length(); n < 5 {
		t.Errorf("the dashboard draws %d charts, want the breakdowns", n)
	}
	topicChart := doc.Find("figure.figure-chart").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Find("figcaption").Text() == a.locale.T("zh", "figures.chart_topic", nil)
	})
	if !strings.Contains(topicChart.Find("svg").Text(), "婚姻家庭") {
		t.Errorf("the topic chart does not name the topic: %q", topicChart.Find("svg").Text())
	}
	if rec := office.send(t, http.MethodGet, "/zh/office/figures?period=quarter&value=2026-Q5", nil); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), a.locale.T("zh", "error.period", nil)) {
		t.Errorf("a bad quarter = %d", rec.Code)
	}
	for _, l := range []string{"bo", "en"} {
		body := office.send(t, http.MethodGet, "/"+l+"/office/figures", nil).Body.String()
		if i := strings.Index(body, "⟦missing⟧"); i >= 0 {
			t.Errorf("/%s/office/figures shows a missing message: %s", l, body[i:min(len(body), i+60)])
		}
	}
}

func TestBarChartEscapesLabels(t *testing.T) {
	svg := string(barChart(`<script>`, []bar{{Label: `"><script>alert(1)</script>`, N: 3}, {Label: "零", N: 0}}))
	if strings.Contains(svg, "<script>") {
		t.Errorf("a label reached the SVG unescaped: %s", svg)
	}
	if !strings.Contains(svg, ">3</text>") || !strings.Contains(svg, ">0</text>") {
		t.Errorf("the numbers are not written beside the bars: %s", svg)
	}
}

// TestDashboardMatchesHandCounted checks every headline number of the
// dashboard, now and before, against the export fixture's hand count, so
// the dashboard, the report and the spreadsheets never disagree.
func TestDashboardMatchesHandCounted(t *testing.T) {
	fx := newExportFixture(t)
	for _, query := range []string{fx.period(), fx.period() + "&village=" + fx.villageB + "&topic=telecom-fraud"} {
		doc := fx.office.page(t, "/zh/office/figures?"+query, http.StatusOK)
		if query == fx.period() {
			for _, c := range handCounted {
				label := fx.a.locale.T("zh", c.id, nil)
				if now, before := figureRow(doc, label); now != c.now || before != c.then {
					t.Errorf("%s = %s, before %s; want %s, before %s", label, now, before, c.now, c.then)
				}
			}
		}
		// A count of records links to exactly those records in the inbox.
		links := 0
		doc.Find(`table.figures tbody th a[data-counts="records"]`).Each(func(_ int, a *goquery.Selection) {
			links++
			now, _ := figureRow(doc, strings.TrimSpace(a.Text()))
			inbox := fx.office.page(t, a.AttrOr("href", ""), http.StatusOK)
			shown := inbox.Find("table.records tbody tr.record").Length()
			if fmt.Sprint(shown) != now {
				t.Errorf("%s: %s links to %s, which lists %d records", query, a.Text(), a.AttrOr("href", ""), shown)
			}
		})
		if links < 5 {
			t.Errorf("%s: %d figures link to their records, want every count of records", query, links)
		}
	}
}

// TestDashboardCountsReach: leaflets opened online, by language, and
// villagers' topic requests reach the dashboard once counted.
func TestDashboardCountsReach(t *testing.T) {
	a := newTestApp(t)
	office := a.officeBrowser(t)
	for range 3 {
		a.do(t, "/zh/m/bride-price")
	}
	a.do(t, "/bo/m/bride-price")
	if err := a.tally.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	day := a.today()
	doc := office.page(t, "/zh/office/figures?period=range&from="+day+"&to="+day, http.StatusOK)
	for id, want := range map[string]string{"figures.opens_zh": "3", "figures.opens_bo": "1"} {
		if now, _ := figureRow(doc, a.locale.T("zh", id, nil)); now != want {
			t.Errorf("%s = %q, want %s", a.locale.T("zh", id, nil), now, want)
		}
	}
}
