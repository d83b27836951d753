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
