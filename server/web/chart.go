package web

import (
	"cmp"
	"fmt"
	"html"
	"html/template"
	"strings"

	"mingbai/server/mingbai"
)

// bar is one bar of a chart: a label (in a language, for the right font)
// and its number.
type bar struct {
	Label string
	Lang  mingbai.Lang
	N     int
}

// Chart geometry, in the SVG's own units; the SVG scales to its box. Each
// label has the whole width above its bar, so a long label (Tibetan ones
// are) is never cut at the chart's edge, and the row is tall enough for
// Tibetan's stacked letters below the line.
const (
	chartWidth = 640
	chartNumW  = 70 // room for the number right of a bar
	chartRowH  = 42
	chartLineY = 17 // a label's baseline, from its row's top
	chartBarY  = 23 // its bar's top
	chartBarH  = 14
)

// barChart draws a horizontal bar chart as inline SVG: readable without
// JavaScript, sharp when printed, a few hundred bytes a bar. Each bar has
// its number written beside it, so the chart is also the table; labels
// are escaped here, since the SVG goes into the page as trusted HTML.
func barChart(title string, bars []bar) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	maxN := 0
	for _, b := range bars {
		maxN = max(maxN, b.N)
	}
	height := len(bars)*chartRowH + 8
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" role="img" aria-label="%s" viewBox="0 0 %d %d" width="100%%" preserveAspectRatio="xMinYMin meet">`,
		html.EscapeString(title), chartWidth, height)
	fmt.Fprintf(&s, `<title>%s</title>`, html.EscapeString(title))
	span := chartWidth - chartNumW
	for i, b := range bars {
		y := 4 + i*chartRowH
		w := 0
		if maxN > 0 {
			w = b.N * span / maxN
		}
		if b.N > 0 && w < 2 {
			w = 2 // a count of one is still seen
		}
		lang := ""
		if l := cmp.Or(b.Lang, mingbai.ScriptLang(b.Label)); l != "" {
			lang = fmt.Sprintf(` lang="%s"`, l) // a village's Chinese name on a Tibetan page
		}
		fmt.Fprintf(&s, `<text x="0" y="%d" class="chart-label"%s>%s</text>`, y+chartLineY, lang, html.EscapeString(b.Label))
		fmt.Fprintf(&s, `<rect x="0" y="%d" width="%d" height="%d" class="chart-bar"/>`, y+chartBarY, w, chartBarH)
		fmt.Fprintf(&s, `<text x="%d" y="%d" class="chart-num">%d</text>`, w+6, y+chartBarY+chartBarH-2, b.N)
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// countBars turns counts into bars, largest first, labelled through label.
func countBars(c mingbai.Counts, label func(key string) string) []bar {
	var out []bar
	for _, x := range c.Sorted() {
		out = append(out, bar{Label: label(x.Key), N: x.N})
	}
	return out
}
