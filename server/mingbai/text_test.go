package mingbai

import (
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestNamesHoldOnlyWhatShows: a direction override, a control character
// or a line break in a person's, a village's, a phone's or a campaign's
// name is refused, naming the field.
func TestNamesHoldOnlyWhatShows(t *testing.T) {
	for _, bad := range []string{"卓玛\u202e", "Tashi\u2066x", "卓\x01玛", "卓玛\n扎西", "卓\t玛"} {
		for what, err := range map[string]error{
			"user":     (&User{Username: "dolma", DisplayName: bad, Role: Office}).Validate(),
			"village":  (&Village{NameZH: bad}).Validate(),
			"device":   (&Device{Name: bad}).Validate(),
			"campaign": Campaign{Slug: "law-day", NameZH: bad}.Validate(),
		} {
			if ErrorMessageID(err) != "error.name_unprintable" && !(what == "device" && ErrorCode(err) == EINVALID) {
				t.Errorf("%s named %q: %v, want error.name_unprintable", what, bad, err)
			}
		}
	}
	if err := (&User{Username: "dolma", DisplayName: "བཀྲ་ཤིས་སྒྲོལ་མ 卓玛", Role: Office}).Validate(); err != nil {
		t.Errorf("a Tibetan and Chinese name: %v", err)
	}
}

// TestRecordTextIsComposed: a text typed decomposed (e + combining acute)
// is stored composed, so the same words are the same bytes.
func TestRecordTextIsComposed(t *testing.T) {
	v, _, err := DecodeFields(FollowUp, []byte(`{"note":"Pe\u0301ma visited"}`), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got := v["note"].(string); got != "P\u00e9ma visited" {
		t.Errorf("note = %q, want it composed", got)
	}
}

// TestComposedAlreadyIsNFC: every character composedAlready passes is its
// own NFC and begins a new composition (it composes with nothing before
// it), so a string of them is its own NFC; and a string with anything
// else (a combining mark, Tibetan, invalid UTF-8) goes to norm.
func TestComposedAlreadyIsNFC(t *testing.T) {
	for _, rg := range append(composedRanges[:], [2]rune{0, utf8.RuneSelf - 1}) { // and ASCII
		for r := rg[0]; r <= rg[1]; r++ {
			c := string(r)
			if p := norm.NFC.PropertiesString(c); !norm.NFC.IsNormalString(c) || !p.BoundaryBefore() || p.CCC() != 0 {
				t.Errorf("U+%04X passes composedAlready, but norm says: normal %v, boundary before %v, combining class %d",
					r, norm.NFC.IsNormalString(c), p.BoundaryBefore(), p.CCC())
			}
		}
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got := composedAlready(string(r)); got != (r < utf8.RuneSelf || inComposedRanges(r)) && utf8.ValidRune(r) {
			t.Fatalf("composedAlready(U+%04X) = %v, not what its ranges say", r, got)
		}
	}
	for _, c := range []struct {
		s    string
		fast bool
	}{
		{"Pema visited", true},
		{"女方父母收了彩礼后婚事告吹，男方要求全部退还。", true},
		{"“引号”—《民法典》…", true},
		{"Pe\u0301ma", false},   // a combining mark
		{"བོད་ཡིག", false},      // Tibetan
		{"\u0f40\u0fb5", false}, // a Tibetan stack NFC changes
		{"a\xffb", false},       // invalid UTF-8
		{"彩\xe5\xbd", false},    // a Chinese character cut short
		{"\xe5\x80", false},
		{"\xe5\x80a", false},
		{"가", false}, // Hangul, which composes
	} {
		if got := composedAlready(c.s); got != c.fast {
			t.Errorf("composedAlready(%q) = %v, want %v", c.s, got, c.fast)
		}
		if got, want := NFC(c.s), norm.NFC.String(c.s); got != want {
			t.Errorf("NFC(%q) = %q, want norm's %q", c.s, got, want)
		}
	}
}
