package search

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"mingbai/server/mingbai"
)

func TestTokens(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"han pairs and singles", "彩礼", []string{"彩", "彩礼", "礼"}},
		{"lone han", "法", []string{"法"}},
		{"tibetan syllables at tsheg and shad", "ཁྲིམས་ལུགས།", []string{"ཁྲིམས", "ལུགས"}},
		{"latin lower-cased", "Civil Code 2020", []string{"civil", "code", "2020"}},
		{"mixed scripts split", "民法典Civil", []string{"民", "民法", "法", "法典", "典", "civil"}},
		{"punctuation only", "，。！、", nil},
		// ཀ + U+0F71 + U+0F72 in another order is the same syllable after NFC.
		{"tibetan normalized to NFC", "ཀཱི", []string{mingbai.NFC("ཀཱི")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Tokens(c.text)
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("Tokens(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

func TestParseQuery(t *testing.T) {
	q, err := ParseQuery("  婚姻 彩礼 婚姻 ")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(q.Terms, "|"); got != "婚姻|彩礼" {
		t.Errorf("terms = %q, want 婚姻|彩礼 (pairs only, deduplicated)", got)
	}
	bad := map[string]string{
		"not utf-8":    "\xff\xfe",
		"control char": "a\x00b",
		"too long":     strings.Repeat("法", MaxQueryRunes+1),
	}
	for name, in := range bad {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseQuery(in); mingbai.ErrorCode(err) != mingbai.EINVALID {
				t.Errorf("ParseQuery error = %v, want invalid", err)
			}
		})
	}
}

func TestMakeSnippet(t *testing.T) {
	q, _ := ParseQuery("彩礼")
	text := strings.Repeat("前", 60) + "彩礼" + strings.Repeat("后", 60)
	s, ok := MakeSnippet(text, q)
	if !ok || s.Match != "彩礼" {
		t.Fatalf("MakeSnippet = %+v, %v", s, ok)
	}
	if n := utf8.RuneCountInString(s.Before); n != snippetRadius+1 {
		t.Errorf("before has %d runes, want %d with the ellipsis", n, snippetRadius+1)
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"彩礼婚姻", "ཁྲིམས་ལུགས།", "Hello, 世界", "\xff", "ཱི"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("Tokens(%q) produced %q", s, tok)
			}
			w := IndexWord(tok)
			for _, r := range w {
				if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
					t.Fatalf("IndexWord(%q) = %q has %q", tok, w, r)
				}
			}
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"彩礼", "ཁྲིམས", "a AND b OR \"c\"", "NEAR(x y)", "*", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			if mingbai.ErrorCode(err) != mingbai.EINVALID {
				t.Fatalf("ParseQuery(%q) error %v is not invalid", s, err)
			}
			return
		}
		if len(q.Terms) > maxTerms {
			t.Fatalf("%d terms", len(q.Terms))
		}
		expr := q.MatchExpr()
		if strings.ContainsAny(expr, "\"*():^") {
			t.Fatalf("MatchExpr(%q) = %q carries FTS syntax", s, expr)
		}
		_, _ = MakeSnippet(s+" tail", q)
	})
}

// TestTibetanSnippetsKeepWholeSyllables: a Tibetan snippet is cut between
// syllables, never starting with a vowel sign or subjoined letter torn
// from its stack nor ending mid-syllable, and marks whole syllables: ས
// alone, not the ས of སྐྱེད; ས་ཞིང as one phrase.
func TestTibetanSnippetsKeepWholeSyllables(t *testing.T) {
	filler := strings.Repeat("བསྐྱེད་སྲུང་", 12) // stacks and vowel signs on every side
	text := filler + "སྐྱེད་ཚལ་ནི་ས་ཞིང་གི་ཁྲིམས་ཡིན། " + filler
	for _, c := range []struct{ query, match string }{
		{"ས", "ས"},
		{"ས་ཞིང", "ས་ཞིང"},
		{"ཞིང", "ཞིང"},
	} {
		q, _ := ParseQuery(c.query)
		s, ok := MakeSnippet(text, q)
		if !ok || s.Match != c.match {
			t.Errorf("%s: match %q, %v; want %q", c.query, s.Match, ok, c.match)
			continue
		}
		if !strings.HasSuffix(s.Before, "ནི་") && !strings.HasSuffix(s.Before, "ས་") {
			t.Errorf("%s: the match is not the syllable after ནི: before %q", c.query, s.Before)
		}
		before := strings.TrimPrefix(s.Before, "…")
		if first, _ := utf8.DecodeRuneInString(before); !isTibetanLetter(first) || unicode.Is(unicode.Mn, first) || first >= 0x0F90 {
			t.Errorf("%s: before starts with %U, want a syllable's first letter: %q", c.query, first, s.Before)
		}
		after := strings.TrimSuffix(s.After, "…")
		if !strings.HasSuffix(after, "་") && !strings.HasSuffix(after, "།") {
			t.Errorf("%s: after ends mid-syllable: %q", c.query, s.After)
		}
		if n := utf8.RuneCountInString(before); n > snippetRadius || n < snippetRadius/2 {
			t.Errorf("%s: %d runes before, want about %d", c.query, n, snippetRadius)
		}
	}
}

// TestLatinSnippetsMarkWholeWords: "law" marks the word, not "lawn".
func TestLatinSnippetsMarkWholeWords(t *testing.T) {
	q, _ := ParseQuery("law")
	s, ok := MakeSnippet("Keep the lawn green, says the law of the village.", q)
	if !ok || s.Match != "law" || !strings.HasSuffix(s.Before, "the ") {
		t.Errorf("snippet %+v, %v; want the word law after the lawn", s, ok)
	}
}
