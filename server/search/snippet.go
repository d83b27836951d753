package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"mingbai/server/mingbai"
)

// Snippet is a short excerpt of a text around the first place a query term
// occurs, split so the page can mark the match without building HTML here.
type Snippet struct {
	Before, Match, After string
}

// snippetRadius is about how many runes of context a snippet keeps on each
// side: fewer where a syllable or word would be cut.
const snippetRadius = 40

// MakeSnippet finds the earliest place in text where a query term is a
// whole token (a Tibetan syllable, a word; within Chinese, the characters)
// and returns it with some context, cut only between tokens: a snippet
// never starts with a Tibetan vowel sign torn from its letter, never ends
// mid-syllable, and searching ས marks no ས inside སྐྱེད. A match runs on
// over the query's following terms (ས་ཞིང marked whole). ok is false when no
// term occurs as a token (the index matched a pair across a line break,
// say).
func MakeSnippet(text string, q Query) (s Snippet, ok bool) {
	text = mingbai.NFC(text)
	var words []span // Tibetan and word runs: never cut, matched whole
	from, to, extending := -1, -1, false
	eachRun(text, func(start, end int, sc script) {
		if sc == hanScript {
			extending = false
			if from >= 0 {
				return
			}
			for _, t := range q.Terms { // the earliest Han term in the run
				if i := strings.Index(text[start:end], t); i >= 0 && isHan(t) && (from < 0 || start+i < from) {
					from, to = start+i, start+i+len(t)
				}
			}
			return
		}
		words = append(words, span{start, end})
		term := slices.Contains(q.Terms, strings.ToLower(text[start:end]))
		switch {
		case extending && term && onlySeparators(text[to:start]):
			to = end // the query's next syllable or word, right after
		case from < 0 && term:
			from, to, extending = start, end, true
		default:
			extending = false
		}
	})
	if from < 0 {
		return Snippet{}, false
	}
	// The first cut: about snippetRadius runes back, moved on past a
	// syllable or word it would tear, and past the separators after it.
	cut := runesBack(text, from, snippetRadius)
	for _, w := range words {
		if w.start < cut && cut < w.end {
			cut = w.end
		}
	}
	for cut < from {
		r, n := utf8.DecodeRuneInString(text[cut:])
		if classify(r) != sepScript {
			break
		}
		cut += n
	}
	// The last cut: about snippetRadius runes on, moved back before a
	// syllable or word it would tear.
	end := runesOn(text, to, snippetRadius)
	for _, w := range words {
		if w.start < end && end < w.end {
			end = w.start
		}
	}
	end = max(end, to)
	s.Before, s.Match, s.After = text[cut:from], text[from:to], text[to:end]
	if cut > 0 {
		s.Before = "…" + s.Before
	}
	if end < len(text) {
		s.After = strings.TrimRight(s.After, " \t\n") + "…"
	}
	s.Before, s.After = collapseSpace(s.Before), collapseSpace(s.After)
	if !utf8.ValidString(s.Before + s.Match + s.After) {
		return Snippet{}, false
	}
	return s, true
}

// span is a run of text by its byte offsets.
type span struct{ start, end int }

// onlySeparators reports whether s holds nothing that makes tokens: the
// tsheg or space between two syllables of one phrase.
func onlySeparators(s string) bool {
	for _, r := range s {
		if classify(r) != sepScript {
			return false
		}
	}
	return utf8.RuneCountInString(s) <= 2
}

func isHan(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return classify(r) == hanScript
}

// runesBack is the byte offset n runes before i in s (or 0).
func runesBack(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}

// runesOn is the byte offset n runes after i in s (or its end).
func runesOn(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

func collapseSpace(s string) string {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	lead, trail := s != "" && unicode.IsSpace(first), s != "" && unicode.IsSpace(last)
	out := strings.Join(strings.Fields(s), " ")
	if lead && out != "" {
		out = " " + out
	}
	if trail && out != "" {
		out += " "
	}
	return out
}
