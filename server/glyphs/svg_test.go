package glyphs

import (
	"encoding/xml"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/go-text/typesetting/language"
)

// debianTibetan is the font .ci/run installs (fonts-noto-core), which the
// server serves by default.
const debianTibetan = "/usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf"

// TestSVGDrawsAWord: the Tibetan word for Tibetan comes out as one path in
// an image wider than it is high, each letter drawn; a letter the font
// lacks is an error, not a box.
func TestSVGDrawsAWord(t *testing.T) {
	f, err := os.ReadFile(debianTibetan)
	if err != nil {
		t.Fatalf("the tests need Debian's Tibetan font (fonts-noto-core): %v", err)
	}
	drawn, err := SVG(f, "བོད་ཡིག", language.Tibetan, "bo", "#9b1c1c")
	if err != nil {
		t.Fatal(err)
	}
	b := drawn.SVG
	var img struct {
		ViewBox string `xml:"viewBox,attr"`
		Path    []struct {
			Fill string `xml:"fill,attr"`
			D    string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal(b, &img); err != nil {
		t.Fatalf("not SVG: %v\n%s", err, b)
	}
	var w, h int
	if _, err := fmt.Sscanf(img.ViewBox, "0 0 %d %d", &w, &h); err != nil || w <= h || h <= 0 || w != drawn.Width || h != drawn.Height {
		t.Errorf("viewBox %q, want a word wider than high", img.ViewBox)
	}
	if len(img.Path) != 1 || img.Path[0].Fill != "#9b1c1c" {
		t.Fatalf("paths %+v, want one in the fill asked for", img.Path)
	}
	// བ ོ ད ་ ཡ ི ག: seven glyphs, each at least one closed contour.
	if n := strings.Count(img.Path[0].D, "M"); n < 7 {
		t.Errorf("%d contours, want every letter drawn", n)
	}
	if len(b) > 4096 {
		t.Errorf("%d bytes for one word", len(b))
	}
	if _, err := SVG(f, "明白", language.Han, "zh", "#000"); err == nil {
		t.Error("Chinese in a Tibetan font: drawn, want an error")
	}
}
