package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/go-text/typesetting/language"

	"mingbai/server/glyphs"
	"mingbai/server/woff2"
)

// The Tibetan font is the largest thing a reader's phone may download (some
// 180 KB as WOFF2, ten leaflets' worth on 2G), so it goes only where
// Tibetan is drawn: every head declares the face, limited to the Tibetan
// block, and pages that show Tibetan preload it. A Chinese or English
// page's language switcher shows the Tibetan word for Tibetan as an image
// drawn from the font, so such a page draws no Tibetan text of its own.

// systemTibetanFonts are the Tibetan fonts phones and computers have,
// tried before the served font downloads: iOS and macOS (Kailasa),
// Android and Linux (Noto), Windows (Microsoft Himalaya), and the common
// free ones.
var systemTibetanFonts = []string{
	"Kailasa", "Noto Serif Tibetan", "NotoSerifTibetan-Regular", "Noto Sans Tibetan", "NotoSansTibetan-Regular",
	"Microsoft Himalaya", "Jomolhari", "Qomolangma-Uchen Sarchen",
}

// fontMark is where layout.html's head takes fontFace and fontPreload.
const fontMark = "<!--tibetan-font-->"

// addFont serves the font at fontPath as WOFF2 and draws tibetanName
// from it.
func (as *assets) addFont(fontPath, tibetanName string) error {
	b, err := os.ReadFile(fontPath)
	if err != nil {
		return fmt.Errorf("read Tibetan font: %w", err)
	}
	if bytes.HasPrefix(b, []byte("wOF2")) {
		// Packed already: served as it is; the switcher writes the word.
		as.addFontHead(as.add("tibetan.woff2", b))
		return nil
	}
	packed, err := woff2Of(b)
	if err != nil {
		return fmt.Errorf("Tibetan font %s: %w", fontPath, err)
	}
	as.addFontHead(as.add("tibetan.woff2", packed))

	css, err := as.body("style.css")
	if err != nil {
		return err
	}
	word, err := glyphs.SVG(b, tibetanName, language.Tibetan, "bo", linkColor(css))
	if err != nil {
		return fmt.Errorf("draw %q: %w", tibetanName, err)
	}
	drawn := as.add("tibetan-name.svg", word.SVG)
	as.tibetanName = &drawnWord{URL: drawn.url, Width: word.Width, Height: word.Height, Alt: altOf(tibetanName)}
	return nil
}

// addFontHead declares font for the pages that show Tibetan.
func (as *assets) addFontHead(font *asset) {
	as.HasFont = true
	var local []string
	for _, name := range systemTibetanFonts {
		local = append(local, `local("`+name+`")`)
	}
	style := fmt.Sprintf(`@font-face{font-family:"Mingbai Tibetan";src:%s,url(%s) format("woff2");unicode-range:U+0F00-0FFF;font-display:swap}`,
		strings.Join(local, ","), font.url)
	sum := sha256.Sum256([]byte(style))
	as.styleHash = "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	as.fontPreload = fmt.Appendf(nil, `<link rel="preload" href="%s" as="font" type="font/woff2" crossorigin>
`, font.url)
	as.fontFace = fmt.Appendf(nil, `<style>%s</style>`, style)
}

// body is the content of an asset added before.
func (as *assets) body(name string) ([]byte, error) {
	a, ok := as.byFile[strings.TrimPrefix(as.urls[name], "/static/")]
	if !ok {
		return nil, fmt.Errorf("asset %s not loaded", name)
	}
	return a.body, nil
}

// linkColor is the color style.css gives links (--red), which the drawn
// word must match.
func linkColor(css []byte) string {
	if m := regexp.MustCompile(`--red:\s*(#[0-9a-fA-F]{3,8})`).FindSubmatch(css); m != nil {
		return string(m[1])
	}
	return "currentColor"
}

// altOf is an alt attribute holding s as character references: a reader
// who cannot see the image hears the word, yet the page's bytes hold no
// Tibetan, so withFont does not take the page for a Tibetan one.
func altOf(s string) template.HTMLAttr {
	var b strings.Builder
	b.WriteString(`alt="`)
	for _, r := range s {
		fmt.Fprintf(&b, "&#x%X;", r)
	}
	b.WriteString(`"`)
	return template.HTMLAttr(b.String())
}

// withFont puts the font's face into a rendered page, with its preload
// when the page shows Tibetan.
func (as *assets) withFont(page []byte) []byte {
	i := bytes.Index(page, []byte(fontMark))
	if i < 0 {
		return page
	}
	var preload []byte
	if showsTibetan(page) {
		preload = as.fontPreload
	}
	out := make([]byte, 0, len(page)-len(fontMark)+len(preload)+len(as.fontFace))
	out = append(append(append(append(out, page[:i]...), preload...), as.fontFace...), page[i+len(fontMark):]...)
	return out
}

// showsTibetan reports whether a page holds Tibetan script: U+0F00 to
// U+0FFF, in UTF-8 a byte E0 followed by one of BC to BF.
func showsTibetan(page []byte) bool {
	for i := bytes.IndexByte(page, 0xE0); i >= 0 && i+1 < len(page); {
		if c := page[i+1]; c >= 0xBC && c <= 0xBF {
			return true
		}
		j := bytes.IndexByte(page[i+1:], 0xE0)
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// woff2Memo keeps woff2.Encode's result by the font's hash. Brotli at its
// best takes over a second for Debian's 600 KB font, and a process that
// starts several servers (the tests do) pays it once. It holds the results
// of a pure function: nothing a server does depends on it.
var woff2Memo sync.Map // [sha256.Size]byte → []byte

func woff2Of(font []byte) ([]byte, error) {
	key := sha256.Sum256(font)
	if b, ok := woff2Memo.Load(key); ok {
		return b.([]byte), nil
	}
	b, err := woff2.Encode(font)
	if err != nil {
		return nil, err
	}
	woff2Memo.Store(key, b)
	return b, nil
}
