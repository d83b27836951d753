package store

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// TestRuleSurveys: an awareness survey is of an adopted revision of the
// resident's village, no more knew than were asked, and the figures sum
// both for the report's rate.
func TestRuleSurveys(t *testing.T) {
	s, office, dolkar, phone := reviewStore(t)
	ctx := context.Background()
	r := record(t, s, mingbai.RuleRevision, "2026-02-20", revisionFields)
	push(t, s, dolkar, phone, r)
	survey := func(asked, knew string) *mingbai.Record {
		t.Helper()
		_, fields, err := mingbai.DecodeFields(mingbai.RuleSurvey, []byte(`{"asked":`+asked+`,"knew":`+knew+`}`), s.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		return &mingbai.Record{ID: uuid.NewString(), Kind: mingbai.RuleSurvey, Date: "2026-02-28", RefersTo: r.ID, Fields: fields}
	}
	res, err := s.Push(ctx, dolkar, phone, items(survey("50", "45")))
	if err != nil || res[0].Status != Rejected || mingbai.ErrorMessageID(res[0].Err) != "error.record_about" {
		t.Fatalf("a survey of a revision not yet adopted: %+v, %v", res, err)
	}
	for _, a := range []mingbai.ReviewAction{mingbai.Approve, mingbai.Adopt} {
		if _, err := s.ReviewRecord(ctx, office.ID, r.ID, a, mingbai.ReviewInput{MeetingOn: "2026-02-25",
			Votes: mingbai.Votes{For: 40, Against: 2}}); err != nil {
			t.Fatal(err)
		}
	}
	push(t, s, dolkar, phone, survey("50", "45"), survey("30", "24"))
	if _, _, err := mingbai.DecodeFields(mingbai.RuleSurvey, []byte(`{"asked":10,"knew":11}`), s.clock.Now()); mingbai.ErrorMessageID(err) != "error.survey_knew" {
		t.Errorf("more knew than were asked: %v", err)
	}
	p, _ := mingbai.ParsePeriod("year", "2026", "", "")
	f, err := s.Figures(ctx, FigureFilter{Period: p})
	if err != nil {
		t.Fatal(err)
	}
	if asked, knew := f.Sum(mingbai.RuleSurvey, "asked"), f.Sum(mingbai.RuleSurvey, "knew"); asked != 80 || knew != 69 {
		t.Errorf("surveys: %v asked, %v knew; want 80, 69", asked, knew)
	}
}
