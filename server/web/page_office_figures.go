package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// figuresPage is the office's dashboard: the figures of a period beside
// the period before, charts drawn on the server, and the village table.
type figuresPage struct {
	formPage
	Period      mingbai.Period
	VillageID   string
	Topic       string
	Fig, Prev   *mingbai.Figures
	Lines       []comparedLine
	Charts      []chart
	Villages    []store.VillageRow
	Topics      []mingbai.Topic
	ExportQuery string // the filters as a query string, for export links (not Query: that is the search box's)
	PeriodKinds []string
}

// comparedLine is one figure now and in the period before.
type comparedLine struct {
	LabelID     string
	Now, Before float64
	Href        string // what the figure counts: its records in the inbox, or an office page
	// CountsRecords: Href lists as many records as the figure says.
	CountsRecords bool
	// NoBefore: the period before is from before the township's first
	// record, so nothing is compared ("—"), rather than growth from zero.
	NoBefore bool
}

// noComparison stands for a figure of a period before any record.
const noComparison = "—"

// Delta is the change from the period before, signed: "+3", "−2", "0".
func (l comparedLine) Delta() string {
	if l.NoBefore {
		return noComparison
	}
	d := l.Now - l.Before
	switch {
	case d > 0:
		return "+" + formatNumber(d)
	case d < 0:
		return "−" + formatNumber(-d)
	}
	return "0"
}

// NowText and BeforeText show the numbers, halves for hours included.
func (l comparedLine) NowText() string { return formatNumber(l.Now) }
func (l comparedLine) BeforeText() string {
	if l.NoBefore {
		return noComparison
	}
	return formatNumber(l.Before)
}

// formatNumber writes a count or a number of hours as it is: 3, 2.5.
func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// chart is a titled chart of the dashboard.
type chart struct {
	TitleID string
	SVG     template.HTML
}

// officeFigures shows the dashboard.
func (s *server) officeFigures(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	namer, err := s.exportNamer(c)
	if err != nil {
		return err
	}
	f, err := s.figureFilterOf(c, namer)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	fig, err := s.store.Figures(ctx, f)
	if err != nil {
		return err
	}
	prevFilter := f
	prevFilter.Period = f.Period.Previous()
	prev, err := s.store.Figures(ctx, prevFilter)
	if err != nil {
		return err
	}
	p := figuresPage{formPage: s.newFormPage(c, l, "figures.title"), Period: f.Period, VillageID: f.VillageID,
		Topic: f.Topic, Fig: fig, Prev: prev, Lines: compareFigures(fig, prev), ExportQuery: figuresQuery(f),
		PeriodKinds: []string{"year", "quarter", "month", "range"}}
	linkRecords(l, p.Lines, f)
	first, err := s.store.FirstDay(ctx)
	if err != nil {
		return err
	}
	for i := range p.Lines {
		p.Lines[i].NoBefore = first == "" || prevFilter.Period.To < first
	}
	if p.Villages, err = s.store.Villages(ctx); err != nil {
		return err
	}
	topics, err := s.store.Topics(ctx)
	if err != nil {
		return err
	}
	for _, t := range topics {
		p.Topics = append(p.Topics, t.Topic)
	}
	campaigns, err := s.store.Campaigns(ctx)
	if err != nil {
		return err
	}
	p.Charts = s.figureCharts(p.page, fig, p.Topics, campaigns)
	return s.render(c, http.StatusOK, "office_figures", p)
}

// compareFigures lists the main figures (figureLines), now and before.
func compareFigures(f, b *mingbai.Figures) []comparedLine {
	num := func(v any) float64 {
		switch v := v.(type) {
		case int:
			return float64(v)
		case float64:
			return v
		}
		return 0
	}
	out := make([]comparedLine, len(figureLines))
	for i, line := range figureLines {
		out[i] = comparedLine{LabelID: line.id, Now: num(line.value(f)), Before: num(line.value(b))}
	}
	return out
}

// linkRecords points each line at what it counts: a count or a sum of a
// kind's records at the inbox showing those records (the kind, the
// period and village, the topic when the kind has one, counted records
// only; the office's own for its lines), a count of residents, trainings
// or readers' requests at the office's page of them.
func linkRecords(l mingbai.Lang, lines []comparedLine, f store.FigureFilter) {
	for i := range lines {
		line := figureLines[i]
		switch line.link {
		case linkNone:
			continue
		case linkPage:
			lines[i].Href = officeLink(l, line.page)
			continue
		}
		q := store.InboxFilter{Kind: line.kind, From: f.Period.From, To: f.Period.To, VillageID: f.VillageID,
			Counted: line.kind != mingbai.RuleRevision, ByOffice: line.link == linkOffice}
		if spec, err := mingbai.SpecOf(line.kind); err == nil {
			if _, ok := spec.Field("topic"); ok {
				q.Topic = f.Topic
			}
		}
		lines[i].Href = "/" + string(l) + "/office/records?" + inboxValues(q).Encode()
		lines[i].CountsRecords = line.link == linkCount || line.link == linkOffice
	}
}

// figureCharts draws the breakdowns, each labelled in the page's language.
func (s *server) figureCharts(p page, f *mingbai.Figures, topics []mingbai.Topic, campaignList []mingbai.Campaign) []chart {
	campaigns := map[string]string{}
	for _, c := range campaignList {
		campaigns[c.Slug] = c.Name(p.Lang)
	}
	option := func(field string) func(string) string {
		return func(k string) string {
			if k == "" {
				return p.T("figures.not_given") // an optional field left empty
			}
			return p.T("record_option." + field + "." + k)
		}
	}
	topicName := func(slug string) string {
		for _, t := range topics {
			if t.Slug == slug {
				return t.Name(p.Lang)
			}
		}
		return slug
	}
	campaignName := func(slug string) string { return orSelf(campaigns[slug], slug) }
	event := mingbai.PromotionEvent
	leaflets := []bar{{Label: p.T("figures.leaflets_bo"), N: int(f.Sum(event, "leaflets_bo"))},
		{Label: p.T("figures.leaflets_zh"), N: int(f.Sum(event, "leaflets_zh"))},
		{Label: p.T("figures.leaflets_bilingual"), N: int(f.Sum(event, "leaflets_bilingual"))},
		{Label: p.T("figures.opens_bo"), N: f.OpensBo}, {Label: p.T("figures.opens_zh"), N: f.OpensZh}}
	revisions := []bar{
		{Label: p.T("figures.revisions_filed"), N: f.RevisionsFiled},
		{Label: p.T("figures.revisions_approved"), N: f.RevisionsApproved},
		{Label: p.T("figures.revisions_returned"), N: f.RevisionsReturned},
		{Label: p.T("figures.revisions_adopted"), N: f.RevisionsAdopted},
	}
	var villages []bar
	for _, v := range f.Villages {
		villages = append(villages, bar{Label: v.Name(p.Lang), N: v.PeopleReached})
	}
	charts := []chart{
		{"figures.chart_leaflets", barChart(p.T("figures.chart_leaflets"), leaflets)},
		{"figures.chart_audience", barChart(p.T("figures.chart_audience"), countBars(f.By(event, "audience"), option("audience")))},
		{"figures.chart_event_form", barChart(p.T("figures.chart_event_form"), countBars(f.By(event, "event_form"), option("event_form")))},
		{"figures.chart_venue", barChart(p.T("figures.chart_venue"), countBars(f.By(event, "venue"), option("venue")))},
		{"figures.chart_campaign", barChart(p.T("figures.chart_campaign"), countBars(withoutNone(f.By(event, "campaign")), campaignName))},
		{"figures.chart_village_people", barChart(p.T("figures.chart_village_people"), villages)},
		{"figures.chart_topic", barChart(p.T("figures.chart_topic"), countBars(f.By(mingbai.Consultation, "topic"), topicName))},
		{"figures.chart_group", barChart(p.T("figures.chart_group"), countBars(f.By(mingbai.Consultation, "asker_group"), option("asker_group")))},
		{"figures.chart_dispute", barChart(p.T("figures.chart_dispute"), countBars(f.By(mingbai.Mediation, "dispute_kind"), option("dispute_kind")))},
		{"figures.chart_mediation_outcome", barChart(p.T("figures.chart_mediation_outcome"),
			countBars(f.By(mingbai.Mediation, "outcome"), option("outcome")))},
		{"figures.chart_revisions", barChart(p.T("figures.chart_revisions"), revisions)},
		{"figures.chart_requests", barChart(p.T("figures.chart_requests"), countBars(f.RequestsByTopic, topicName))},
	}
	return charts
}

// withoutNone is c without its count of records that gave no value: an
// event of no campaign is most events, and no campaign's bar.
func withoutNone(c mingbai.Counts) mingbai.Counts {
	out := mingbai.Counts{}
	for k, n := range c {
		if k != "" {
			out[k] = n
		}
	}
	return out
}
