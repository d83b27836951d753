package mingbai_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mingbai/server/internal/testrecords"
	"mingbai/server/mingbai"
)

// TestEveryKindDecodesFilledIn: a record of every kind, every field
// filled in from its specification, decodes, and its canonical JSON holds
// every field, in the specification's order.
func TestEveryKindDecodesFilledIn(t *testing.T) {
	refs := testrecords.Refs{Topic: "marriage-family", Session: "01890a5d-ac96-774b-bcce-b302099a8057",
		Material: "bride-price", Day: "2026-06-14"}
	for _, spec := range mingbai.Kinds {
		t.Run(string(spec.Kind), func(t *testing.T) {
			raw, _ := json.Marshal(testrecords.Fields(spec.Kind, refs))
			_, canonical, err := mingbai.DecodeFields(spec.Kind, raw, time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatalf("a full %s decodes with %v: %s", spec.Kind, err, raw)
			}
			dec := json.NewDecoder(strings.NewReader(string(canonical)))
			dec.Token()
			var names []string
			for dec.More() {
				name, _ := dec.Token()
				names = append(names, name.(string))
				var skip json.RawMessage
				dec.Decode(&skip)
			}
			// Every field, but one the form no longer asks for and may be
			// left out.
			var want []string
			for _, f := range spec.Fields {
				if !f.NotAsked || f.Required {
					want = append(want, f.Name)
				}
			}
			if got, want := strings.Join(names, " "), strings.Join(want, " "); got != want {
				t.Errorf("canonical fields %s, want %s", got, want)
			}
		})
	}
	if v := mingbai.FormValues(mingbai.Mediation, func(n string) []string { return map[string][]string{"parties": {"two"}}[n] })["parties"]; v != "two" {
		t.Errorf("a non-number is passed on as %v, for the decoder to refuse", v)
	}
}

// TestKindsAreWellFormed holds the specification to what its readers
// assume: a field means the same in every kind that has it (the figures'
// columns are read by name, whatever the kind), limits are set where a
// type needs them, choices are there for a choice, and the field a kind
// takes once exists.
func TestKindsAreWellFormed(t *testing.T) {
	types := map[string]mingbai.FieldType{}
	for _, spec := range mingbai.Kinds {
		if spec.OncePer != "" {
			if _, ok := spec.Field(spec.OncePer); !ok {
				t.Errorf("%s is once per %s, which it does not have", spec.Kind, spec.OncePer)
			}
		}
		gists := 0
		for _, f := range spec.Fields {
			if f.Gist {
				gists++
			}
			if seen, ok := types[f.Name]; ok && seen != f.Type {
				t.Errorf("%s.%s is a %s, elsewhere a %s", spec.Kind, f.Name, f.Type, seen)
			}
			types[f.Name] = f.Type
			switch f.Type {
			case mingbai.TypeText, mingbai.TypeLongText, mingbai.TypeMaterials:
				if f.Max <= 0 {
					t.Errorf("%s.%s has no size cap", spec.Kind, f.Name)
				}
			case mingbai.TypeCount:
				if f.Max <= f.Min {
					t.Errorf("%s.%s counts from %d to %d", spec.Kind, f.Name, f.Min, f.Max)
				}
			case mingbai.TypeChoice:
				if len(f.Choices) == 0 {
					t.Errorf("%s.%s is a choice of nothing", spec.Kind, f.Name)
				}
			}
			// Text a resident types is free text, left out of masked
			// exports, whatever it is meant to hold.
			isText := f.Type == mingbai.TypeText || f.Type == mingbai.TypeLongText
			if f.FreeText != isText {
				t.Errorf("%s.%s: free text %v, but a %s", spec.Kind, f.Name, f.FreeText, f.Type)
			}
		}
		if gists != 1 {
			t.Errorf("%s has %d gist fields, want one for the resident's list", spec.Kind, gists)
		}
	}
}
