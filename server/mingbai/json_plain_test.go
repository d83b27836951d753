package mingbai

import (
	"encoding/json"
	"testing"
)

// TestPlainJSONIsEncodingJSONs holds the fast paths to encoding/json byte
// for byte: a record's canonical JSON, and so its content hash, must be
// what it was, or every retried record would become a conflict.
func TestPlainJSONIsEncodingJSONs(t *testing.T) {
	for _, s := range []string{"", "herder", "女方父母收了彩礼", "བོད་ཡིག", "a<b", "a&b", "x>y", `say "hi"`, `back\slash`,
		"line\nbreak", "tab\t", "\x01", "\u2028", "\u2029", "\xff\xfe", "emoji 🙂", "\u00e9", "e\u0301"} {
		want, _ := json.Marshal(s)
		if got := appendJSON(nil, s); string(got) != string(want) {
			t.Errorf("appendJSON(%q) = %s, want %s", s, got, want)
		}
	}
	for _, v := range []any{0, 7, -3, 1_000_000, 2.5, 0.5, []string{"a", "b<"}, []string(nil)} {
		want, _ := json.Marshal(v)
		if got := appendJSON(nil, v); string(got) != string(want) {
			t.Errorf("appendJSON(%#v) = %s, want %s", v, got, want)
		}
	}
}

// TestFieldNamesArePlain: canonical writes field names without escaping.
func TestFieldNamesArePlain(t *testing.T) {
	for _, spec := range Kinds {
		for _, f := range spec.Fields {
			want, _ := json.Marshal(f.Name)
			if got := appendName(nil, f.Name); string(got) != string(want)+":" {
				t.Errorf("%s.%s written as %s", spec.Kind, f.Name, got)
			}
		}
	}
}
