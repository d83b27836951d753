package mingbai

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

var recordNow = time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)

func TestDecodeFields(t *testing.T) {
	cases := []struct {
		name string
		kind RecordKind
		json string
		code string // "" when accepted
	}{
		{"a consultation", Consultation, `{"topic":"marriage-family","asker_group":"herder","channel":"wechat","summary":"彩礼能否要回","outcome":"answered"}`, ""},
		{"a mediation", Mediation, `{"dispute_kind":"homestead","parties":2,"outcome":"agreement","follow_up_on":"2026-07-01"}`, ""},
		{"an event", PromotionEvent, `{"place":"乡集市","audience":"herder","people_reached":120,"leaflets_bo":60,"leaflets_zh":40,"materials":["bride-price"]}`, ""},
		{"an attendance", Attendance, `{"session_id":"01890a5d-ac96-774b-bcce-b302099a8057","hours":2.5}`, ""},
		{"a rule revision", RuleRevision, `{"articles":"第三条","text_zh":"禁止高额彩礼","reason":"移风易俗","votes_for":0,"votes_against":0,"votes_abstain":0}`, ""},
		{"a follow-up", FollowUp, `{"note":"双方已履行协议"}`, ""},
		{"an unknown field (a name, say)", Consultation, `{"topic":"marriage-family","asker_group":"herder","channel":"wechat","summary":"x","outcome":"answered","asker_name":"扎西"}`, EINVALID},
		{"an asker group outside the list", Consultation, `{"topic":"marriage-family","asker_group":"monk","channel":"wechat","summary":"x","outcome":"answered"}`, EINVALID},
		{"an empty summary", Consultation, `{"topic":"marriage-family","asker_group":"herder","channel":"wechat","summary":"  ","outcome":"answered"}`, EINVALID},
		{"a summary too long", Consultation, `{"topic":"marriage-family","asker_group":"herder","channel":"wechat","summary":"` + strings.Repeat("长", 2001) + `","outcome":"answered"}`, ETOOLARGE},
		{"a control character", FollowUp, `{"note":"a\u0000b"}`, EINVALID},
		{"one party", Mediation, `{"dispute_kind":"homestead","parties":1,"outcome":"agreement"}`, EINVALID},
		{"a follow-up date years away", Mediation, `{"dispute_kind":"homestead","parties":2,"outcome":"agreement","follow_up_on":"2031-01-01"}`, EINVALID},
		{"negative people", PromotionEvent, `{"place":"x","audience":"general","people_reached":-1,"leaflets_bo":0,"leaflets_zh":0}`, EINVALID},
		{"a third of an hour", Attendance, `{"session_id":"01890a5d-ac96-774b-bcce-b302099a8057","hours":0.3}`, EINVALID},
		{"a revision without text", RuleRevision, `{"articles":"第三条","reason":"r","votes_for":0,"votes_against":0,"votes_abstain":0}`, EINVALID},
		{"not an object", FollowUp, `["note"]`, EINVALID},
		{"trailing data", FollowUp, `{"note":"x"}{"note":"y"}`, EINVALID},
		{"a number as text", Mediation, `{"dispute_kind":"homestead","parties":"2","outcome":"agreement"}`, EINVALID},
		{"an unknown kind", "gossip", `{}`, EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, canonical, err := DecodeFields(c.kind, []byte(c.json), recordNow)
			if got := ErrorCode(err); got != c.code {
				t.Fatalf("error = %v (code %q), want code %q", err, got, c.code)
			}
			if c.code == "" && len(canonical) == 0 {
				t.Error("no canonical JSON")
			}
		})
	}
}

func TestCanonicalFieldsIgnoreSpacingAndOrder(t *testing.T) {
	_, a, err := DecodeFields(FollowUp, []byte(`{"note":"双方已履行"}`), recordNow)
	if err != nil {
		t.Fatal(err)
	}
	_, b, _ := DecodeFields(Mediation, []byte(` { "outcome":"agreement", "parties": 2, "dispute_kind":"homestead" } `), recordNow)
	_, c, _ := DecodeFields(Mediation, []byte(`{"dispute_kind":"homestead","parties":2,"outcome":"agreement"}`), recordNow)
	if string(b) != string(c) || len(a) == 0 {
		t.Errorf("canonical forms differ: %s vs %s", b, c)
	}
}

func TestCheckEnvelope(t *testing.T) {
	ok := Record{ID: "01890a5d-ac96-774b-bcce-b302099a8057", Kind: Consultation, Date: "2026-06-14",
		ClientCreatedAt: "2026-06-14T10:02:03.456+08:00"}
	if err := ok.CheckEnvelope(RecordWindow(recordNow)); err != nil {
		t.Fatalf("a good envelope: %v", err)
	}
	cases := map[string]func(r *Record){
		"an id that is not a UUID":    func(r *Record) { r.ID = "../../etc" },
		"an upper-case UUID":          func(r *Record) { r.ID = strings.ToUpper(r.ID) },
		"a date next month":           func(r *Record) { r.Date = "2026-07-20" },
		"a date two years ago":        func(r *Record) { r.Date = "2024-06-01" },
		"a date that is not one":      func(r *Record) { r.Date = "2026-02-30" },
		"superseding itself":          func(r *Record) { r.Supersedes = r.ID },
		"a follow-up of nothing":      func(r *Record) { r.Kind = FollowUp },
		"refers_to on a consultation": func(r *Record) { r.RefersTo = "01890a5d-ac96-774b-bcce-b302099a8058" },
		"a phone time that is not":    func(r *Record) { r.ClientCreatedAt = "yesterday" },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			r := ok
			change(&r)
			if err := r.CheckEnvelope(RecordWindow(recordNow)); ErrorCode(err) != EINVALID {
				t.Errorf("error = %v, want invalid", err)
			}
		})
	}
}

func TestContentHashSeesEveryPart(t *testing.T) {
	base := Record{Kind: FollowUp, Date: "2026-06-14", RefersTo: "a", Fields: []byte(`{"note":"x"}`)}
	seen := map[string]bool{base.ContentHash(): true}
	for _, change := range []func(r *Record){
		func(r *Record) { r.Date = "2026-06-13" },
		func(r *Record) { r.RefersTo = "b" },
		func(r *Record) { r.Supersedes = "a" },
		func(r *Record) { r.ClientCreatedAt = "2026-06-14T10:00:00Z" },
		func(r *Record) { r.Fields = []byte(`{"note":"y"}`) },
	} {
		r := base
		change(&r)
		h := r.ContentHash()
		if seen[h] {
			t.Errorf("a changed record %+v has a hash seen before", r)
		}
		seen[h] = true
	}
}

// FuzzDecodeFields feeds the strict decoder anything: it must never panic,
// and what it accepts must decode again to the same canonical form.
func FuzzDecodeFields(f *testing.F) {
	f.Add("consultation", `{"topic":"marriage-family","asker_group":"herder","channel":"wechat","summary":"彩礼","outcome":"answered"}`)
	f.Add("event", `{"place":"集市","audience":"general","people_reached":1,"leaflets_bo":0,"leaflets_zh":0,"materials":["a"]}`)
	f.Add("attendance", `{"session_id":"01890a5d-ac96-774b-bcce-b302099a8057","hours":1e300}`)
	f.Add("rule_revision", `{"articles":"x","text_bo":"\ud800","reason":"r","votes_for":-0}`)
	f.Add("mediation", `{"dispute_kind":"other","parties":2,"outcome":"referred","follow_up_on":"9999-99-99"}`)
	f.Fuzz(func(t *testing.T, kind, raw string) {
		_, canonical, err := DecodeFields(RecordKind(kind), []byte(raw), recordNow)
		if err != nil {
			if ErrorCode(err) == EINTERNAL {
				t.Fatalf("an internal error for input: %v", err)
			}
			return
		}
		_, again, err := DecodeFields(RecordKind(kind), canonical, recordNow)
		if err != nil || string(again) != string(canonical) {
			t.Fatalf("canonical %s decodes to %s, %v", canonical, again, err)
		}
	})
}

// TestCanonicalFieldsAreStable: the canonical JSON identifies a record's
// content (a duplicate push against a conflict), so it must stay the bytes
// stored records were hashed from, whatever the phone's spacing, order or
// nulls.
func TestCanonicalFieldsAreStable(t *testing.T) {
	for _, c := range []struct {
		kind      RecordKind
		in, canon string
	}{
		{Consultation, `{"outcome":"answered","topic":"marriage-family","asker_group":"herder","channel":"wechat","summary":"彩礼<b>&能否\"要回\""}`,
			`{"topic":"marriage-family","asker_group":"herder","channel":"wechat","summary":"彩礼\u003cb\u003e\u0026能否\"要回\"","outcome":"answered"}`},
		{Mediation, `{"dispute_kind":"homestead","parties":3,"outcome":"referred","follow_up_on":"2026-07-01","summary":"宅基地"}`,
			`{"dispute_kind":"homestead","parties":3,"outcome":"referred","follow_up_on":"2026-07-01","summary":"宅基地"}`},
		{Mediation, `{"dispute_kind":"homestead","parties":3,"outcome":"referred","follow_up_on":null,"summary":""}`,
			`{"dispute_kind":"homestead","parties":3,"outcome":"referred"}`},
		{PromotionEvent, `{"place":"乡集市","audience":"general","people_reached":0,"leaflets_bo":0,"leaflets_zh":0,"materials":[]}`,
			`{"place":"乡集市","audience":"general","people_reached":0,"leaflets_bo":0,"leaflets_zh":0}`},
		{PromotionEvent, `{"place":"乡集市","audience":"herder","people_reached":120,"leaflets_bo":60,"leaflets_zh":40,"materials":["bride-price","legal-aid"]}`,
			`{"place":"乡集市","audience":"herder","people_reached":120,"leaflets_bo":60,"leaflets_zh":40,"materials":["bride-price","legal-aid"]}`},
		{Attendance, `{"hours":3.0,"session_id":"01890a5d-ac96-774b-bcce-b302099a8057"}`,
			`{"session_id":"01890a5d-ac96-774b-bcce-b302099a8057","hours":3}`},
		{RuleRevision, `{"articles":"第三条","text_zh":"禁止","reason":"r"}`,
			`{"articles":"第三条","text_zh":"禁止","reason":"r","votes_for":0,"votes_against":0,"votes_abstain":0}`},
		{RuleRevision, `{"articles":"第三条","text_bo":"ཁྲིམས།","text_zh":"禁止","reason":"r","meeting_on":"2026-06-01","votes_for":40,"votes_against":2,"votes_abstain":1}`,
			`{"articles":"第三条","text_bo":"ཁྲིམས།","text_zh":"禁止","reason":"r","meeting_on":"2026-06-01","votes_for":40,"votes_against":2,"votes_abstain":1}`},
		{FollowUp, `{"note":"双方已履行协议\n第二行"}`, `{"note":"双方已履行协议\n第二行"}`},
	} {
		_, got, err := DecodeFields(c.kind, []byte(c.in), recordNow)
		if err != nil || string(got) != c.canon {
			t.Errorf("%s %s\n got %s, %v\nwant %s", c.kind, c.in, got, err, c.canon)
		}
	}
}

// TestRefusalsNameTheField: what a reader is told names the field at
// fault and, for a number, its range.
func TestRefusalsNameTheField(t *testing.T) {
	for _, c := range []struct {
		kind RecordKind
		json string
		id   string
		args map[string]any
	}{
		{Mediation, `{"dispute_kind":"homestead","parties":0,"outcome":"agreement"}`, "error.field_range",
			map[string]any{"Field": Message("record_field.parties"), "Min": 2, "Max": 100}},
		{Mediation, `{"dispute_kind":"homestead","parties":"2","outcome":"agreement"}`, "error.field_value",
			map[string]any{"Field": Message("record_field.parties")}},
		{Consultation, `{"topic":"marriage-family","asker_group":"herder","channel":"wechat","outcome":"answered"}`, "error.field_missing",
			map[string]any{"Field": Message("record_field.summary")}},
		{Consultation, `{"topic":"marriage-family","asker_group":"monk","channel":"wechat","summary":"x","outcome":"answered"}`, "error.field_choice",
			map[string]any{"Field": Message("record_field.asker_group")}},
		{FollowUp, `{"note":"` + strings.Repeat("长", 2001) + `"}`, "error.field_text_long",
			map[string]any{"Field": Message("record_field.note"), "Max": 2000}},
		{Mediation, `{"dispute_kind":"homestead","parties":2,"outcome":"agreement","follow_up_on":"2031-01-01"}`, "error.field_date_range",
			map[string]any{"Field": Message("record_field.follow_up_on"), "From": "2025-05-11", "To": "2027-06-15"}},
	} {
		_, _, err := DecodeFields(c.kind, []byte(c.json), recordNow)
		if got := ErrorMessageID(err); got != c.id {
			t.Errorf("%s: message %s (%v), want %s", c.json, got, err, c.id)
			continue
		}
		if got := ErrorArgs(err); fmt.Sprint(got) != fmt.Sprint(c.args) {
			t.Errorf("%s: arguments %v, want %v", c.json, got, c.args)
		}
	}
}

// TestValidUUIDIsTheCanonicalForm holds ValidUUID to the pattern it reads
// by hand, over ids a phone makes and ids that are nearly ones.
func TestValidUUIDIsTheCanonicalForm(t *testing.T) {
	pattern := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	ids := []string{"", "018f0000-0000-7000-8000-000000000001", "018F0000-0000-7000-8000-000000000001",
		"018f0000-0000-7000-8000-00000000001", "018f0000-0000-7000-8000-0000000000012", "018f0000_0000-7000-8000-000000000001",
		"018f00000000-7000-8000-0000000000001", "018g0000-0000-7000-8000-000000000001", "{018f0000-0000-7000-8000-00000000001}",
		"018f0000-0000-7000-8000-00000000000\n", "018f0000-0000-7000-8000-00000000000é"}
	for i := range 200 {
		id := []byte(uuid.NewString())
		id[i%36] = "0123456789abcdefABCDEF-_ g"[i%26]
		ids = append(ids, string(id))
	}
	for _, id := range ids {
		if got, want := ValidUUID(id), pattern.MatchString(id); got != want {
			t.Errorf("ValidUUID(%q) = %v, want %v", id, got, want)
		}
	}
}
