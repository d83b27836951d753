package mingbai

import (
	"unicode"
	"unicode/utf8"
)

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
