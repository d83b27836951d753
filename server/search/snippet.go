package search

import (
	"strings"
	"unicode/utf8"

	"mingbai/server/mingbai"
)

// Snippet is a short excerpt of a text around the first place a query term
// occurs, split so the page can mark the match without building HTML here.
type Snippet struct {
	Before, Match, After string
}

// snippetRadius is how many runes of context a snippet keeps on each side.
const snippetRadius = 40

// MakeSnippet finds the earliest occurrence in text of any of the query's
// terms and returns it with some context. ok is false when no term occurs
// literally (the index matched a pair across a line break, say).
func MakeSnippet(text string, q Query) (s Snippet, ok bool) {
	text = mingbai.NFC(text)
	lower := strings.ToLower(text)
	best, bestLen := -1, 0
	for _, t := range q.Terms {
		if i := strings.Index(lower, t); i >= 0 && (best < 0 || i < best) {
			best, bestLen = i, len(t)
		}
	}
	// ToLower can change byte lengths outside ASCII; if it did, the offsets
	// no longer line up with text, so give up rather than cut a rune.
	if best < 0 || len(lower) != len(text) {
		return Snippet{}, false
	}
	before := []rune(text[:best])
	after := []rune(text[best+bestLen:])
	s.Match = text[best : best+bestLen]
	if len(before) > snippetRadius {
		s.Before = "…" + string(before[len(before)-snippetRadius:])
	} else {
		s.Before = string(before)
	}
	if len(after) > snippetRadius {
		s.After = string(after[:snippetRadius]) + "…"
	} else {
		s.After = string(after)
	}
	s.Before = collapseSpace(s.Before)
	s.After = collapseSpace(s.After)
	if !utf8.ValidString(s.Before + s.Match + s.After) {
		return Snippet{}, false
	}
	return s, true
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
