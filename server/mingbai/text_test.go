package mingbai

import (
	"testing"
	"time"
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
