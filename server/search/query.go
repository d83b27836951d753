package search

import (
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"mingbai/server/mingbai"
)

// MaxQueryRunes caps a search query. Leaflet titles are short; anything
// longer is a paste or an attack, and each term costs an index lookup.
const MaxQueryRunes = 100

// maxTerms caps the tokens a query is turned into, for the same reason.
const maxTerms = 24

// Query is a parsed search: the reader's text and the index tokens that
// must all appear in a result.
type Query struct {
	Text  string
	Terms []string
}

// ParseQuery validates and tokenizes a reader's query. It returns EINVALID
// for text that is not UTF-8, holds control characters, or is longer than
// MaxQueryRunes; a query of punctuation only parses to no terms.
func ParseQuery(q string) (Query, error) {
	if !utf8.ValidString(q) {
		return Query{}, mingbai.Errorf(mingbai.EINVALID, "error.query_malformed", "query is not UTF-8")
	}
	for _, r := range q {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return Query{}, mingbai.Errorf(mingbai.EINVALID, "error.query_malformed", "control character %U in query", r)
		}
	}
	q = strings.TrimSpace(mingbai.NFC(q))
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return Query{}, mingbai.Errorf(mingbai.EINVALID, "error.query_too_long", "query has %d runes", utf8.RuneCountInString(q))
	}
	terms := dedupe(tokenize(q, false))
	if len(terms) > maxTerms {
		terms = terms[:maxTerms]
	}
	return Query{Text: q, Terms: terms}, nil
}

func dedupe(ts []string) []string {
	seen := make(map[string]bool, len(ts))
	out := ts[:0]
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// IndexWord encodes a token as the ASCII word stored in the FTS5 table.
// FTS5's own tokenizer then sees only [a-z0-9] words and cannot split or
// fold a Tibetan syllable or a Han pair differently from how Go did.
func IndexWord(token string) string {
	return "t" + hex.EncodeToString([]byte(token))
}

// IndexText returns the FTS5 column value for text: its tokens as index
// words separated by spaces.
func IndexText(text string) string {
	ts := Tokens(text)
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(IndexWord(t))
	}
	return b.String()
}

// MatchExpr returns the FTS5 MATCH expression that requires every term.
// Index words are plain ASCII, so no quoting can be escaped.
func (q Query) MatchExpr() string {
	words := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		words[i] = IndexWord(t)
	}
	return strings.Join(words, " AND ")
}
