package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// phoneWithoutTibetan is a browser whose system has no Tibetan font, as
// many villagers' phones: fontconfig is told to refuse every font with
// Tibetan in its name.
func phoneWithoutTibetan(t testing.TB) chromedp.ExecAllocatorOption {
	t.Helper()
	conf := filepath.Join(t.TempDir(), "fonts.conf")
	writeFile(t, conf, []byte(`<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>*Tibetan*</glob></rejectfont></selectfont>
</fontconfig>
`))
	return chromedp.Env("FONTCONFIG_FILE=" + conf)
}

// fontBytesJS sums what the page downloaded of fonts, by its resource
// timings (a fresh profile: nothing came from a cache).
const fontBytesJS = `performance.getEntriesByType("resource")
	.filter((e) => e.name.includes("/static/tibetan.") || e.initiatorType === "css" && /\.(woff2?|ttf|otf)$/.test(e.name))
	.reduce((n, e) => n + e.encodedBodySize, 0)`

// TestBrowserFontBytes: on a phone without a Tibetan font, a Chinese
// leaflet downloads no font byte and still names the Tibetan version
// legibly (the word drawn as an image); a Tibetan leaflet downloads the
// font once, as WOFF2 (smaller than the gzip'd TTF it used to be), and
// draws its text with it, headings larger than the text.
func TestBrowserFontBytes(t *testing.T) {
	ts := startBrowserServer(t, nil)
	ctx := newBrowserIn(t, filepath.Join(t.TempDir(), "phone"), phoneWithoutTibetan(t))

	mustDo(t, ctx, "open a Chinese leaflet", chromedp.Navigate(ts.URL+"/zh/m/bride-price"))
	// Without a font every Tibetan letter is the same box; with one,
	// letters have widths of their own.
	noLocalFont := must(t, ctx, "look for a local Tibetan font", chromedp.Evaluate[bool](`(() => {
		const widths = ["ཀ", "ཐ", "ཨ", "ཤ", "ང"].map((c) => { const s = document.createElement("span");
			s.style.font = "40px system-ui"; s.textContent = c.repeat(4); document.body.append(s);
			const w = s.getBoundingClientRect().width; s.remove(); return w; });
		return new Set(widths).size === 1;
	})()`))
	if !noLocalFont {
		t.Fatal("the phone has a Tibetan font of its own; the test needs one without")
	}
	zh := must(t, ctx, "count the Chinese page's font bytes", chromedp.Evaluate[float64](
		`document.fonts.ready.then(() => `+fontBytesJS+`)`, chromedp.EvalAwaitPromise))
	if zh != 0 {
		t.Errorf("the Chinese leaflet downloaded %.0f bytes of fonts, want none", zh)
	}
	// The image loads lazily, after the stylesheet: wait for it.
	drawn := must(t, ctx, "see the switcher's Tibetan", chromedp.Poll[string](`(() => {
		const img = document.querySelector('.langs a[lang="bo"] img');
		return img && img.complete && img.naturalWidth > 0 ? img.alt : "";
	})()`, chromedp.WithPollingTimeout(10*time.Second)))
	if drawn != "བོད་ཡིག" {
		t.Errorf("the link to the Tibetan version shows %q, want the word drawn, its alt བོད་ཡིག", drawn)
	}

	mustDo(t, ctx, "open the Tibetan leaflet", chromedp.Navigate(ts.URL+"/bo/m/bride-price"))
	bo := must(t, ctx, "count the Tibetan page's font bytes", chromedp.Evaluate[float64](
		`document.fonts.ready.then(() => `+fontBytesJS+`)`, chromedp.EvalAwaitPromise))
	loaded := must(t, ctx, "see the font in use", chromedp.Evaluate[string](
		`[...document.fonts].filter((f) => f.family.includes("Mingbai Tibetan")).map((f) => f.status).join(",")`))
	t.Logf("font bytes: zh leaflet %.0f, bo leaflet %.0f", zh, bo)
	// Debian's Noto Serif Tibetan: 595 KB as TTF, 236 KB gzip'd.
	if bo < 100_000 || bo > 200_000 || !strings.Contains(loaded, "loaded") {
		t.Errorf("the Tibetan leaflet downloaded %.0f font bytes, face %q; want the WOFF2 (100 to 200 KB), loaded", bo, loaded)
	}
	// Headings keep their sizes on a Tibetan page (a rule for Tibetan
	// within Tibetan once made everything one size).
	sizes := must(t, ctx, "measure the text", chromedp.Evaluate[map[string]float64](`Object.fromEntries(
		["article h1", ".body h2", ".body p"].map((sel) => [sel, parseFloat(getComputedStyle(document.querySelector(sel)).fontSize)]))`))
	if h1, h2, p := sizes["article h1"], sizes[".body h2"], sizes[".body p"]; !(h1 >= 1.4*p && h2 >= 1.15*p && p >= 20) {
		t.Errorf("on a Tibetan page h1 %.1f px, h2 %.1f px, text %.1f px: want headings larger than the text, and text of 20 px or more", h1, h2, p)
	}
	// Tibetan a script adds to a Chinese page (the offline list's saved
	// titles, what a reader types) is drawn with the font too.
	mustDo(t, ctx, "open the Chinese offline page", chromedp.Navigate(ts.URL+"/zh/offline"))
	added := must(t, ctx, "add a Tibetan title", chromedp.Evaluate[string](`(() => {
		const s = document.createElement("span"); s.lang = "bo"; s.textContent = "བག་རིན།"; document.querySelector("main").append(s);
		return document.fonts.ready.then(() => [...document.fonts].filter((f) => f.family.includes("Mingbai Tibetan")).map((f) => f.status).join(","));
	})()`, chromedp.EvalAwaitPromise))
	if !strings.Contains(added, "loaded") {
		t.Errorf("Tibetan added to a Chinese page: face %q, want the font loaded", added)
	}
	mustDo(t, ctx, "back to the Tibetan leaflet", chromedp.Navigate(ts.URL+"/bo/m/bride-price"))
	preloaded := must(t, ctx, "read the head", chromedp.Evaluate[bool](
		`!!document.querySelector('link[rel="preload"][as="font"][href*="/static/tibetan."]')`))
	if !preloaded {
		t.Error("the Tibetan page does not preload its font")
	}
}
