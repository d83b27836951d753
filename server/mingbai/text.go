package mingbai

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CutRunes is s cut to at most n characters (n >= 1), ending in "…" when
// cut, so a reader sees that it was.
func CutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// NFC is s in Unicode's composed form, as every text is kept: the same
// Tibetan stack or Chinese character typed on two phones is then the same
// bytes, for search and for "is this the same record". NFKC is never
// used: it would fold Tibetan characters that readers consider distinct.
func NFC(s string) string { return norm.NFC.String(s) }

// printableName reports whether a name (of a person, a village, a phone,
// a campaign) holds only what shows: no control characters, line breaks
// or tabs, and no direction marks or overrides, which can make a name
// read as another in the office's tables.
func printableName(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
	})
}

// unprintable is the error for a name printableName refuses; label
// names the field.
func unprintable(label Message, name string) *Error {
	return Errorf(EINVALID, "error.name_unprintable", "name %q", name).With("Field", label)
}
