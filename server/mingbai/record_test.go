package mingbai

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
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
	if err := ok.CheckEnvelope(recordNow); err != nil {
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
			if err := r.CheckEnvelope(recordNow); ErrorCode(err) != EINVALID {
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

// TestRecordFormsCoverEveryField keeps the forms and the kinds' fields in
// step: a form filled in completely decodes without an unknown or missing
// field.
func TestRecordFormsCoverEveryField(t *testing.T) {
	filled := map[FormInput]string{InputText: "乡集市", InputTextarea: "说明", InputInt: "3", InputHalfHours: "1.5",
		InputDate: "2026-06-14", InputTopic: "marriage-family", InputSession: "01890a5d-ac96-774b-bcce-b302099a8057",
		InputMaterials: "bride-price"}
	for _, k := range RecordKinds {
		t.Run(string(k), func(t *testing.T) {
			byName := map[string]FormField{}
			for _, f := range RecordForms[k] {
				byName[f.Name] = f
			}
			values := FormValues(k, func(name string) []string {
				f, ok := byName[name]
				if !ok {
					return nil
				}
				if f.Input == InputSelect {
					return []string{f.Options[0]}
				}
				return []string{filled[f.Input]}
			})
			raw, _ := json.Marshal(values)
			if _, _, err := DecodeFields(k, raw, recordNow); err != nil {
				t.Errorf("a full %s form decodes with %v: %s", k, err, raw)
			}
			var canonical map[string]any
			_, c, _ := DecodeFields(k, raw, recordNow)
			json.Unmarshal(c, &canonical)
			for name := range canonical {
				if _, ok := byName[name]; !ok {
					t.Errorf("field %s of %s has no form input", name, k)
				}
			}
		})
	}
	if v := FormValues(Mediation, func(n string) []string { return map[string][]string{"parties": {"two"}}[n] })["parties"]; v != "two" {
		t.Errorf("a non-number is passed on as %v, for the decoder to refuse", v)
	}
}
