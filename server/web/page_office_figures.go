package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

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
	Lines       []figureLine
	Charts      []chart
	Villages    []store.VillageRow
	Topics      []mingbai.Topic
	Query       string // the filters as a query string, for export links
	PeriodKinds []string
}

// figureLine is one figure now and in the period before.
type figureLine struct {
	LabelID     string
	Now, Before float64
}

// Delta is the change from the period before, signed: "+3", "−2", "0".
func (l figureLine) Delta() string {
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
func (l figureLine) NowText() string    { return formatNumber(l.Now) }
func (l figureLine) BeforeText() string { return formatNumber(l.Before) }

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// chart is a titled chart of the dashboard.
type chart struct {
	TitleID string
	SVG     template.HTML
}

// figuresFilter reads the dashboard's filters: the period (default: this
// year in the township), a village, a topic. A bad one is EINVALID.
func (s *server) figuresFilter(c echo.Context) (store.FigureFilter, error) {
	kind, value := c.QueryParam("period"), c.QueryParam("value")
	if kind == "" {
		kind, value = "year", strconv.Itoa(time.Now().In(mingbai.Township).Year())
	}
	p, err := mingbai.ParsePeriod(kind, value, c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return store.FigureFilter{}, err
	}
	f := store.FigureFilter{Period: p, VillageID: c.QueryParam("village"), Topic: c.QueryParam("topic")}
	if f.VillageID != "" && !mingbai.ValidUUID(f.VillageID) {
		return f, mingbai.Errorf(mingbai.EINVALID, "error.village_unknown", "village %q", f.VillageID)
	}
	if f.Topic != "" && !mingbai.ValidSlug(f.Topic) {
		return f, mingbai.Errorf(mingbai.EINVALID, "error.topic_unknown", "topic %q", f.Topic)
	}
	return f, nil
}

// filterQuery writes a filter back as the dashboard's query string.
func filterQuery(f store.FigureFilter) string {
	q := url.Values{"period": {f.Period.Kind}}
	if f.Period.Kind == "range" {
		q.Set("from", f.Period.From)
		q.Set("to", f.Period.To)
	} else {
		q.Set("value", f.Period.Value)
	}
	if f.VillageID != "" {
		q.Set("village", f.VillageID)
	}
	if f.Topic != "" {
		q.Set("topic", f.Topic)
	}
	return q.Encode()
}

// officeFigures shows the dashboard.
func (s *server) officeFigures(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	f, err := s.figuresFilter(c)
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
		Topic: f.Topic, Fig: fig, Prev: prev, Lines: figureLines(fig, prev), Query: filterQuery(f),
		PeriodKinds: []string{"year", "quarter", "month", "range"}}
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
	p.Charts = s.figureCharts(p.page, fig, p.Topics)
	return s.render(c, http.StatusOK, "office_figures", p)
}

// figureLines are the headline figures, now and before.
func figureLines(f, b *mingbai.Figures) []figureLine {
	line := func(id string, get func(*mingbai.Figures) float64) figureLine {
		return figureLine{LabelID: id, Now: get(f), Before: get(b)}
	}
	i := func(get func(*mingbai.Figures) int) func(*mingbai.Figures) float64 {
		return func(x *mingbai.Figures) float64 { return float64(get(x)) }
	}
	return []figureLine{
		line("figures.events", i(func(x *mingbai.Figures) int { return x.Events })),
		line("figures.people_reached", i(func(x *mingbai.Figures) int { return x.PeopleReached })),
		line("figures.leaflets_bo", i(func(x *mingbai.Figures) int { return x.LeafletsBo })),
		line("figures.leaflets_zh", i(func(x *mingbai.Figures) int { return x.LeafletsZh })),
		line("figures.consultations", i(func(x *mingbai.Figures) int { return x.Consultations })),
		line("figures.mediations", i(func(x *mingbai.Figures) int { return x.Mediations })),
		line("figures.referrals", i(func(x *mingbai.Figures) int { return x.Referrals })),
		line("figures.residents_registered", i(func(x *mingbai.Figures) int { return x.ResidentsRegistered })),
		line("figures.residents_trained", i(func(x *mingbai.Figures) int { return x.ResidentsTrained })),
		line("figures.training_sessions", i(func(x *mingbai.Figures) int { return x.TrainingSessions })),
		line("figures.training_hours", func(x *mingbai.Figures) float64 { return x.TrainingHours }),
		line("figures.revisions_filed", i(func(x *mingbai.Figures) int { return x.RevisionsFiled })),
		line("figures.revisions_approved", i(func(x *mingbai.Figures) int { return x.RevisionsApproved })),
		line("figures.revisions_returned", i(func(x *mingbai.Figures) int { return x.RevisionsReturned })),
		line("figures.revisions_adopted", i(func(x *mingbai.Figures) int { return x.RevisionsAdopted })),
		line("figures.follow_ups", i(func(x *mingbai.Figures) int { return x.FollowUps })),
	}
}

// figureCharts draws the breakdowns, each labelled in the page's language.
func (s *server) figureCharts(p page, f *mingbai.Figures, topics []mingbai.Topic) []chart {
	option := func(field string) func(string) string {
		return func(k string) string { return p.T("record_option." + field + "." + k) }
	}
	topicName := func(slug string) string {
		for _, t := range topics {
			if t.Slug == slug {
				return t.Name(p.Lang)
			}
		}
		return slug
	}
	leaflets := []bar{{Label: p.T("content_lang.bo"), N: f.LeafletsBo}, {Label: p.T("content_lang.zh"), N: f.LeafletsZh}}
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
		{"figures.chart_audience", barChart(p.T("figures.chart_audience"), countBars(f.EventsByAudience, option("audience")))},
		{"figures.chart_village_people", barChart(p.T("figures.chart_village_people"), villages)},
		{"figures.chart_topic", barChart(p.T("figures.chart_topic"), countBars(f.ConsultationsByTopic, topicName))},
		{"figures.chart_group", barChart(p.T("figures.chart_group"), countBars(f.ConsultationsByGroup, option("asker_group")))},
		{"figures.chart_dispute", barChart(p.T("figures.chart_dispute"), countBars(f.MediationsByKind, option("dispute_kind")))},
		{"figures.chart_mediation_outcome", barChart(p.T("figures.chart_mediation_outcome"),
			countBars(f.MediationsByOutcome, option("outcome")))},
		{"figures.chart_revisions", barChart(p.T("figures.chart_revisions"), revisions)},
	}
	return charts
}
