package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

// recordPage is one field record with everything the office knows of it.
type recordPage struct {
	formPage
	Notice    string
	Record    recordView
	Newest    string // the newest version's id, when a correction replaced this one
	Versions  []recordView
	FollowUps []recordView
	Reviews   []reviewView
	Conflicts []conflictView
	Actions   []mingbai.ReviewAction
	Form      reviewForm
}

// reviewView is one review action as the record's history shows it.
type reviewView struct {
	mingbai.Review
	ActionName string
}

// reviewForm is what a review form sends, kept to show again when the
// action is refused.
type reviewForm struct {
	Action                           mingbai.ReviewAction
	Comment, MeetingOn               string
	VotesFor, VotesAgainst, Abstains string
}

// recordDetail shows a record: its fields with their labels, its versions,
// follow-ups, the office's reviews, conflicting copies and the review
// actions its kind and state allow. Consultation and mediation records
// hold personal data, so each opening is logged (DESIGN §7).
func (s *server) recordDetail(c echo.Context) error {
	l, id, err := langAndID(c, "error.record_not_found")
	if err != nil {
		return err
	}
	p, err := s.recordPageFor(c, l, id)
	if err != nil {
		return err
	}
	if err := s.audit(c, "record.read", id, string(p.Record.Kind)); err != nil {
		return err
	}
	p.Notice = s.noticeText(l, s.takeNotice(c))
	return s.render(c, http.StatusOK, "office_record", p)
}

// recordPageFor gathers record id's page.
func (s *server) recordPageFor(c echo.Context, l mingbai.Lang, id string) (recordPage, error) {
	ctx := c.Request().Context()
	p := recordPage{formPage: s.newFormPage(c, l, "office.record")}
	h, err := s.store.RecordHistory(ctx, id)
	if err != nil {
		return p, err
	}
	n, err := s.newRecordNamer(ctx, l)
	if err != nil {
		return p, err
	}
	p.Record = n.view(h.Record, true)
	p.Actions = h.Record.OpenActions()
	for _, v := range h.Versions {
		p.Versions = append(p.Versions, n.view(v, false))
		if v.SupersededBy == "" && h.Record.SupersededBy != "" {
			p.Newest = v.ID
		}
	}
	for _, f := range h.FollowUps {
		p.FollowUps = append(p.FollowUps, n.view(f, true))
	}
	for _, r := range h.Reviews {
		p.Reviews = append(p.Reviews, reviewView{Review: r, ActionName: n.t("record_action." + string(r.Action))})
	}
	p.Conflicts = n.conflicts(h.Conflicts)
	return p, nil
}

// recordReview applies one of the office's review actions to a record:
// the new state and comment reach the resident's phone at its next pull.
// A refused action shows the record again with the reason and what was
// typed: 400 for bad input, 409 when the record has moved on.
func (s *server) recordReview(c echo.Context) error {
	l, id, err := langAndID(c, "error.record_not_found")
	if err != nil {
		return err
	}
	f := reviewForm{Action: mingbai.ReviewAction(c.FormValue("action")), Comment: formText(c, "comment"),
		MeetingOn: formText(c, "meeting_on"), VotesFor: formText(c, "votes_for"),
		VotesAgainst: formText(c, "votes_against"), Abstains: formText(c, "votes_abstain")}
	in, err := f.input()
	if err == nil {
		_, err = s.store.ReviewRecord(s.auditing(c, "record.review", id, string(f.Action)), currentUser(c).ID, id, f.Action, in)
	}
	if err != nil {
		status, msg, ok := s.formFailure(l, err)
		if !ok || status == http.StatusNotFound {
			return err
		}
		p, perr := s.recordPageFor(c, l, id)
		if perr != nil {
			return perr
		}
		if perr := s.audit(c, "record.read", id, string(p.Record.Kind)); perr != nil {
			return perr
		}
		p.Form, p.Error = f, msg
		return s.render(c, status, "office_record", p)
	}
	return s.done(c, officeLink(l, "records", id), notice{MessageID: "office.review_saved"})
}

// input reads the form's numbers: empty counts as none; anything else
// that is not a whole number is EINVALID.
func (f reviewForm) input() (mingbai.ReviewInput, error) {
	in := mingbai.ReviewInput{Comment: f.Comment, MeetingOn: f.MeetingOn}
	if f.Action != mingbai.Adopt {
		return in, nil
	}
	for _, v := range []struct {
		text string
		into *int
	}{{f.VotesFor, &in.Votes.For}, {f.VotesAgainst, &in.Votes.Against}, {f.Abstains, &in.Votes.Abstain}} {
		if strings.TrimSpace(v.text) == "" {
			continue
		}
		n, err := strconv.Atoi(v.text)
		if err != nil {
			return in, mingbai.Errorf(mingbai.EINVALID, "error.review_votes", "votes %q", v.text)
		}
		*v.into = n
	}
	return in, nil
}
