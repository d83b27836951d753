package mingbai

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
