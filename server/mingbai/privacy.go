package mingbai

import (
	"unicode"
	"unicode/utf8"
)

// FreeTextFields are the record fields a resident writes in their own
// words. The forms ask for no names, but a name, a phone number or a
// family's story can still slip into them, so reports and exports leave
// them out unless the office asks for them (DESIGN §7). Every other field
// is a choice from a closed list, a count, a date or an id.
var FreeTextFields = map[string]bool{
	"summary": true, // a consultation's question, a mediation's story
	"note":    true, // a follow-up
	"reason":  true, // why a village rule changes: may tell of a case
	"text_bo": true,
	"text_zh": true,
	"place":   true, // "at Dolkar's house" is where events sometimes happen
}

// MaskName shows a person's name in a report or export: its first
// character and a star, 卓玛 as 卓*, enough to tell the office's own
// people apart and too little to name them to a stranger. A Tibetan
// first character keeps its vowel signs and subjoined letters (marks
// that mean nothing alone); an empty name stays empty.
func MaskName(name string) string {
	_, size := utf8.DecodeRuneInString(name)
	if size == 0 {
		return ""
	}
	n := size
	for n < len(name) {
		r, w := utf8.DecodeRuneInString(name[n:])
		if !unicode.Is(unicode.M, r) {
			break
		}
		n += w
	}
	return name[:n] + "*"
}
