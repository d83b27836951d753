package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// slow2G is the link the figures below are for: 50 kbit/s down and up,
// 800 ms round trips, as a village phone on a weak 2G signal.
var slow2G = network.Conditions{Latency: 800, DownloadThroughput: 50_000 / 8, UploadThroughput: 50_000 / 8}

// firstViewJS says, once the page's text can be read, how many bytes the
// page took (itself and what it loaded), how many of them were fonts, and
// when its text was readable: the first paint, or for Tibetan text on a
// phone without a Tibetan font, when the served font had arrived (until
// then Tibetan shows as boxes).
const firstViewJS = `new Promise((painted) => new PerformanceObserver((list, o) => {
	if (list.getEntriesByName("first-contentful-paint").length) { o.disconnect(); painted(); }
}).observe({type: "paint", buffered: true})).then(() => document.fonts.ready).then(() => {
	const nav = performance.getEntriesByType("navigation")[0];
	const res = performance.getEntriesByType("resource");
	const font = res.filter((e) => /\.(woff2?|ttf|otf)$/.test(e.name));
	const paint = performance.getEntriesByName("first-contentful-paint")[0].startTime;
	const fontEnd = font.reduce((m, e) => Math.max(m, e.responseEnd), 0);
	const tibetan = /[\u0F40-\u0FBC]/.test(document.querySelector("main").textContent);
	return {
		bytes: nav.transferSize + res.reduce((n, e) => n + e.transferSize, 0),
		fontBytes: font.reduce((n, e) => n + e.transferSize, 0),
		readableMs: tibetan ? Math.max(paint, fontEnd) : paint,
	};
})`

type firstView struct {
	Bytes, FontBytes, ReadableMs float64
}

// BenchmarkLeafletOn2G opens a Tibetan and a Chinese leaflet for the first
// time (a fresh profile, nothing cached) on a phone without a Tibetan font
// over slow 2G, and reports the bytes, the font bytes and the time until
// the text is readable. Run it with -benchtime=1x: one view takes seconds.
//
//	go test ./server -run '^$' -bench LeafletOn2G -benchtime 1x
func BenchmarkLeafletOn2G(b *testing.B) {
	ts := startBrowserServer(b, nil)
	for _, lang := range []string{"bo", "zh"} {
		b.Run(lang, func(b *testing.B) {
			var sum firstView
			for i := 0; i < b.N; i++ {
				ctx := newBrowserIn(b, filepath.Join(b.TempDir(), "phone"), phoneWithoutTibetan(b))
				mustDo(b, ctx, "slow the link to 2G", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					// (Network.emulateNetworkConditionsByRule refuses a
					// global rule in Chromium 156; the older command works.)
					return tg.Call(ctx, "Network.emulateNetworkConditions", map[string]any{"offline": false,
						"latency": slow2G.Latency, "downloadThroughput": slow2G.DownloadThroughput,
						"uploadThroughput": slow2G.UploadThroughput}, nil)
				}))
				start := time.Now()
				mustDo(b, ctx, "open the leaflet", chromedp.Navigate(ts.URL+"/"+lang+"/m/bride-price"))
				v := must(b, ctx, "measure the first view", chromedp.Evaluate[firstView](firstViewJS, chromedp.EvalAwaitPromise))
				b.Logf("%s: %.0f bytes, %.0f of fonts, readable at %.1f s (%.1f s of wall time)",
					lang, v.Bytes, v.FontBytes, v.ReadableMs/1000, time.Since(start).Seconds())
				sum.Bytes += v.Bytes
				sum.FontBytes += v.FontBytes
				sum.ReadableMs += v.ReadableMs
			}
			n := float64(b.N)
			b.ReportMetric(sum.Bytes/n, "bytes/view")
			b.ReportMetric(sum.FontBytes/n, "font-bytes/view")
			b.ReportMetric(sum.ReadableMs/n, "readable-ms")
		})
	}
}
