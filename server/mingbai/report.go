package mingbai

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// ReportPart names a part of the annual report that the office writes:
// the account of each section of part 一 (主要举措和成效), then parts 二
// to 五 whole.
type ReportPart string

// The parts of the report the office writes, in the order the county asks
// for them.
const (
	PartOpening      ReportPart = "opening"      // before part 一: what the report covers
	PartPromotion    ReportPart = "promotion"    // 一 (一): law promotion
	PartResidents    ReportPart = "residents"    // 一 (二): the legal-savvy residents and their training
	PartServices     ReportPart = "services"     // 一 (三): consultations, mediation, services to enterprises
	PartRules        ReportPart = "rules"        // 一 (四): village rules
	PartShortcomings ReportPart = "shortcomings" // 二: shortcomings and their causes
	PartLeaders      ReportPart = "leaders"      // 三: how the leaders carried their first responsibility
	PartPlans        ReportPart = "plans"        // 四: next year's work
	PartOther        ReportPart = "other"        // 五: anything else; left out when empty
)

// ReportParts lists every part in the report's order.
var ReportParts = []ReportPart{PartOpening, PartPromotion, PartResidents, PartServices, PartRules,
	PartShortcomings, PartLeaders, PartPlans, PartOther}

// ReportLangs are the languages the report is written in: the county
// reads Chinese; the township keeps a Tibetan version for its villages.
var ReportLangs = []Lang{Chinese, Tibetan}

// MaxReportPartRunes caps each part the office writes: pages, not books.
const MaxReportPartRunes = 20000

// MaxHeadingRunes caps each line of the report's heading (the township's
// name, the addressee, the issuer).
const MaxHeadingRunes = 100

// ReportTexts are what the office wrote in one language, by part; a part
// not written is absent or "".
type ReportTexts map[ReportPart]string

// CheckReportTexts refuses a part not in ReportParts or longer than
// MaxReportPartRunes, with EINVALID naming it.
func CheckReportTexts(t ReportTexts) error {
	for part, text := range t {
		if !slices.Contains(ReportParts, part) {
			return Errorf(EINVALID, "error.report_part", "report part %q", part)
		}
		if n := utf8.RuneCountInString(text); n > MaxReportPartRunes {
			return Errorf(EINVALID, "error.field_text_long", "report part %s: %d characters", part, n).
				With("Field", Message("report.part_"+string(part)), "Max", MaxReportPartRunes)
		}
	}
	return nil
}

// Paragraphs splits a part's text into its paragraphs, one a line.
func Paragraphs(text string) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if para = strings.TrimSpace(para); para != "" {
			out = append(out, para)
		}
	}
	return out
}

// ReportHeading is the report's heading and signature in one language:
// who sends it, to whom, and the name the title gives the township.
type ReportHeading struct {
	Township  string // 某某乡
	Addressee string // the county's rule-of-law office
	Issuer    string // 某某乡人民政府 (or its judicial office)
}

// Check refuses a heading line longer than MaxHeadingRunes or holding a
// line break, with EINVALID naming it.
func (h ReportHeading) Check() error {
	for _, f := range []struct {
		label Message
		v     string
	}{{"report.township", h.Township}, {"report.addressee", h.Addressee}, {"report.issuer", h.Issuer}} {
		if utf8.RuneCountInString(f.v) > MaxHeadingRunes || strings.ContainsAny(f.v, "\r\n") {
			return Errorf(EINVALID, "error.field_text_long", "report heading %s", f.label).
				With("Field", f.label, "Max", MaxHeadingRunes)
		}
	}
	return nil
}
