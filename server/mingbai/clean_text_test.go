package mingbai

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCleanText: a record's text is valid UTF-8 with no control character
// but line breaks and tabs, judged byte by byte as the rule, written over
// runes, judges it.
func TestCleanText(t *testing.T) {
	rule := func(s string) bool {
		return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
			return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f
		})
	}
	for _, s := range []string{
		"", "彩礼纠纷", "བོད་ཡིག", "two\nlines\tand a tab", "a\x00b", "a\rb", "a\x7fb", "a\x1bb",
		"\u0085 C1 is allowed", "\xff", "藏\xe6", "\xed\xa0\x80 a surrogate", "end\n",
	} {
		if got, want := cleanText(s), rule(s); got != want {
			t.Errorf("cleanText(%q) = %v, the rule says %v", s, got, want)
		}
	}
}
