// Package glyphs draws a short text as an SVG image of its outlines, shaped
// as a browser would shape it (go-text's port of HarfBuzz). A Chinese page
// links to its Tibetan version by the Tibetan word for Tibetan: drawn, it
// reads right on a phone without a Tibetan font, and the page need not load
// a whole font for seven letters.
package glyphs

import (
	"bytes"
	"fmt"
	"math"
	"strconv"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Image is a drawn text: an SVG file and the width and height it is drawn
// in, whose ratio a page gives the image before it loads.
type Image struct {
	SVG           []byte
	Width, Height int
}

// SVG returns text, in a script and language (an ISO 639 code), drawn in
// fontFile (TTF or OTF bytes) and filled with fill (a CSS color). The
// image holds the ink and no more (a stack's reach above and below the
// line, the text's advance across), in font units, so it scales to the
// height a page gives it. It returns an
// error for a font it cannot read or a text the font cannot draw.
func SVG(fontFile []byte, text string, script language.Script, lang string, fill string) (Image, error) {
	face, err := font.ParseTTF(bytes.NewReader(fontFile))
	if err != nil {
		return Image{}, fmt.Errorf("glyphs: read font: %w", err)
	}
	runes := []rune(text)
	upem := int(face.Upem())
	var shaper shaping.HarfbuzzShaper
	out := shaper.Shape(shaping.Input{Text: runes, RunEnd: len(runes), Direction: di.DirectionLTR, Face: face,
		Size: fixed.I(upem), Script: script, Language: language.NewLanguage(lang)})
	ascent, descent := units(out.GlyphBounds.Ascent), units(out.GlyphBounds.Descent)
	// The image is drawn on a grid of drawnHeight units from the top of
	// the ink to its bottom: fine enough for any size a page gives a word,
	// and three digits a coordinate instead of the font's four or five.
	scale := drawnHeight / (ascent - descent)
	var d bytes.Buffer
	pen := 0.0
	for _, g := range out.Glyphs {
		if g.GlyphID == 0 {
			return Image{}, fmt.Errorf("glyphs: the font cannot draw %q", text)
		}
		outline, ok := face.GlyphData(g.GlyphID).(font.GlyphOutline)
		if !ok {
			return Image{}, fmt.Errorf("glyphs: glyph %d of %q has no outline", g.GlyphID, text)
		}
		x0, y0 := pen+units(g.XOffset), ascent-units(g.YOffset) // SVG's y grows down
		for _, s := range outline.Segments {
			d.WriteByte(pathOp[s.Op])
			for i, p := range s.ArgsSlice() {
				if i > 0 {
					d.WriteByte(' ')
				}
				d.WriteString(num((x0+float64(p.X))*scale) + " " + num((y0-float64(p.Y))*scale))
			}
		}
		pen += units(g.Advance)
	}
	d.WriteByte('Z')
	w, h := int(math.Round(pen*scale)), int(drawnHeight)
	svg := fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d"><path fill="%s" d="%s"/></svg>`,
		w, h, fill, d.Bytes())
	return Image{SVG: svg, Width: w, Height: h}, nil
}

// drawnHeight is the height of a drawn word in its image's units.
const drawnHeight = 200.0

// pathOp is the SVG path command of each outline segment.
var pathOp = map[ot.SegmentOp]byte{ot.SegmentOpMoveTo: 'M', ot.SegmentOpLineTo: 'L', ot.SegmentOpQuadTo: 'Q', ot.SegmentOpCubeTo: 'C'}

// units is a shaped length in font units (the text was shaped at one
// unit a pixel).
func units(v fixed.Int26_6) float64 { return float64(v) / 64 }

// num writes a coordinate to the unit of the image's grid.
func num(v float64) string { return strconv.Itoa(int(math.Round(v))) }
