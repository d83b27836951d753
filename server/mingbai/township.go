package mingbai

import (
	"fmt"
	"sync"
	"time"
)

// Township is the time zone the office and villages live in, China
// Standard Time, UTC+8 all year: a record's day, a report's year and a
// leaflet's opens by day are days and years there. Times are stored in
// UTC; this is the one place that says what "today" means.
var Township = time.FixedZone("CST", 8*3600)

// TownshipZoneName names the zone to people beside the times shown in it,
// "UTC+8", read from Township itself.
func TownshipZoneName() string {
	_, offset := time.Time{}.In(Township).Zone()
	name := fmt.Sprintf("UTC%+d", offset/3600)
	if m := offset % 3600 / 60; m != 0 {
		name += fmt.Sprintf(":%02d", max(m, -m))
	}
	return name
}

// TownshipDay is t's date in the township, YYYY-MM-DD: work done at seven
// in the morning belongs to that day, not to the UTC day before.
func TownshipDay(t time.Time) string { return t.In(Township).Format(time.DateOnly) }

// TownshipTime shows t to people as a township wall-clock time to the
// minute, "2026-12-02 02:51". Machine formats (exports, the API) use
// RFC 3339 with an offset instead.
func TownshipTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Township).Format("2006-01-02 15:04")
}

// townshipMidnight is the start of day d (YYYY-MM-DD) in the township.
func townshipMidnight(d string) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, d, Township)
}

// addDays is the township day n days after day d (n may be negative).
func addDays(d string, n int) string {
	t, err := townshipMidnight(d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// How far from today a date may be, in township days. A resident may enter
// work up to RecordDaysBack days late; one day ahead covers a phone whose
// clock or zone is a little off, never a date truly in the future. A
// follow-up or a training may be planned up to PlanDaysAhead days ahead.
const (
	RecordDaysBack  = 400
	RecordDaysAhead = 1
	PlanDaysAhead   = 365
)

// DateWindow is a span of township days a date may fall in, both ends
// included, YYYY-MM-DD.
type DateWindow struct {
	From, To string
	// messageID says what the window is for in its refusal ("records can
	// be dated from ... to ..."); empty for a plain "from ... to ...".
	messageID string
}

// WindowAround is the window from back days before now's township day to
// ahead days after it.
func WindowAround(now time.Time, back, ahead int) DateWindow {
	today := TownshipDay(now)
	key := windowSpan{back, ahead}
	if m, ok := windows.Load(key); ok && m.(*windowOfDay).today == today {
		return m.(*windowOfDay).w
	}
	w := DateWindow{From: addDays(today, -back), To: addDays(today, ahead)}
	windows.Store(key, &windowOfDay{today, w})
	return w
}

// windows keeps, by span, the last window made and the day it is of:
// every record of a push asks for the same two, and working one out
// parses and formats dates (3% of the CPU of a push of 100). The spans
// are this file's few constants, so it stays small.
var windows sync.Map // windowSpan → *windowOfDay

type windowSpan struct{ back, ahead int }

type windowOfDay struct {
	today string
	w     DateWindow
}

// RecordWindow is the window a record's date must fall in at now.
func RecordWindow(now time.Time) DateWindow {
	w := WindowAround(now, RecordDaysBack, RecordDaysAhead)
	w.messageID = "error.record_date_range"
	return w
}

// OfficeRecordWindow is the window of a record the office enters at its
// desk: from the first day of last year, so a year of paper ledger can be
// brought in after the year ends, to RecordDaysAhead ahead.
func OfficeRecordWindow(now time.Time) DateWindow {
	w := RecordWindow(now)
	if first := fmt.Sprintf("%04d-01-01", now.In(Township).Year()-1); first < w.From {
		w.From = first
	}
	return w
}

// PlanWindow is the window of a date that may be planned ahead: a
// follow-up, a training session.
func PlanWindow(now time.Time) DateWindow {
	return WindowAround(now, RecordDaysBack, PlanDaysAhead)
}

// Check returns EINVALID unless d is a YYYY-MM-DD date inside w. The
// error for a date outside names the window (arguments From and To), so
// the reader is told which dates are allowed.
func (w DateWindow) Check(d string) error {
	if _, err := time.Parse(time.DateOnly, d); err != nil || len(d) != len(time.DateOnly) {
		return Errorf(EINVALID, "error.record_date", "date %q", d)
	}
	// YYYY-MM-DD strings order as the days they name.
	if d < w.From || d > w.To {
		id := w.messageID
		if id == "" {
			id = "error.date_range"
		}
		return Errorf(EINVALID, id, "date %s is outside %s..%s", d, w.From, w.To).
			With("From", w.From, "To", w.To)
	}
	return nil
}
