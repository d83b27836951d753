package mingbai

import (
	"math"
	"strconv"
	"strings"
)

// FormValues turns a plain form post's values (by field name; a list for materials)
// into a kind's fields as JSON-ready values, leaving the checks to
// DecodeFields. A number that is not one is kept as text, so DecodeFields
// refuses it with its own message.
func FormValues(k RecordKind, get func(name string) []string) map[string]any {
	out := map[string]any{}
	spec, err := SpecOf(k)
	if err != nil {
		return out
	}
	for _, f := range spec.Fields {
		if f.NotAsked {
			continue
		}
		vs := get(f.Name)
		if f.IsList() {
			if len(vs) > 0 {
				out[f.Name] = vs
			}
			continue
		}
		v := ""
		if len(vs) > 0 {
			v = vs[0]
		}
		switch {
		case v == "" && !f.Required:
			// optional and empty: left out
		case f.Type == TypeCount:
			out[f.Name] = jsonNumber(v, false)
		case f.Type == TypeHalfHours:
			out[f.Name] = jsonNumber(v, true)
		default:
			out[f.Name] = v
		}
	}
	return out
}

// jsonNumber parses v as an integer (or, with decimals, any number), or
// returns v itself, which the strict decoder then refuses as not a number.
func jsonNumber(v string, decimals bool) any {
	v = strings.TrimSpace(v)
	if !decimals {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
		return v
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(n, 0) && !math.IsNaN(n) {
		return n
	}
	return v
}

// A paper ledger brought in as a spreadsheet: at most so many bytes and
// rows a file, a year of a township's work several times over.
const (
	MaxLedgerBytes = 2 << 20
	MaxLedgerRows  = 5000
)
