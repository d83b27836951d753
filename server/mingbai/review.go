package mingbai

import (
	"encoding/json"
	"strings"
	"time"
)

// ReviewAction is something the office does to a record: the only change
// a stored record ever sees besides a correction superseding it.
type ReviewAction string

// The office's review actions.
const (
	Approve ReviewAction = "approve" // a village-rule revision passes the legality review
	Return  ReviewAction = "return"  // back to the resident with a comment, to correct
	Adopt   ReviewAction = "adopt"   // an approved revision the villagers' meeting voted for
	Accept  ReviewAction = "accept"  // the office takes on a referred case
	Close   ReviewAction = "close"   // the office closes a referred case with an outcome
)

// ReviewActions lists every action, in the order a record's page offers them.
var ReviewActions = []ReviewAction{Approve, Adopt, Accept, Close, Return}

// ParseReviewAction returns the action named s, or EINVALID.
func ParseReviewAction(s string) (ReviewAction, error) {
	for _, a := range ReviewActions {
		if string(a) == s {
			return a, nil
		}
	}
	return "", Errorf(EINVALID, "error.review_action", "unknown review action %q", s)
}

// Votes is how a villagers' meeting voted on a village-rule revision.
type Votes struct {
	For, Against, Abstain int
}

// ReviewInput is what the office gives with an action: a comment, which
// reaches the resident's phone, and for an adoption the meeting's result.
type ReviewInput struct {
	Comment   string
	MeetingOn string // YYYY-MM-DD, for Adopt
	Votes     Votes  // for Adopt
}

// Review is one action of the office on a record, kept for its history.
type Review struct {
	RecordID  string
	Action    ReviewAction
	Comment   string
	MeetingOn string
	Votes     *Votes // only an adoption has them
	ActorID   string
	ActorName string
	At        time.Time
}

// MaxReviewRunes caps a review comment: a paragraph or two.
const MaxReviewRunes = 2000

// transition is one step of the review: action takes a record from one
// state to the next.
type transition struct {
	from   RecordState
	action ReviewAction
	to     RecordState
}

// transitions are the steps open to r's kind. Any record may be returned
// for a correction while it is only received (a name written into a
// summary, wrong hours); the resident answers with a correction that
// supersedes it, so a returned record stays returned. A village-rule
// revision goes through the legality review and then the villagers'
// meeting; a consultation or mediation referred to the office is accepted
// and then closed.
func transitions(r *Record) []transition {
	ts := []transition{{Received, Return, Returned}}
	spec, err := SpecOf(r.Kind)
	switch {
	case err != nil:
	case spec.Review == ReviewLegality:
		ts = append(ts, transition{Received, Approve, Approved}, transition{Approved, Adopt, Adopted})
	case r.Referred():
		ts = append(ts, transition{Received, Accept, Accepted}, transition{Accepted, Close, Closed})
	}
	return ts
}

// Referred reports whether r is a case the resident referred to the
// office (a kind with the referral review, its outcome "referred"): a
// case the office takes on and closes.
func (r *Record) Referred() bool {
	if spec, err := SpecOf(r.Kind); err != nil || spec.Review != ReviewReferral {
		return false
	}
	var f struct {
		Outcome string `json:"outcome"`
	}
	return json.Unmarshal(r.Fields, &f) == nil && f.Outcome == "referred"
}

// OpenActions lists what the office may do to r now, in ReviewActions'
// order; none for a record a correction superseded, since the office
// reviews the current version.
func (r *Record) OpenActions() []ReviewAction {
	if r.SupersededBy != "" {
		return nil
	}
	var out []ReviewAction
	for _, a := range ReviewActions {
		for _, t := range transitions(r) {
			if t.action == a && t.from == r.State {
				out = append(out, a)
			}
		}
	}
	return out
}

// CheckReview returns the state action a moves r to, given in. It returns
// EINVALID for an action r's kind never takes or for bad input (a missing
// comment, a meeting's result that is no adoption), and ECONFLICT for an
// action r's state no longer allows (someone else acted first) or for a
// record a correction superseded.
func CheckReview(r *Record, a ReviewAction, in ReviewInput, now time.Time) (RecordState, error) {
	if _, err := ParseReviewAction(string(a)); err != nil {
		return "", err
	}
	var to RecordState
	known := false
	for _, t := range transitions(r) {
		if t.action != a {
			continue
		}
		known = true
		if t.from == r.State {
			to = t.to
		}
	}
	switch {
	case !known:
		return "", Errorf(EINVALID, "error.review_kind", "%s of a %s", a, r.Kind)
	case r.SupersededBy != "":
		return "", Errorf(ECONFLICT, "error.review_superseded", "%s superseded by %s", r.ID, r.SupersededBy)
	case to == "":
		return "", Errorf(ECONFLICT, "error.review_state", "%s of a %s record", a, r.State)
	}
	if err := in.check(r, a, now); err != nil {
		return "", err
	}
	return to, nil
}

// check validates the input for action a on r.
func (in ReviewInput) check(r *Record, a ReviewAction, now time.Time) error {
	required := a == Return || a == Close
	if err := checkText("comment", in.Comment, MaxReviewRunes, false); err != nil {
		return err
	}
	if required && strings.TrimSpace(in.Comment) == "" {
		return Errorf(EINVALID, "error.review_comment", "%s without a comment", a)
	}
	if a != Adopt {
		return nil
	}
	// The meeting votes on the revision after it was proposed, and has
	// been held by the time the office records its result.
	w := DateWindow{From: r.Date, To: RecordWindow(now).To}
	if err := w.Check(in.MeetingOn); err != nil {
		return Errorf(EINVALID, "error.review_meeting_date", "meeting on %q: %v", in.MeetingOn, err).
			With("From", w.From, "To", w.To)
	}
	v := in.Votes
	// The votes are the revision's own fields, with their limits.
	spec, err := SpecOf(RuleRevision)
	if err != nil {
		return err
	}
	for _, vote := range []struct {
		field string
		n     int
	}{{"votes_for", v.For}, {"votes_against", v.Against}, {"votes_abstain", v.Abstain}} {
		f, _ := spec.Field(vote.field)
		if err := f.check(vote.n, now); err != nil {
			return err
		}
	}
	// The villagers' meeting adopts a rule by a majority of those present
	// (Organic Law of the Villagers' Committees, art. 22): without it the
	// revision was not adopted.
	if 2*v.For <= v.For+v.Against+v.Abstain {
		return Errorf(EINVALID, "error.review_no_majority", "%d for of %d", v.For, v.For+v.Against+v.Abstain)
	}
	return nil
}
