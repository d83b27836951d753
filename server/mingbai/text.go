package mingbai

import "unicode/utf8"

// CutRunes is s cut to at most n characters (n >= 1), ending in "…" when
// cut, so a reader sees that it was.
func CutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
