package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// clerk stores an office account, the actor of reviews.
func clerk(t testing.TB, s *Store) *mingbai.User {
	t.Helper()
	u := &mingbai.User{Username: "clerk", DisplayName: "司法所 王", Role: mingbai.Office}
	if err := s.CreateUser(context.Background(), u, "$2a$11$notarealhashbutlongenoughtostore.............."); err != nil {
		t.Fatal(err)
	}
	return u
}

// reviewStore is a store with the sample topics, an office account to
// review and a resident with a phone to record.
func reviewStore(t *testing.T) (s *Store, office, dolkar *mingbai.User, phone string) {
	t.Helper()
	s, _ = openTest(t)
	seedTest(t, s)
	dolkar, phone = resident(t, s, "dolkar")
	return s, clerk(t, s), dolkar, phone
}

// record makes a valid record of kind dated date with fields.
func record(t testing.TB, s *Store, kind mingbai.RecordKind, date, fields string) *mingbai.Record {
	t.Helper()
	_, canonical, err := mingbai.DecodeFields(kind, []byte(fields), s.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	id, _ := uuid.NewV7()
	return &mingbai.Record{ID: id.String(), Kind: kind, Date: date, Fields: canonical}
}

const (
	revisionFields = `{"articles":"第三条","text_zh":"禁止索要高额彩礼","reason":"移风易俗","votes_for":0,"votes_against":0,"votes_abstain":0}`
	referralFields = `{"topic":"marriage-family","asker_group":"herder","channel":"phone","summary":"离婚财产","outcome":"referred"}`
)

func push(t testing.TB, s *Store, u *mingbai.User, device string, rs ...*mingbai.Record) {
	t.Helper()
	res, err := s.Push(context.Background(), u, device, items(rs...))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Status != Applied {
			t.Fatalf("push %s = %s %v", r.ID, r.Status, r.Err)
		}
	}
}

// pulledRecord pulls u's changes after cursor and returns record id's,
// nil when it is not among them.
func pulledRecord(t *testing.T, s *Store, u *mingbai.User, cursor int64, id string) *mingbai.Record {
	t.Helper()
	changes, _, err := s.Pull(context.Background(), u, cursor, MaxPull)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.Record != nil && c.Record.ID == id {
			return c.Record
		}
	}
	return nil
}

func TestReturnedRevisionReachesTheResidentsPull(t *testing.T) {
	s, office, dolkar, phone := reviewStore(t)
	ctx := context.Background()
	revision := record(t, s, mingbai.RuleRevision, "2026-02-20", revisionFields)
	push(t, s, dolkar, phone, revision)
	cursor := s.Generation()
	if pulledRecord(t, s, dolkar, cursor, revision.ID) != nil {
		t.Fatal("the revision is pulled again before any review")
	}

	comment := "第三条与《民法典》第1042条的表述不一致，请改为“禁止借婚姻索取财物”。"
	got, err := s.ReviewRecord(ctx, office.ID, revision.ID, mingbai.Return, mingbai.ReviewInput{Comment: comment})
	if err != nil {
		t.Fatal(err)
	}
	if got.State != mingbai.Returned || got.Seq <= cursor {
		t.Errorf("returned record = state %s seq %d, want returned after %d", got.State, got.Seq, cursor)
	}
	pulled := pulledRecord(t, s, dolkar, cursor, revision.ID)
	if pulled == nil || pulled.State != mingbai.Returned || pulled.Review != comment {
		t.Fatalf("the resident's next pull = %+v, want the revision returned with the comment", pulled)
	}
	if string(pulled.Fields) != string(revision.Fields) {
		t.Error("the review changed the record's fields")
	}
	if _, err := s.ReviewRecord(ctx, office.ID, revision.ID, mingbai.Approve, mingbai.ReviewInput{}); mingbai.ErrorCode(err) != mingbai.ECONFLICT {
		t.Errorf("approving a returned revision: %v, want a conflict", err)
	}
	if _, err := s.ReviewRecord(ctx, office.ID, uuid.NewString(), mingbai.Approve, mingbai.ReviewInput{}); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("reviewing no record: %v, want not found", err)
	}

	// The resident corrects it; the correction is approved, then adopted.
	correction := record(t, s, mingbai.RuleRevision, "2026-02-25",
		`{"articles":"第三条","text_zh":"禁止借婚姻索取财物","reason":"移风易俗","votes_for":0,"votes_against":0,"votes_abstain":0}`)
	correction.Supersedes = revision.ID
	push(t, s, dolkar, phone, correction)
	if _, err := s.ReviewRecord(ctx, office.ID, correction.ID, mingbai.Approve, mingbai.ReviewInput{}); err != nil {
		t.Fatal(err)
	}
	meeting := mingbai.ReviewInput{MeetingOn: "2026-02-28", Votes: mingbai.Votes{For: 61, Against: 4, Abstain: 2}}
	if _, err := s.ReviewRecord(ctx, office.ID, correction.ID, mingbai.Adopt, meeting); err != nil {
		t.Fatal(err)
	}
	h, err := s.RecordHistory(ctx, correction.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range h.Reviews {
		actions = append(actions, fmt.Sprintf("%s:%s:%s", r.RecordID[len(r.RecordID)-4:], r.Action, r.ActorName))
	}
	want := fmt.Sprintf("[%s:return:司法所 王 %s:approve:司法所 王 %s:adopt:司法所 王]",
		revision.ID[len(revision.ID)-4:], correction.ID[len(correction.ID)-4:], correction.ID[len(correction.ID)-4:])
	if fmt.Sprint(actions) != want {
		t.Errorf("reviews = %v, want %s", actions, want)
	}
	last := h.Reviews[len(h.Reviews)-1]
	if last.MeetingOn != "2026-02-28" || last.Votes == nil || *last.Votes != meeting.Votes {
		t.Errorf("adoption kept as %+v, want the meeting's date and votes", last)
	}
	if h.Reviews[0].Votes != nil {
		t.Error("a return has votes")
	}
	// A neighbour in the same village pulls the adopted rule.
	neighbour := &mingbai.User{Username: "pema", DisplayName: "pema", Role: mingbai.Resident, VillageID: dolkar.VillageID}
	if err := s.CreateUser(ctx, neighbour, "$2a$11$notarealhashbutlongenoughtostore.............."); err != nil {
		t.Fatal(err)
	}
	if r := pulledRecord(t, s, neighbour, 0, correction.ID); r == nil || r.State != mingbai.Adopted {
		t.Errorf("the village's adopted rule, as a neighbour pulls it = %+v", r)
	}
}

func TestReferralIsAcceptedThenClosed(t *testing.T) {
	s, office, dolkar, phone := reviewStore(t)
	ctx := context.Background()
	referral := record(t, s, mingbai.Consultation, "2026-02-27", referralFields)
	push(t, s, dolkar, phone, referral)
	steps := []struct {
		action mingbai.ReviewAction
		in     mingbai.ReviewInput
		state  mingbai.RecordState
		code   string
	}{
		{mingbai.Close, mingbai.ReviewInput{Comment: "已办结"}, mingbai.Received, mingbai.ECONFLICT},
		{mingbai.Approve, mingbai.ReviewInput{}, mingbai.Received, mingbai.EINVALID},
		{mingbai.Accept, mingbai.ReviewInput{}, mingbai.Accepted, ""},
		{mingbai.Close, mingbai.ReviewInput{}, mingbai.Accepted, mingbai.EINVALID},
		{mingbai.Close, mingbai.ReviewInput{Comment: "已转县法律援助中心，当事人获得援助律师"}, mingbai.Closed, ""},
		{mingbai.Return, mingbai.ReviewInput{Comment: "x"}, mingbai.Closed, mingbai.ECONFLICT},
	}
	for _, st := range steps {
		_, err := s.ReviewRecord(ctx, office.ID, referral.ID, st.action, st.in)
		if mingbai.ErrorCode(err) != st.code {
			t.Errorf("%s: %v, want code %q", st.action, err, st.code)
		}
		if r, _ := s.Record(ctx, referral.ID); r.State != st.state {
			t.Errorf("after %s the record is %s, want %s", st.action, r.State, st.state)
		}
	}
	h, _ := s.RecordHistory(ctx, referral.ID)
	if len(h.Reviews) != 2 {
		t.Errorf("%d reviews kept, want the accept and the close (refused actions leave none)", len(h.Reviews))
	}
}

func TestTwoClerksActingAtOnce(t *testing.T) {
	s, office, dolkar, phone := reviewStore(t)
	revision := record(t, s, mingbai.RuleRevision, "2026-02-20", revisionFields)
	push(t, s, dolkar, phone, revision)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			action, in := mingbai.Approve, mingbai.ReviewInput{}
			if i%2 == 1 {
				action, in = mingbai.Return, mingbai.ReviewInput{Comment: "请补充理由"}
			}
			_, errs[i] = s.ReviewRecord(context.Background(), office.ID, revision.ID, action, in)
		})
	}
	wg.Wait()
	done := 0
	for _, err := range errs {
		switch mingbai.ErrorCode(err) {
		case "":
			done++
		case mingbai.ECONFLICT:
		default:
			t.Errorf("concurrent review: %v", err)
		}
	}
	h, _ := s.RecordHistory(context.Background(), revision.ID)
	if done != 1 || len(h.Reviews) != 1 {
		t.Errorf("%d reviews succeeded and %d were kept, want exactly one", done, len(h.Reviews))
	}
}

// TestPullIsOneSnapshot: a review that lands between a pull's two reads
// (the change numbers, then what they are about) never makes a change
// about nothing; the pull shows the record as it was, and the next pull
// its new state.
func TestPullIsOneSnapshot(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	u, _ := resident(t, s, "dolkar")
	clerk := officeUser(t, s, "clerk")
	r := consultation(t, s, "问")
	if res, err := s.Push(ctx, u, "", items(r)); err != nil || res[0].Status != Applied {
		t.Fatalf("push = %+v, %v", res, err)
	}
	s.betweenPullReads = func() {
		s.betweenPullReads = nil
		if _, err := s.ReviewRecord(ctx, clerk.ID, r.ID, mingbai.Return, mingbai.ReviewInput{Comment: "请补充"}); err != nil {
			t.Fatal(err)
		}
	}
	changes, _, err := s.Pull(ctx, u, 0, MaxPull)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.Material == nil && c.Record == nil && c.Session == nil && c.Withdrawn == "" {
			t.Fatalf("change %d is about nothing", c.Seq)
		}
	}
	last := changes[len(changes)-1]
	next, _, err := s.Pull(ctx, u, last.Seq, MaxPull)
	if err != nil || len(next) != 1 || next[0].Record == nil || next[0].Record.State != mingbai.Returned {
		t.Errorf("the next pull = %+v, %v; want the record, returned", next, err)
	}
}
