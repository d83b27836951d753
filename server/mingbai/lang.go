package mingbai

import "unicode"

// Lang is a language tag used both for the interface and for content.
type Lang string

// The languages Mingbai speaks. Tibetan and Chinese carry content; English is
// an interface language for visitors and for the office's own convenience.
const (
	Tibetan Lang = "bo"
	Chinese Lang = "zh"
	English Lang = "en"
)

// InterfaceLangs lists every language the interface is translated into, in
// the order the language switcher shows them.
var InterfaceLangs = []Lang{Tibetan, Chinese, English}

// ContentLangs lists the languages a leaflet is written in, in the order the
// side-by-side view shows them.
var ContentLangs = []Lang{Tibetan, Chinese}

// ParseLang returns the language for a tag, or an EINVALID error when the
// tag is not one Mingbai speaks.
func ParseLang(s string) (Lang, error) {
	for _, l := range InterfaceLangs {
		if string(l) == s {
			return l, nil
		}
	}
	return "", Errorf(EINVALID, "error.lang_unknown", "unknown language %q", s)
}

// IsContentLang reports whether leaflets are written in l.
func (l Lang) IsContentLang() bool {
	for _, c := range ContentLangs {
		if c == l {
			return true
		}
	}
	return false
}

// ScriptLang is the language a stored or typed text is in, by its script:
// Tibetan for Tibetan letters, Chinese for Han characters, whichever comes
// first; "" for text in neither (numbers, Latin, punctuation). A name or a
// note has no language of its own, and a page shows it in its script's,
// so a screen reader reads it in the right voice.
func ScriptLang(s string) Lang {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Tibetan, r) && unicode.IsLetter(r):
			return Tibetan
		case unicode.Is(unicode.Han, r):
			return Chinese
		}
	}
	return ""
}
