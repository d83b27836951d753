package main

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"mingbai/locales"

	"mingbai/server/internal/testclock"
	"mingbai/server/internal/townshipyear"
	"mingbai/server/locale"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// TestBrowserReportOfATownshipYear enters last year's work of a township
// (townshipyear) into a running server and reads the annual report in
// Chromium, on screen and as printed on A4: every hand-counted figure in
// its place, nothing wider than the page, and every chart label inside
// its chart in the Tibetan report.
func TestBrowserReportOfATownshipYear(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowser(t)
	y := time.Now().In(mingbai.Township).Year() - 1
	clock := testclock.At(time.Date(y-1, 12, 1, 4, 0, 0, 0, time.UTC))
	s, err := store.Open(context.Background(), filepath.Join(ts.DataDir, "mingbai.db"), clock)
	if err != nil {
		t.Fatal(err)
	}
	townshipyear.Enter(t, s, clock, y)
	s.Close()

	firstSignIn(t, ctx, ts, "office", firstPassword(t, ts), "grassland-2026-desk", ".office-nav")
	report := ts.URL + "/zh/office/report/" + strconv.Itoa(y)
	mustDo(t, ctx, "open the report",
		chromedp.Navigate(report),
		chromedp.WaitVisible(chromedp.CSS("article.report h1")),
	)
	rows := must(t, ctx, "read its figures", chromedp.Evaluate[map[string][]string](
		`Object.fromEntries([...document.querySelectorAll("article.report table.figures tbody tr")].map(
			tr => [tr.querySelector("th").innerText.trim(), [...tr.querySelectorAll("td")].map(td => td.innerText.trim())]))`))
	bundle, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for id, want := range townshipyear.Want {
		label := bundle.T(mingbai.Chinese, id, nil)
		row, ok := rows[label]
		if !ok {
			continue // a figure of the dashboard the report leaves out
		}
		checked++
		if len(row) < 2 || row[0] != want || row[1] != "—" {
			t.Errorf("%s reads %q, want %s and no comparison", label, row, want)
		}
	}
	if checked < 25 {
		t.Fatalf("the report showed %d of the hand-counted figures; rows: %v", checked, rows)
	}

	// Printed on A4 (210 mm less 20 mm margins: 643 CSS px) the report is
	// no wider than the page.
	mustDo(t, ctx, "lay it out for print",
		chromedp.EmulateViewport(643, 1000),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}),
	)
	overflow := must(t, ctx, "measure it", chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
	if overflow > 0 {
		t.Errorf("the printed report is %d px wider than the page", overflow)
	}

	// In the Tibetan report, no chart label runs out of its chart.
	mustDo(t, ctx, "open the Tibetan report",
		chromedp.Navigate(report+"?doc=bo"),
		chromedp.WaitVisible(chromedp.CSS("article.report svg.chart")),
	)
	clipped := must(t, ctx, "measure its chart labels", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("svg.chart")].flatMap(svg => { const box = svg.getBoundingClientRect();
			return [...svg.querySelectorAll("text.chart-label")].filter(t => { const r = t.getBoundingClientRect();
				return r.left < box.left - 1 || r.right > box.right + 1 || r.width === 0; }).map(t => t.textContent); })`))
	if len(clipped) > 0 {
		t.Errorf("Tibetan chart labels cut at the chart's edge: %q", clipped)
	}
}
