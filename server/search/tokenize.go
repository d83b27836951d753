// Package search turns text in Tibetan, Chinese and Latin scripts into the
// tokens of the full-text index, and turns a reader's query into the same
// tokens. SQLite's own FTS5 tokenizers cannot split Chinese (a run of Han
// characters is one token) or Tibetan (syllables are separated by tsheg, not
// spaces), so tokenizing happens here, in Go, for indexing and for queries
// alike.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"mingbai/server/mingbai"
)

// script classifies a rune into the runs the tokenizer splits text into.
type script int

const (
	sepScript script = iota
	hanScript
	tibetanScript
	wordScript // Latin, digits and other alphabets: split at non-letters
)

func classify(r rune) script {
	switch {
	case unicode.Is(unicode.Han, r):
		return hanScript
	case isTibetanLetter(r):
		return tibetanScript
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
		return wordScript
	}
	return sepScript
}

// isTibetanLetter reports whether r belongs inside a Tibetan syllable.
// Tsheg, shad and the other punctuation and ornaments of the block
// (U+0F00–U+0F17, U+0F1A–U+0F1F's neighbours are signs, not syllable parts)
// separate syllables; letters, vowel signs, subjoined letters and digits
// make them up.
func isTibetanLetter(r rune) bool {
	if r < 0x0F00 || r > 0x0FFF {
		return false
	}
	switch {
	case r <= 0x0F17: // om, head marks, tsheg (0F0B, 0F0C), shad (0F0D–0F12), ...
		return false
	case r >= 0x0F3A && r <= 0x0F3D: // brackets
		return false
	case r == 0x0F85: // paluta punctuation
		return false
	case r >= 0x0FD0: // later punctuation and symbols
		return false
	}
	return true
}

// Tokens splits text into index tokens: every Han character and every pair
// of adjacent Han characters (so one- and two-character queries both match),
// every Tibetan syllable, and every other word lower-cased. The text is
// normalized to NFC first. Tokens keep their order and may repeat.
func Tokens(text string) []string {
	return tokenize(text, true)
}

// tokenize does the work of Tokens; withUnigrams adds single Han characters
// inside longer runs, which the index wants and a query does not (a query's
// two-character word must match as a pair, not as either character).
func tokenize(text string, withUnigrams bool) []string {
	text = mingbai.NFC(text)
	var tokens []string
	eachRun(text, func(start, end int, s script) {
		run := text[start:end]
		if s == hanScript {
			tokens = appendHan(tokens, []rune(run), withUnigrams)
		} else {
			tokens = append(tokens, strings.ToLower(run))
		}
	})
	return tokens
}

// eachRun calls fn with the byte offsets of every run of text that makes
// tokens, in order: a run of Han characters, a Tibetan syllable, a word.
// What lies between (tsheg, shad, spaces, punctuation) separates them.
// Tokens and snippets both cut text here, so a highlight is a token.
func eachRun(text string, fn func(start, end int, s script)) {
	start, cur := 0, sepScript
	for i, r := range text {
		s := classify(r)
		if r == utf8.RuneError {
			s = sepScript
		}
		// A combining mark continues whatever run it follows, so a vowel
		// sign stays on its Tibetan syllable and an accent on its letter.
		if unicode.Is(unicode.Mn, r) && cur != sepScript && s != tibetanScript {
			s = cur
		}
		if s != cur {
			if cur != sepScript {
				fn(start, i, cur)
			}
			start, cur = i, s
		}
	}
	if cur != sepScript {
		fn(start, len(text), cur)
	}
}

func appendHan(tokens []string, run []rune, withUnigrams bool) []string {
	if len(run) == 1 {
		return append(tokens, string(run))
	}
	for i := range run {
		if withUnigrams {
			tokens = append(tokens, string(run[i]))
		}
		if i+1 < len(run) {
			tokens = append(tokens, string(run[i:i+2]))
		}
	}
	return tokens
}
