package web

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"mingbai/server/document"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// reportPage is the annual report as the document the township sends
// (reportDocument), in one of the report's languages whatever the desk's,
// then the charts and the villages' table as annexes, then the office's
// forms: its text for each part in that language, and the heading.
type reportPage struct {
	formPage
	Year     int
	DocLang  mingbai.Lang
	DocLangs []alternate // the report in each of its languages
	Doc      document.Document
	Fig      *mingbai.Figures
	Compared bool // the year before is in use, so the report compares with it
	Charts   []chart
	Fields   []reportField
	Heading  mingbai.ReportHeading
	Versions []store.ReportVersion // in DocLang, newest first
	Saved    string                // "text" or "heading" after a save
	DocxURL  string
	// DocLangName names DocLang in the desk's language; MaxPart and
	// MaxHeading are the forms' limits, the store's.
	DocLangName         string
	MaxPart, MaxHeading int
}

// reportField is one part's textarea in the office's form.
type reportField struct {
	Part    mingbai.ReportPart
	LabelID string
	Text    string
}

// reportYear reads the year of the path; a year no period can cover
// names no report.
func reportYear(c echo.Context) (int, mingbai.Period, error) {
	year, err := strconv.Atoi(c.Param("year"))
	if err == nil {
		if p, err := mingbai.ParsePeriod("year", strconv.Itoa(year), "", ""); err == nil {
			return year, p, nil
		}
	}
	return 0, mingbai.Period{}, mingbai.Errorf(mingbai.ENOTFOUND, "error.period", "year %q", c.Param("year"))
}

// reportLang is the language the report is shown or written in: the
// query's doc, else the desk's language when the report is written in it,
// else Chinese, the county's.
func reportLang(c echo.Context, desk mingbai.Lang) mingbai.Lang {
	for _, l := range mingbai.ReportLangs {
		if string(l) == c.QueryParam("doc") || string(l) == c.FormValue("doc") {
			return l
		}
	}
	for _, l := range mingbai.ReportLangs {
		if l == desk {
			return l
		}
	}
	return mingbai.Chinese
}

// reportData gathers a year's report in docLang as the desk (in l) shows
// it; the page and the DOCX both start here.
func (s *server) reportData(c echo.Context, l, docLang mingbai.Lang, year int, period mingbai.Period) (*reportPage, error) {
	ctx := c.Request().Context()
	f := store.FigureFilter{Period: period}
	fig, err := s.store.Figures(ctx, f)
	if err != nil {
		return nil, err
	}
	prev, err := s.store.Figures(ctx, store.FigureFilter{Period: period.Previous()})
	if err != nil {
		return nil, err
	}
	first, err := s.store.FirstDay(ctx)
	if err != nil {
		return nil, err
	}
	p := &reportPage{formPage: s.newFormPage(c, l, "report.title"), Year: year, DocLang: docLang, Fig: fig,
		Compared: first != "" && period.Previous().To >= first}
	lines := compareFigures(fig, prev)
	linkRecords(l, lines, f)
	in := reportInput{year: year, lines: map[string]comparedLine{}, signed: s.clock.Now()}
	for _, line := range lines {
		line.NoBefore = !p.Compared
		in.lines[line.LabelID] = line
	}
	if p.Versions, err = s.store.ReportVersions(ctx, year, docLang); err != nil {
		return nil, err
	}
	if len(p.Versions) > 0 {
		in.texts, in.signed = p.Versions[0].Texts, p.Versions[0].At
	}
	for _, other := range mingbai.ReportLangs {
		if other == docLang {
			continue
		}
		in.otherLang = other
		versions, err := s.store.ReportVersions(ctx, year, other)
		if err != nil {
			return nil, err
		}
		if len(versions) > 0 {
			in.other = versions[0].Texts
		}
	}
	if in.heading, err = s.store.ReportHeading(ctx, docLang); err != nil {
		return nil, err
	}
	p.Heading = in.heading
	p.Doc = s.reportDocument(docLang, in)
	for _, part := range mingbai.ReportParts {
		p.Fields = append(p.Fields, reportField{Part: part, LabelID: "report.part_" + string(part), Text: in.texts[part]})
	}
	base := "/" + string(l) + "/office/report/" + strconv.Itoa(year)
	for _, dl := range mingbai.ReportLangs {
		p.DocLangs = append(p.DocLangs, alternate{Lang: dl, Name: s.locale.LangName(dl), URL: base + "?doc=" + string(dl), Current: dl == docLang})
	}
	p.DocxURL = base + "/report.docx?doc=" + string(docLang)
	p.DocLangName = p.T("report.lang." + string(docLang))
	p.MaxPart, p.MaxHeading = mingbai.MaxReportPartRunes, mingbai.MaxHeadingRunes
	return p, nil
}

// reportOf gathers the report the request names: its year in the path,
// its language in the query.
func (s *server) reportOf(c echo.Context) (*reportPage, error) {
	l, err := pathLang(c)
	if err != nil {
		return nil, err
	}
	year, period, err := reportYear(c)
	if err != nil {
		return nil, err
	}
	return s.reportData(c, l, reportLang(c, l), year, period)
}

// annualReport shows the report for a year.
func (s *server) annualReport(c echo.Context) error {
	p, err := s.reportOf(c)
	if err != nil {
		return err
	}
	topics, err := s.store.Topics(c.Request().Context())
	if err != nil {
		return err
	}
	var ts []mingbai.Topic
	for _, t := range topics {
		ts = append(ts, t.Topic)
	}
	// The charts are labelled in the report's language, like the report.
	campaigns, err := s.store.Campaigns(c.Request().Context())
	if err != nil {
		return err
	}
	p.Charts = s.figureCharts(s.page(p.DocLang), p.Fig, ts, campaigns)
	p.Saved = c.QueryParam("saved")
	return s.render(c, http.StatusOK, "office_report", p)
}

// annualReportDOCX sends the report as a Word document for the office to
// stamp and send: an export all the same, so it is logged.
func (s *server) annualReportDOCX(c echo.Context) error {
	p, err := s.reportOf(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := document.WriteDOCX(&buf, p.Doc); err != nil {
		return err
	}
	if err := s.audit(c, "export.report", strconv.Itoa(p.Year), "format=docx lang="+string(p.DocLang)); err != nil {
		return err
	}
	name := "report-" + strconv.Itoa(p.Year) + "-" + string(p.DocLang) + ".docx"
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buf.Bytes())
}

// saveReport stores the office's text for every part of a year's report,
// in the form's language, as a new version.
func (s *server) saveReport(c echo.Context) error {
	l, year, docLang, err := reportForm(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	versions, err := s.store.ReportVersions(ctx, year, docLang)
	if err != nil {
		return err
	}
	current := mingbai.ReportTexts{}
	if len(versions) > 0 {
		current = versions[0].Texts
	}
	// A part the form did not show (a page from before it existed) keeps
	// its text.
	texts := mingbai.ReportTexts{}
	for _, part := range mingbai.ReportParts {
		v := formValueOr(c, "part_"+string(part), current[part])
		texts[part] = strings.TrimSpace(mingbai.NFC(strings.ReplaceAll(v, "\r\n", "\n")))
	}
	e := store.AuditEntry{ActorID: currentUser(c).ID, Action: "report.save", Target: strconv.Itoa(year)}
	if _, err := s.store.SaveReport(ctx, e, year, docLang, texts); err != nil {
		return err
	}
	return redirectToReport(c, l, year, docLang, "text")
}

// saveReportHeading sets the report's heading and signature in the form's
// language, for every year's report.
func (s *server) saveReportHeading(c echo.Context) error {
	l, year, docLang, err := reportForm(c)
	if err != nil {
		return err
	}
	h := mingbai.ReportHeading{Township: formText(c, "township"), Addressee: formText(c, "addressee"), Issuer: formText(c, "issuer")}
	e := store.AuditEntry{ActorID: currentUser(c).ID, Action: "report.heading", Target: string(docLang)}
	if err := s.store.SaveReportHeading(c.Request().Context(), e, docLang, h); err != nil {
		return err
	}
	return redirectToReport(c, l, year, docLang, "heading")
}

// reportForm reads what a post to a year's report names: the desk's
// language, the year and the report's language.
func reportForm(c echo.Context) (desk mingbai.Lang, year int, doc mingbai.Lang, err error) {
	if desk, err = pathLang(c); err != nil {
		return "", 0, "", err
	}
	if year, _, err = reportYear(c); err != nil {
		return "", 0, "", err
	}
	return desk, year, reportLang(c, desk), nil
}

// redirectToReport answers a post with the year's report in doc, saying
// what was saved.
func redirectToReport(c echo.Context, desk mingbai.Lang, year int, doc mingbai.Lang, saved string) error {
	return c.Redirect(http.StatusSeeOther, "/"+string(desk)+"/office/report/"+strconv.Itoa(year)+"?doc="+string(doc)+"&saved="+saved)
}
