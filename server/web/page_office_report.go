package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// maxReportText caps each of the report's own texts: pages, not books.
const maxReportText = 20000

// reportPage is the annual report: the year's figures beside the year
// before's, grouped as a township work report, with the office's own
// account of shortcomings and next year's plan.
type reportPage struct {
	formPage
	Year     int
	Fig      *mingbai.Figures
	Sections []reportSection
	Charts   []chart
	Text     store.ReportText   // the current text (Version 0: none yet)
	Versions []store.ReportText // every version, newest first
	Saved    bool
}

// reportSection is one part of the report: a heading and its figures.
type reportSection struct {
	HeadingID string
	Lines     []comparedLine
}

// reportSections groups the headline figures the way a township work
// report is laid out: promotion, the residents, legal services, village
// rules.
var reportSections = []struct {
	heading string
	ids     []string
}{
	{"report.section_promotion", []string{"figures.events", "figures.people_reached", "figures.leaflets_bo", "figures.leaflets_zh",
		"figures.leaflets_bilingual",
		"figures.opens_bo", "figures.opens_zh", "figures.helped", "figures.requests"}},
	{"report.section_residents", []string{"figures.residents_registered", "figures.residents_appointed",
		"figures.residents_left", "figures.residents_trained",
		"figures.training_sessions", "figures.training_hours", "figures.training_others"}},
	{"report.section_services", []string{"figures.consultations", "figures.mediations", "figures.enterprise_services", "figures.referrals", "figures.follow_ups"}},
	{"report.section_rules", []string{"figures.revisions_filed", "figures.revisions_approved", "figures.revisions_returned",
		"figures.revisions_adopted", "figures.survey_asked", "figures.survey_knew", "figures.awareness_rate"}},
}

// annualReport shows the report for a year.
func (s *server) annualReport(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.period", "year %q", c.Param("year"))
	}
	period, err := mingbai.ParsePeriod("year", strconv.Itoa(year), "", "")
	if err != nil {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.period", "year %d", year)
	}
	ctx := c.Request().Context()
	fig, err := s.store.Figures(ctx, store.FigureFilter{Period: period})
	if err != nil {
		return err
	}
	prev, err := s.store.Figures(ctx, store.FigureFilter{Period: period.Previous()})
	if err != nil {
		return err
	}
	p := reportPage{formPage: s.newFormPage(c, l, "report.title"), Year: year, Fig: fig, Saved: c.QueryParam("saved") == "1"}
	byID := map[string]comparedLine{}
	for _, line := range compareFigures(fig, prev) {
		byID[line.LabelID] = line
	}
	for _, sec := range reportSections {
		rs := reportSection{HeadingID: sec.heading}
		for _, id := range sec.ids {
			rs.Lines = append(rs.Lines, byID[id])
		}
		p.Sections = append(p.Sections, rs)
	}
	topics, err := s.store.Topics(ctx)
	if err != nil {
		return err
	}
	var ts []mingbai.Topic
	for _, t := range topics {
		ts = append(ts, t.Topic)
	}
	p.Charts = s.figureCharts(p.page, fig, ts)
	if p.Versions, err = s.store.ReportTexts(ctx, year); err != nil {
		return err
	}
	p.Text.Year = year
	if len(p.Versions) > 0 {
		p.Text = p.Versions[0]
	}
	return s.render(c, http.StatusOK, "office_report", p)
}

// saveReportText stores the office's shortcomings and plans for a year
// as a new version.
func (s *server) saveReportText(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil || year < 2000 || year > 2100 {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.period", "year %q", c.Param("year"))
	}
	text := func(name string) (string, error) {
		v := strings.TrimSpace(formLongText(c, name))
		if len(v) > maxReportText {
			return "", mingbai.Errorf(mingbai.ETOOLARGE, "error.record_text_long", "%s of %d bytes", name, len(v))
		}
		return v, nil
	}
	shortcomings, err := text("shortcomings")
	if err != nil {
		return err
	}
	plans, err := text("plans")
	if err != nil {
		return err
	}
	version, err := s.store.SaveReportText(c.Request().Context(), currentUser(c).ID, year, shortcomings, plans)
	if err != nil {
		return err
	}
	if err := s.audit(c, "report.save", strconv.Itoa(year), "version "+strconv.Itoa(version)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/office/report/"+strconv.Itoa(year)+"?saved=1")
}

// Paragraphs splits a text into its paragraphs, for the printed report.
func (p reportPage) Paragraphs(text string) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if para = strings.TrimSpace(para); para != "" {
			out = append(out, para)
		}
	}
	return out
}
