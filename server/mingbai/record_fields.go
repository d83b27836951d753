package mingbai

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"
)

// RecordFields are a kind's own fields. Each kind holds what the office
// reports and no more: no names, addresses or phone numbers of villagers.
type RecordFields interface {
	validate(now time.Time) error
}

// The closed lists the office reports by (DESIGN §8).
var (
	AskerGroups          = []string{"elderly", "migrant_worker", "herder", "student", "business", "other"}
	ConsultationChannels = []string{"in_person", "phone", "wechat"}
	ConsultationOutcomes = []string{"answered", "referred", "mediation_started"}
	DisputeKinds         = []string{"homestead", "marriage_family", "labour_contract", "land_contract", "neighbours", "other"}
	MediationOutcomes    = []string{"agreement", "no_agreement", "referred"}
	EventAudiences       = append([]string{"general"}, AskerGroups[:5]...)
)

// ConsultationFields is a free legal consultation answered in the village.
type ConsultationFields struct {
	Topic      string `json:"topic"` // a topic slug
	AskerGroup string `json:"asker_group"`
	Channel    string `json:"channel"`
	Summary    string `json:"summary"` // the question in a sentence or two, without names
	Outcome    string `json:"outcome"`
}

func (f *ConsultationFields) validate(time.Time) error {
	if !ValidSlug(f.Topic) {
		return Errorf(EINVALID, "error.topic_unknown", "topic %q", f.Topic)
	}
	return firstError(
		oneOf("asker_group", f.AskerGroup, AskerGroups...),
		oneOf("channel", f.Channel, ConsultationChannels...),
		checkText("summary", f.Summary, maxFieldRunes, true),
		oneOf("outcome", f.Outcome, ConsultationOutcomes...),
	)
}

// MediationFields is a dispute the resident mediated.
type MediationFields struct {
	DisputeKind string `json:"dispute_kind"`
	Parties     int    `json:"parties"`
	Outcome     string `json:"outcome"`
	FollowUpOn  string `json:"follow_up_on,omitempty"`
	Summary     string `json:"summary,omitempty"`
}

func (f *MediationFields) validate(now time.Time) error {
	err := firstError(
		oneOf("dispute_kind", f.DisputeKind, DisputeKinds...),
		inRange("parties", f.Parties, 2, 100),
		oneOf("outcome", f.Outcome, MediationOutcomes...),
		checkText("summary", f.Summary, maxFieldRunes, false),
	)
	if err == nil && f.FollowUpOn != "" {
		err = PlanWindow(now).Check(f.FollowUpOn)
	}
	return err
}

// EventFields is a law-promotion event: a stall at a market, a talk in a
// monastery's courtyard, a visit to herders' summer pastures.
type EventFields struct {
	Place         string   `json:"place"`
	Audience      string   `json:"audience"`
	PeopleReached int      `json:"people_reached"`
	LeafletsBo    int      `json:"leaflets_bo"` // paper leaflets handed out in Tibetan
	LeafletsZh    int      `json:"leaflets_zh"` // and in Chinese
	Materials     []string `json:"materials,omitempty"`
}

func (f *EventFields) validate(time.Time) error {
	if len(f.Materials) > 50 {
		return Errorf(EINVALID, "error.record_field_value", "%d materials", len(f.Materials))
	}
	for _, s := range f.Materials {
		if !ValidSlug(s) {
			return Errorf(EINVALID, "error.material_not_found", "material %q", s)
		}
	}
	return firstError(
		checkText("place", f.Place, 200, true),
		oneOf("audience", f.Audience, EventAudiences...),
		inRange("people_reached", f.PeopleReached, 0, 100000),
		inRange("leaflets_bo", f.LeafletsBo, 0, 100000),
		inRange("leaflets_zh", f.LeafletsZh, 0, 100000),
	)
}

// AttendanceFields is a resident's attendance at a training session.
type AttendanceFields struct {
	SessionID string  `json:"session_id"`
	Hours     float64 `json:"hours"`
}

func (f *AttendanceFields) validate(time.Time) error {
	if !ValidUUID(f.SessionID) {
		return Errorf(EINVALID, "error.training_not_found", "session %q", f.SessionID)
	}
	if f.Hours <= 0 || f.Hours > 24 || math.IsNaN(f.Hours) || f.Hours*2 != math.Trunc(f.Hours*2) {
		return Errorf(EINVALID, "error.record_hours", "hours %v", f.Hours)
	}
	return nil
}

// RuleRevisionFields is a proposed revision of the village rules, for the
// township's legality review.
type RuleRevisionFields struct {
	Articles     string `json:"articles"` // which articles change, e.g. "第三条"
	TextBo       string `json:"text_bo,omitempty"`
	TextZh       string `json:"text_zh,omitempty"`
	Reason       string `json:"reason"`
	MeetingOn    string `json:"meeting_on,omitempty"` // the villagers' meeting, once held
	VotesFor     int    `json:"votes_for"`
	VotesAgainst int    `json:"votes_against"`
	VotesAbstain int    `json:"votes_abstain"`
}

func (f *RuleRevisionFields) validate(now time.Time) error {
	err := firstError(
		checkText("articles", f.Articles, 200, true),
		checkText("text_bo", f.TextBo, maxRuleTextRune, false),
		checkText("text_zh", f.TextZh, maxRuleTextRune, false),
		checkText("reason", f.Reason, maxFieldRunes, true),
		inRange("votes_for", f.VotesFor, 0, 100000),
		inRange("votes_against", f.VotesAgainst, 0, 100000),
		inRange("votes_abstain", f.VotesAbstain, 0, 100000),
	)
	if err == nil && f.TextBo == "" && f.TextZh == "" {
		err = Errorf(EINVALID, "error.record_rule_text", "no proposed text")
	}
	if err == nil && f.MeetingOn != "" {
		err = RecordWindow(now).Check(f.MeetingOn)
	}
	return err
}

// FollowUpFields is a note on an earlier record.
type FollowUpFields struct {
	Note string `json:"note"`
}

func (f *FollowUpFields) validate(time.Time) error {
	return checkText("note", f.Note, maxFieldRunes, true)
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// newFields returns an empty value of kind k's fields.
func newFields(k RecordKind) RecordFields {
	switch k {
	case Consultation:
		return &ConsultationFields{}
	case Mediation:
		return &MediationFields{}
	case PromotionEvent:
		return &EventFields{}
	case Attendance:
		return &AttendanceFields{}
	case RuleRevision:
		return &RuleRevisionFields{}
	case FollowUp:
		return &FollowUpFields{}
	}
	return nil
}

// DecodeFields reads kind k's fields from raw JSON, strictly (an unknown
// field is an error: it may be personal data the office must not keep, or
// a newer client's field this server would silently drop), validates them,
// and returns them with their canonical JSON, which identifies the
// record's content.
func DecodeFields(k RecordKind, raw []byte, now time.Time) (RecordFields, []byte, error) {
	f := newFields(k)
	if f == nil {
		return nil, nil, Errorf(EINVALID, "error.record_kind", "unknown record kind %q", k)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(f); err != nil {
		return nil, nil, Errorf(EINVALID, "error.record_fields", "%s fields: %v", k, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, Errorf(EINVALID, "error.record_fields", "%s fields: trailing data", k)
	}
	if err := f.validate(now); err != nil {
		return nil, nil, err
	}
	canonical, err := json.Marshal(f)
	if err != nil {
		return nil, nil, fmt.Errorf("encode %s fields: %w", k, err)
	}
	return f, canonical, nil
}
