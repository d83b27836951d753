package web

import (
	"fmt"
	"math"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// figureLine is one of the figures' main lines: the message of its label,
// its number, and what it links to on the office's pages.
type figureLine struct {
	id    string
	value func(*mingbai.Figures) any
	kind  mingbai.RecordKind // the kind whose records the line counts or sums
	link  lineLink
	page  string // for linkPage: the office's page that lists what it counts
}

// lineLink is what a figure links to.
type lineLink int

const (
	linkNone   lineLink = iota
	linkCount           // the records it counts, in the inbox: as many rows as the figure
	linkOffice          // the office's own of those
	linkSum             // the records whose field it sums
	linkPage            // the office page of what it counts (residents, trainings, requests)
)

// figureLines are the figures' main lines in DESIGN §8's order.
var figureLines = []figureLine{
	countLine("figures.events", mingbai.PromotionEvent),
	officeLine("figures.events_office", mingbai.PromotionEvent),
	sumLine("figures.people_reached", mingbai.PromotionEvent, "people_reached"),
	sumLine("figures.leaflets_bo", mingbai.PromotionEvent, "leaflets_bo"),
	sumLine("figures.leaflets_zh", mingbai.PromotionEvent, "leaflets_zh"),
	sumLine("figures.leaflets_bilingual", mingbai.PromotionEvent, "leaflets_bilingual"),
	pageLine("figures.opens_bo", "requests", func(f *mingbai.Figures) any { return f.OpensBo }),
	pageLine("figures.opens_zh", "requests", func(f *mingbai.Figures) any { return f.OpensZh }),
	pageLine("figures.helped", "requests", func(f *mingbai.Figures) any { return f.Helped }),
	pageLine("figures.requests", "requests", func(f *mingbai.Figures) any { return f.Requests }),
	pageLine("figures.residents_registered", "residents", func(f *mingbai.Figures) any { return f.ResidentsRegistered }),
	pageLine("figures.residents_appointed", "residents", func(f *mingbai.Figures) any { return f.ResidentsAppointed }),
	pageLine("figures.residents_left", "residents", func(f *mingbai.Figures) any { return f.ResidentsLeft }),
	sumLine("figures.residents_trained", mingbai.Attendance, ""),
	pageLine("figures.training_sessions", "trainings", func(f *mingbai.Figures) any { return f.TrainingSessions }),
	pageLine("figures.training_hours", "trainings", func(f *mingbai.Figures) any { return f.TrainingHours }),
	sumLine("figures.attendance_hours", mingbai.Attendance, "hours"),
	pageLine("figures.training_others", "trainings", func(f *mingbai.Figures) any { return f.TrainingOthers }),
	countLine("figures.consultations", mingbai.Consultation),
	officeLine("figures.consultations_office", mingbai.Consultation),
	countLine("figures.mediations", mingbai.Mediation),
	officeLine("figures.mediations_office", mingbai.Mediation),
	countLine("figures.enterprise_services", mingbai.Enterprise),
	officeLine("figures.enterprise_services_office", mingbai.Enterprise),
	{id: "figures.referrals", value: func(f *mingbai.Figures) any { return f.Referrals }},
	{id: "figures.referrals_accepted", value: func(f *mingbai.Figures) any { return f.ReferralsAccepted }},
	{id: "figures.referrals_closed", value: func(f *mingbai.Figures) any { return f.ReferralsClosed }},
	// Filed counts the returned revisions too: the inbox's every current one.
	{id: "figures.revisions_filed", value: func(f *mingbai.Figures) any { return f.RevisionsFiled }, kind: mingbai.RuleRevision, link: linkSum},
	{id: "figures.revisions_approved", value: func(f *mingbai.Figures) any { return f.RevisionsApproved }},
	{id: "figures.revisions_returned", value: func(f *mingbai.Figures) any { return f.RevisionsReturned }},
	{id: "figures.revisions_adopted", value: func(f *mingbai.Figures) any { return f.RevisionsAdopted }},
	countLine("figures.follow_ups", mingbai.FollowUp),
	sumLine("figures.survey_asked", mingbai.RuleSurvey, "asked"),
	sumLine("figures.survey_knew", mingbai.RuleSurvey, "knew"),
	{id: "figures.awareness_rate", value: awarenessRate, kind: mingbai.RuleSurvey, link: linkSum},
}

// awarenessRate is the share of villagers asked who knew an adopted rule,
// in percent to one decimal; 0 when nobody was asked.
func awarenessRate(f *mingbai.Figures) any {
	asked := f.Sum(mingbai.RuleSurvey, "asked")
	if asked == 0 {
		return 0.0
	}
	return math.Round(f.Sum(mingbai.RuleSurvey, "knew")/asked*1000) / 10
}

// countLine is the line of how many records of kind k count, linked to
// them; officeLine of how many of them are the office's own.
func countLine(id string, k mingbai.RecordKind) figureLine {
	return figureLine{id: id, value: func(f *mingbai.Figures) any { return f.Count(k) }, kind: k, link: linkCount}
}

func officeLine(id string, k mingbai.RecordKind) figureLine {
	return figureLine{id: id, value: func(f *mingbai.Figures) any { return f.ByOffice[k] }, kind: k, link: linkOffice}
}

// sumLine is the line of field of kind k summed over the records counted
// (people reached at events, hours attended), linked to those records;
// with no field, the residents who attended.
func sumLine(id string, k mingbai.RecordKind, field string) figureLine {
	value := func(f *mingbai.Figures) any { return f.Sum(k, field) }
	if field == "" {
		value = func(f *mingbai.Figures) any { return f.ResidentsTrained }
	}
	return figureLine{id: id, value: value, kind: k, link: linkSum}
}

// pageLine is a line of what an office page lists: residents, trainings,
// what readers asked for.
func pageLine(id, page string, value func(*mingbai.Figures) any) figureLine {
	return figureLine{id: id, value: value, link: linkPage, page: page}
}

// figureBreakdown is one kind of record counted by one of its fields.
type figureBreakdown struct {
	kind  mingbai.RecordKind
	field mingbai.Field
}

// figureBreakdowns are the fields of every kind that the specification
// marks Figure and that hold a choice or a topic, each counted by value.
var figureBreakdowns = func() []figureBreakdown {
	var out []figureBreakdown
	for _, spec := range mingbai.Kinds {
		for _, f := range spec.Fields {
			if f.Figure && !f.IsNumber() {
				out = append(out, figureBreakdown{spec.Kind, f})
			}
		}
	}
	return out
}()

// keys are the values a breakdown shows, in order: its choices, or the
// topics or campaigns given.
func (b figureBreakdown) keys(topics, campaigns []string) []string {
	switch b.field.Type {
	case mingbai.TypeTopic, mingbai.TypeTopics:
		return topics
	case mingbai.TypeCampaign:
		return campaigns
	}
	return b.field.Choices
}

// figuresCSV and figuresXLSX send the figures for the query's filter (see
// figureFilterOf).
func (s *server) figuresCSV(c echo.Context) error  { return s.figuresExport(c, csvFormat) }
func (s *server) figuresXLSX(c echo.Context) error { return s.figuresExport(c, xlsxFormat) }

// figuresExport sends the figures of a period beside the period before
// it, with their breakdowns, and the villages' table: numbers only, no
// record and no name, but an export all the same, so it is logged.
func (s *server) figuresExport(c echo.Context, format exportFormat) error {
	n, err := s.exportNamer(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f, err := s.figureFilterOf(c, n)
	if err != nil {
		return err
	}
	topics, err := s.store.Topics(ctx)
	if err != nil {
		return err
	}
	cur, err := s.store.Figures(ctx, f)
	if err != nil {
		return err
	}
	before := f
	before.Period = f.Period.Previous()
	prev, err := s.store.Figures(ctx, before)
	if err != nil {
		return err
	}
	tables := figureTables(n, topics, cur, prev)
	detail := fmt.Sprintf("format=%s village=%s topic=%s", format, n.villages[f.VillageID], f.Topic)
	if err := s.audit(c, "export.figures", periodLabel(f.Period), detail); err != nil {
		return err
	}
	return s.sendExport(c, format, "mingbai-figures-"+fileLabel(f.Period)+"."+string(format), func(w exportWriter) error {
		for _, t := range tables {
			if err := t.write(w); err != nil {
				return err
			}
		}
		return nil
	})
}

// figureFilterOf reads what the figures cover from the dashboard's query:
// period (month, quarter, year or range) with value (2026-03, 2026-Q1,
// 2026) or from and to; village (an id) and topic (a slug), both
// optional. No period is this year in the township. A period, village or
// topic that is not one is EINVALID.
func (s *server) figureFilterOf(c echo.Context, n *recordNamer) (store.FigureFilter, error) {
	q := c.QueryParam
	f := store.FigureFilter{Period: mingbai.YearOf(s.clock.Now()), VillageID: q("village"), Topic: q("topic")}
	if q("period") != "" {
		p, err := mingbai.ParsePeriod(q("period"), q("value"), q("from"), q("to"))
		if err != nil {
			return f, err
		}
		f.Period = p
	}
	if _, ok := n.villages[f.VillageID]; f.VillageID != "" && !ok {
		return f, mingbai.Errorf(mingbai.EINVALID, "error.village_unknown", "village %q", f.VillageID)
	}
	if _, ok := n.topics[f.Topic]; f.Topic != "" && !ok {
		return f, mingbai.Errorf(mingbai.EINVALID, "error.topic_unknown", "topic %q", f.Topic)
	}
	return f, nil
}

// figuresExportURL is the address of the figures' export in format for
// what f covers: the dashboard links its download buttons here.
func figuresExportURL(l mingbai.Lang, f store.FigureFilter, format exportFormat) string {
	return officeLink(l, "figures", "export."+string(format)) + "?" + figuresQuery(f)
}

// figuresQuery writes what f covers as the query figureFilterOf reads.
func figuresQuery(f store.FigureFilter) string {
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

// periodLabel names p as the office chose it: 2026, 2026-Q1, 2026-03, or
// its first and last days.
func periodLabel(p mingbai.Period) string {
	if p.Value != "" {
		return p.Value
	}
	return p.From + "–" + p.To
}

// fileLabel is periodLabel in a file name's ASCII.
func fileLabel(p mingbai.Period) string {
	if p.Value != "" {
		return p.Value
	}
	return p.From + "_" + p.To
}

// figureTables lays the figures out: the main lines and breakdowns, the
// period beside the one before it, and the villages' table.
func figureTables(n *recordNamer, topics []store.TopicCount, cur, prev *mingbai.Figures) []*table {
	main := &table{name: "figures"}
	village, topic := n.t("office.all_villages"), n.t("figures.all_topics")
	if cur.VillageID != "" {
		village = n.villages[cur.VillageID]
	}
	if cur.Topic != "" {
		topic = n.topics[cur.Topic]
	}
	main.add(false, n.t("figures.village"), village)
	main.add(false, n.t("figures.topic"), topic)
	main.add(false)
	periods := []any{periodLabel(cur.Period), n.t("figures.previous") + " " + periodLabel(prev.Period)}
	main.add(true, append([]any{n.t("figures.period")}, periods...)...)
	for _, line := range figureLines {
		main.add(false, n.t(line.id), line.value(cur), line.value(prev))
	}
	slugs := make([]string, len(topics))
	for i, t := range topics {
		slugs[i] = t.Slug
	}
	for _, b := range figureBreakdowns {
		main.add(false)
		main.add(true, append([]any{n.t("record_kind."+string(b.kind)) + " · " + n.t("record_field."+b.field.Name)}, periods...)...)
		now, then := cur.By(b.kind, b.field.Name), prev.By(b.kind, b.field.Name)
		for _, k := range withCounted(b.keys(slugs, n.campaignSlugs()), now, then) {
			main.add(false, n.choice(b.field.Name, k), now[k], then[k])
		}
	}
	villages := &table{name: "villages"}
	villages.add(true, n.t("figures.by_village"), periodLabel(cur.Period))
	villages.add(true, n.t("figures.village"), n.t("figures.events"), n.t("figures.people_reached"),
		n.t("figures.leaflets_bo"), n.t("figures.leaflets_zh"), n.t("figures.consultations"),
		n.t("figures.mediations"), n.t("figures.revisions_filed"))
	for _, v := range cur.Villages {
		villages.add(false, v.Name(n.l), v.Events, v.PeopleReached, v.LeafletsBo, v.LeafletsZh,
			v.Consultations, v.Mediations, v.Revisions)
	}
	return []*table{main, villages}
}

// withCounted is keys and then, sorted, any other key counted in either
// period (a topic since removed, say): every counted record shows.
func withCounted(keys []string, counts ...mingbai.Counts) []string {
	out := slices.Clone(keys)
	var more []string
	for _, c := range counts {
		for k := range c {
			if !slices.Contains(out, k) && !slices.Contains(more, k) {
				more = append(more, k)
			}
		}
	}
	slices.Sort(more)
	return append(out, more...)
}

// choice names a value of a record's field: a topic by its name, a choice
// from a closed list by its label.
func (n *recordNamer) choice(field, value string) string {
	if value == "" {
		return n.t("figures.not_given") // an optional field left empty
	}
	if field == "topic" || field == "topics" {
		return orSelf(n.topics[value], value)
	}
	if field == "campaign" {
		return orSelf(n.campaigns[value], value)
	}
	return n.t("record_option." + field + "." + value)
}

// campaignSlugs lists the campaigns the namer knows, in a stable order.
func (n *recordNamer) campaignSlugs() []string {
	out := make([]string, 0, len(n.campaigns))
	for slug := range n.campaigns {
		out = append(out, slug)
	}
	slices.Sort(out)
	return out
}
