package mingbai

import (
	"regexp"
	"strings"
	"testing"
)

// TestValidSlug: a slug is lower-case ASCII words joined by single
// hyphens, at most 80 bytes; every string of up to five characters from
// an alphabet with the awkward cases in it is judged as the rule, written
// as a regular expression, judges it.
func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"bride-price": true, "a": true, "law-2025": true, "0": true,
		"": false, "-a": false, "a-": false, "a--b": false, "Bride": false, "bride_price": false,
		"彩礼": false, "a b": false, "a/b": false, "a.b": false,
		strings.Repeat("a", 80): true, strings.Repeat("a", 81): false,
	} {
		if got := ValidSlug(s); got != want {
			t.Errorf("ValidSlug(%q) = %v, want %v", s, got, want)
		}
	}
	rule := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	alphabet := []string{"a", "z", "0", "9", "-", "A", "_", "é"}
	var walk func(prefix string, depth int)
	walk = func(prefix string, depth int) {
		if got, want := ValidSlug(prefix), rule.MatchString(prefix); got != want {
			t.Errorf("ValidSlug(%q) = %v, the rule says %v", prefix, got, want)
		}
		if depth == 5 {
			return
		}
		for _, c := range alphabet {
			walk(prefix+c, depth+1)
		}
	}
	walk("", 0)
}
