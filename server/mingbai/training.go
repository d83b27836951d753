package mingbai

import (
	"strings"
	"time"
	"unicode/utf8"
)

// TrainingSession is a training the office holds for legal-savvy
// residents; residents check in by scanning its code's QR code (or picking
// it from a list) and record their hours as an attendance record.
type TrainingSession struct {
	ID        string
	Title     string
	HeldOn    string // YYYY-MM-DD
	Place     string
	Hours     float64
	Code      string // the check-in code the QR code carries
	CreatedAt time.Time
	Seq       int64
	Attendees int // residents who checked in
	// Others are the attendees without an account, by group (one of
	// TrainingGroups), counted by the office.
	Others Counts
}

// TrainingGroups are the groups a training's other attendees are counted
// in: people's mediators, village cadres, grid workers, anyone else. Each
// is shown with the message "training_group.<group>".
var TrainingGroups = []string{"mediator", "cadre", "grid_worker", "other"}

// MaxHeadcount caps one group's headcount at a training: more than any
// township's hall holds.
const MaxHeadcount = 10000

// CheckHeadcounts returns EINVALID unless every group of counts is one of
// TrainingGroups with a headcount from 0 to MaxHeadcount, naming the group.
func CheckHeadcounts(counts Counts) error {
	for g, n := range counts {
		known := false
		for _, tg := range TrainingGroups {
			known = known || g == tg
		}
		if !known {
			return Errorf(EINVALID, "error.field_value", "training group %q", g).With("Field", Message("office.training_others"))
		}
		if n < 0 || n > MaxHeadcount {
			return Errorf(EINVALID, "error.field_range", "%s %d", g, n).
				With("Field", Message("training_group."+g), "Min", 0, "Max", MaxHeadcount)
		}
	}
	return nil
}

// Validate checks a session before it is stored and returns EINVALID with
// the first problem.
func (s *TrainingSession) Validate(now time.Time) error {
	switch {
	case strings.TrimSpace(s.Title) == "" || utf8.RuneCountInString(s.Title) > 200:
		return Errorf(EINVALID, "error.training_title", "title %q", s.Title)
	case utf8.RuneCountInString(s.Place) > 200:
		return Errorf(EINVALID, "error.record_text_long", "place too long")
	case s.Hours <= 0 || s.Hours > 24 || s.Hours*2 != float64(int(s.Hours*2)):
		return Errorf(EINVALID, "error.record_hours", "hours %v", s.Hours)
	}
	return PlanWindow(now).Check(s.HeldOn)
}
