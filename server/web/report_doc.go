package web

import (
	"strconv"
	"time"

	"mingbai/server/document"
	"mingbai/server/mingbai"
)

// reportOutline is the annual report in the order the county asks for:
// part 一 in sections, each with its figures and the office's account,
// then parts 二 to 五, the office's text alone. Part 五 is left out when
// the office wrote nothing in it.
var reportOutline = []reportPartOutline{
	{heading: "report.part_measures", sections: []reportPartOutline{
		{part: mingbai.PartPromotion, heading: "report.part_promotion", figures: []string{"figures.events",
			"figures.events_office", "figures.people_reached", "figures.leaflets_bo", "figures.leaflets_zh", "figures.leaflets_bilingual",
			"figures.opens_bo", "figures.opens_zh", "figures.helped", "figures.requests"}},
		{part: mingbai.PartResidents, heading: "report.part_residents", figures: []string{"figures.residents_registered",
			"figures.residents_appointed", "figures.residents_left", "figures.residents_trained",
			"figures.training_sessions", "figures.training_hours", "figures.training_others"}},
		{part: mingbai.PartServices, heading: "report.part_services", figures: []string{"figures.consultations",
			"figures.consultations_office", "figures.mediations", "figures.mediations_office", "figures.enterprise_services",
			"figures.enterprise_services_office", "figures.referrals", "figures.follow_ups"}},
		{part: mingbai.PartRules, heading: "report.part_rules", figures: []string{"figures.revisions_filed",
			"figures.revisions_approved", "figures.revisions_returned", "figures.revisions_adopted",
			"figures.survey_asked", "figures.survey_knew", "figures.awareness_rate"}},
	}},
	{part: mingbai.PartShortcomings, heading: "report.part_shortcomings"},
	{part: mingbai.PartLeaders, heading: "report.part_leaders"},
	{part: mingbai.PartPlans, heading: "report.part_plans"},
	{part: mingbai.PartOther, heading: "report.part_other", optional: true},
}

// reportPartOutline is one part or section of the report: the text the
// office writes for it (none for part 一 itself), its heading, the
// figures it shows, its sections.
type reportPartOutline struct {
	part     mingbai.ReportPart
	heading  string
	figures  []string
	sections []reportPartOutline
	optional bool
}

// reportInput is what a year's report is made of.
type reportInput struct {
	year      int
	lines     map[string]comparedLine // the year's figures beside the year before's, by label
	texts     mingbai.ReportTexts     // the office's current text in the report's language
	other     mingbai.ReportTexts     // and in the other language, to tell a missing translation
	otherLang mingbai.Lang
	heading   mingbai.ReportHeading
	signed    time.Time // when the current text was saved (or now, if never)
}

// reportDocument writes the year's report in language l: every string
// from l's locale, the figures in the outline's order, the office's text
// where it wrote one, and a note where it did not, saying whether the
// other language has it, so nothing is printed in the other language
// unannounced.
func (s *server) reportDocument(l mingbai.Lang, in reportInput) document.Document {
	t := func(id string, args ...any) string { return s.page(l).T(id, args...) }
	signed := in.signed.In(mingbai.Township)
	d := document.Document{
		Lang:    string(l),
		Title:   t("report.doc_title", "Township", in.heading.Township, "Year", in.year),
		Opening: mingbai.Paragraphs(in.texts[mingbai.PartOpening]),
		Issuer:  in.heading.Issuer,
		Date:    t("report.date", "Year", signed.Year(), "Month", int(signed.Month()), "Day", signed.Day()),
	}
	if in.heading.Addressee != "" {
		d.Addressee = t("report.addressee_line", "Addressee", in.heading.Addressee)
	}
	n := 0
	for _, o := range reportOutline {
		part, ok := s.reportPart(l, in, o, t)
		if !ok {
			continue
		}
		n++
		part.Heading = t("report.part_number", "N", numeral(l, n), "Heading", part.Heading)
		d.Parts = append(d.Parts, part)
	}
	return d
}

// reportPart writes one part of the outline, its sections numbered; ok is
// false for an optional part nobody wrote.
func (s *server) reportPart(l mingbai.Lang, in reportInput, o reportPartOutline, t func(string, ...any) string) (document.Part, bool) {
	p := document.Part{Heading: t(o.heading)}
	if len(o.figures) > 0 {
		p.Table = &document.Table{Head: []string{t("report.col_figure"), strconv.Itoa(in.year), strconv.Itoa(in.year - 1), t("figures.change")}}
		for _, id := range o.figures {
			line := in.lines[id]
			p.Table.Rows = append(p.Table.Rows, []string{t(id), line.NowText(), line.BeforeText(), line.Delta()})
			p.Table.Links = append(p.Table.Links, line.Href)
		}
	}
	if o.part != "" {
		mine, theirs := in.texts[o.part], in.other[o.part]
		if o.optional && mine == "" && theirs == "" {
			return p, false
		}
		p.Paragraphs = mingbai.Paragraphs(mine)
		switch {
		case len(p.Paragraphs) > 0:
		case theirs != "":
			p.Note = t("report.missing_in_lang", "Other", t("report.lang."+string(in.otherLang)))
		default:
			p.Note = t("report.not_written")
		}
	}
	for i, sec := range o.sections {
		part, ok := s.reportPart(l, in, sec, t)
		if !ok {
			continue
		}
		part.Heading = t("report.section_number", "N", numeral(l, i+1), "Heading", part.Heading)
		p.Sections = append(p.Sections, part)
	}
	return p, true
}

// page is a bare page in l, for its T.
func (s *server) page(l mingbai.Lang) page { return page{Lang: l, bundle: s.locale} }

// numeral writes n (1 to 99) as the report's numbering in l does: 一, 二
// in Chinese; ༡, ༢ in Tibetan digits; 1, 2 in English.
func numeral(l mingbai.Lang, n int) string {
	switch l {
	case mingbai.Chinese:
		digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
		switch {
		case n < 10:
			return digits[n]
		case n == 10:
			return "十"
		case n < 20:
			return "十" + digits[n%10]
		}
		return digits[n/10] + "十" + digits[n%10]
	case mingbai.Tibetan:
		var out []rune
		for _, r := range strconv.Itoa(n) {
			out = append(out, r-'0'+'༠')
		}
		return string(out)
	}
	return strconv.Itoa(n)
}
