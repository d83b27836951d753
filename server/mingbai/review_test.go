package mingbai

import (
	"fmt"
	"strings"
	"testing"
)

func reviewed(kind RecordKind, fields string, state RecordState) *Record {
	return &Record{ID: "01890a5d-ac96-774b-bcce-b302099a8057", Kind: kind, Date: "2026-06-01",
		Fields: []byte(fields), State: state}
}

const (
	revisionFields = `{"articles":"第三条","text_zh":"禁止高额彩礼","reason":"移风易俗","votes_for":0,"votes_against":0,"votes_abstain":0}`
	referredFields = `{"topic":"marriage-family","asker_group":"herder","channel":"wechat","summary":"x","outcome":"referred"}`
	answeredFields = `{"topic":"marriage-family","asker_group":"herder","channel":"wechat","summary":"x","outcome":"answered"}`
	mediationFwd   = `{"dispute_kind":"homestead","parties":2,"outcome":"referred"}`
)

func TestCheckReview(t *testing.T) {
	adoption := ReviewInput{MeetingOn: "2026-06-10", Votes: Votes{For: 40, Against: 5, Abstain: 3}}
	cases := []struct {
		name   string
		record *Record
		action ReviewAction
		in     ReviewInput
		want   RecordState
		code   string
	}{
		{"a revision approved", reviewed(RuleRevision, revisionFields, Received), Approve, ReviewInput{}, Approved, ""},
		{"a revision returned with a comment", reviewed(RuleRevision, revisionFields, Received), Return,
			ReviewInput{Comment: "第三条与婚姻法不符"}, Returned, ""},
		{"a return needs a comment", reviewed(RuleRevision, revisionFields, Received), Return, ReviewInput{Comment: "  "}, "", EINVALID},
		{"an approved revision adopted", reviewed(RuleRevision, revisionFields, Approved), Adopt, adoption, Adopted, ""},
		{"adoption before approval", reviewed(RuleRevision, revisionFields, Received), Adopt, adoption, "", ECONFLICT},
		{"approval twice", reviewed(RuleRevision, revisionFields, Approved), Approve, ReviewInput{}, "", ECONFLICT},
		{"a returned revision stays returned", reviewed(RuleRevision, revisionFields, Returned), Approve, ReviewInput{}, "", ECONFLICT},
		{"an adoption without a majority", reviewed(RuleRevision, revisionFields, Approved), Adopt,
			ReviewInput{MeetingOn: "2026-06-10", Votes: Votes{For: 20, Against: 15, Abstain: 5}}, "", EINVALID},
		{"an adoption by nobody", reviewed(RuleRevision, revisionFields, Approved), Adopt,
			ReviewInput{MeetingOn: "2026-06-10"}, "", EINVALID},
		{"a meeting before the proposal", reviewed(RuleRevision, revisionFields, Approved), Adopt,
			ReviewInput{MeetingOn: "2026-05-31", Votes: adoption.Votes}, "", EINVALID},
		{"a meeting in the future", reviewed(RuleRevision, revisionFields, Approved), Adopt,
			ReviewInput{MeetingOn: "2026-07-01", Votes: adoption.Votes}, "", EINVALID},
		{"a meeting without a date", reviewed(RuleRevision, revisionFields, Approved), Adopt,
			ReviewInput{Votes: adoption.Votes}, "", EINVALID},
		{"negative votes", reviewed(RuleRevision, revisionFields, Approved), Adopt,
			ReviewInput{MeetingOn: "2026-06-10", Votes: Votes{For: 10, Against: -5}}, "", EINVALID},
		{"a referred consultation accepted", reviewed(Consultation, referredFields, Received), Accept, ReviewInput{}, Accepted, ""},
		{"a referred mediation accepted", reviewed(Mediation, mediationFwd, Received), Accept, ReviewInput{}, Accepted, ""},
		{"an accepted referral closed", reviewed(Consultation, referredFields, Accepted), Close,
			ReviewInput{Comment: "已转县法律援助中心"}, Closed, ""},
		{"a close needs a comment", reviewed(Consultation, referredFields, Accepted), Close, ReviewInput{}, "", EINVALID},
		{"closing before accepting", reviewed(Consultation, referredFields, Received), Close,
			ReviewInput{Comment: "x"}, "", ECONFLICT},
		{"an answered consultation is no referral", reviewed(Consultation, answeredFields, Received), Accept, ReviewInput{}, "", EINVALID},
		{"an answered consultation returned", reviewed(Consultation, answeredFields, Received), Return,
			ReviewInput{Comment: "摘要里写了姓名，请删去"}, Returned, ""},
		{"approving a consultation", reviewed(Consultation, referredFields, Received), Approve, ReviewInput{}, "", EINVALID},
		{"an accepted referral is not returned", reviewed(Consultation, referredFields, Accepted), Return,
			ReviewInput{Comment: "x"}, "", ECONFLICT},
		{"a comment too long", reviewed(RuleRevision, revisionFields, Received), Return,
			ReviewInput{Comment: strings.Repeat("长", MaxReviewRunes+1)}, "", ETOOLARGE},
		{"a comment with a control character", reviewed(RuleRevision, revisionFields, Received), Approve,
			ReviewInput{Comment: "a\x00b"}, "", EINVALID},
		{"an unknown action", reviewed(RuleRevision, revisionFields, Received), "delete", ReviewInput{}, "", EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := CheckReview(c.record, c.action, c.in, recordNow)
			if ErrorCode(err) != c.code || got != c.want {
				t.Errorf("= %q, %v; want %q with code %q", got, err, c.want, c.code)
			}
		})
	}
	t.Run("a superseded record", func(t *testing.T) {
		r := reviewed(RuleRevision, revisionFields, Received)
		r.SupersededBy = "01890a5d-ac96-774b-bcce-b302099a8058"
		if _, err := CheckReview(r, Approve, ReviewInput{}, recordNow); ErrorCode(err) != ECONFLICT {
			t.Errorf("approving a superseded revision: %v, want a conflict", err)
		}
	})
}

func TestOpenActions(t *testing.T) {
	superseded := reviewed(RuleRevision, revisionFields, Received)
	superseded.SupersededBy = "01890a5d-ac96-774b-bcce-b302099a8058"
	cases := []struct {
		record *Record
		want   string
	}{
		{reviewed(RuleRevision, revisionFields, Received), "[approve return]"},
		{reviewed(RuleRevision, revisionFields, Approved), "[adopt]"},
		{reviewed(RuleRevision, revisionFields, Adopted), "[]"},
		{reviewed(RuleRevision, revisionFields, Returned), "[]"},
		{reviewed(Consultation, referredFields, Received), "[accept return]"},
		{reviewed(Mediation, mediationFwd, Accepted), "[close]"},
		{reviewed(Consultation, answeredFields, Received), "[return]"},
		{reviewed(FollowUp, `{"note":"x"}`, Received), "[return]"},
		{superseded, "[]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(c.record.OpenActions()); got != c.want {
			t.Errorf("%s %s: %s, want %s", c.record.Kind, c.record.State, got, c.want)
		}
	}
}

func TestFieldNames(t *testing.T) {
	spec, err := SpecOf(RuleRevision)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range spec.Fields {
		names = append(names, f.Name)
	}
	if got := fmt.Sprint(names); got != "[articles text_bo text_zh reason meeting_on votes_for votes_against votes_abstain]" {
		t.Errorf("rule revision fields = %s", got)
	}
	if _, err := SpecOf("gossip"); ErrorCode(err) != EINVALID {
		t.Error("an unknown kind has a specification")
	}
}
