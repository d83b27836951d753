package mingbai

import (
	"testing"
	"time"
)

func TestTownshipDayAndTime(t *testing.T) {
	cases := []struct {
		name     string
		at       time.Time
		day, law string
	}{
		{"02:30 in the township is still the UTC day before", time.Date(2026, 12, 1, 18, 30, 0, 0, time.UTC), "2026-12-02", "2026-12-02 02:30"},
		{"noon", time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC), "2026-12-01", "2026-12-01 12:00"},
		{"the last seconds of New Year's Eve", time.Date(2026, 12, 31, 15, 59, 30, 0, time.UTC), "2026-12-31", "2026-12-31 23:59"},
		{"the first seconds of New Year's Day", time.Date(2026, 12, 31, 16, 0, 5, 0, time.UTC), "2027-01-01", "2027-01-01 00:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := TownshipDay(c.at); got != c.day {
				t.Errorf("TownshipDay(%s) = %s, want %s", c.at.Format(time.RFC3339), got, c.day)
			}
			if got := TownshipTime(c.at); got != c.law {
				t.Errorf("TownshipTime(%s) = %s, want %s", c.at.Format(time.RFC3339), got, c.law)
			}
		})
	}
	if got := TownshipTime(time.Time{}); got != "" {
		t.Errorf("TownshipTime of no time = %q, want empty", got)
	}
	if got := TownshipZoneName(); got != "UTC+8" {
		t.Errorf("TownshipZoneName() = %q, want UTC+8", got)
	}
}

func TestRecordWindowIsTownshipDays(t *testing.T) {
	// 02:30 on 2 December in the township: the UTC day is still the 1st.
	now := time.Date(2026, 12, 1, 18, 30, 0, 0, time.UTC)
	w := RecordWindow(now)
	if want := (DateWindow{From: "2025-10-28", To: "2026-12-03"}); w.From != want.From || w.To != want.To {
		t.Fatalf("RecordWindow at %s = %s..%s, want %s..%s", now, w.From, w.To, want.From, want.To)
	}
	for _, c := range []struct {
		date, wantID string
	}{
		{"2026-12-02", ""}, // today in the township
		{"2026-12-03", ""}, // a phone a day ahead
		{"2025-10-28", ""}, // the first day allowed
		{"2026-12-04", "error.record_date_range"},
		{"2025-10-27", "error.record_date_range"},
		{"2026-2-01", "error.record_date"},
		{"2026-02-30", "error.record_date"},
		{"", "error.record_date"},
	} {
		err := w.Check(c.date)
		if got := ErrorMessageID(err); (err == nil) != (c.wantID == "") || err != nil && got != c.wantID {
			t.Errorf("Check(%q) = %v (%s), want %q", c.date, err, got, c.wantID)
		}
	}
	args := ErrorArgs(w.Check("2027-01-01"))
	if args["From"] != "2025-10-28" || args["To"] != "2026-12-03" {
		t.Errorf("a refused date names the window %v, want From 2025-10-28, To 2026-12-03", args)
	}
}

func TestRecordWindowAcrossNewYear(t *testing.T) {
	before := RecordWindow(time.Date(2026, 12, 31, 15, 59, 30, 0, time.UTC))
	after := RecordWindow(time.Date(2026, 12, 31, 16, 0, 30, 0, time.UTC))
	if before.To != "2027-01-01" || after.To != "2027-01-02" {
		t.Errorf("window ends %s at 23:59:30 and %s at 00:00:30; want 2027-01-01, 2027-01-02", before.To, after.To)
	}
	if err := after.Check("2027-01-01"); err != nil {
		t.Errorf("New Year's Day refused just after midnight in the township: %v", err)
	}
	if p := YearOf(time.Date(2026, 12, 31, 16, 0, 30, 0, time.UTC)); p.Value != "2027" {
		t.Errorf("the year just after midnight in the township = %s, want 2027", p.Value)
	}
}

// TestOfficeRecordWindowReachesLastYear: on any day, the office can enter
// the whole of last year's paper ledger, and no more of the future than a
// resident can.
func TestOfficeRecordWindowReachesLastYear(t *testing.T) {
	for _, c := range []struct {
		now      time.Time
		from, to string
	}{
		{time.Date(2026, 12, 1, 18, 30, 0, 0, time.UTC), "2025-01-01", "2026-12-03"}, // 02:30 on 2 December in the township
		{time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC), "2025-11-27", "2027-01-02"}, // 1 January 2027 there: all of 2026, and 400 days
		{time.Date(2026, 1, 15, 4, 0, 0, 0, time.UTC), "2024-12-11", "2026-01-16"},   // early in a year: the resident's 400 days reach further
	} {
		w := OfficeRecordWindow(c.now)
		if w.From != c.from || w.To != c.to {
			t.Errorf("office window at %s = %s..%s, want %s..%s", c.now, w.From, w.To, c.from, c.to)
		}
	}
}

// TestWindowsFollowTheDayWhateverCameBefore: WindowAround remembers the
// last window of each span; asked in any order of days and spans (the
// clock set back, a plan's window between two records'), each answer is
// the one worked out afresh.
func TestWindowsFollowTheDayWhateverCameBefore(t *testing.T) {
	times := []time.Time{
		time.Date(2026, 12, 31, 15, 59, 59, 0, time.UTC), // 23:59:59 on New Year's Eve in the township
		time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC),   // midnight
		time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC),    // 02:00 on 2 December, the clock set back
		time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC),
		time.Date(2028, 2, 28, 18, 0, 0, 0, time.UTC), // 02:00 on 29 February
	}
	spans := [][2]int{{RecordDaysBack, RecordDaysAhead}, {RecordDaysBack, PlanDaysAhead}, {RecordDaysBack, RecordDaysAhead}}
	for _, now := range times {
		for _, span := range spans {
			today := TownshipDay(now)
			want := DateWindow{From: addDays(today, -span[0]), To: addDays(today, span[1])}
			if got := WindowAround(now, span[0], span[1]); got != want {
				t.Errorf("WindowAround(%s, %d, %d) = %+v, want %+v", now, span[0], span[1], got, want)
			}
		}
	}
}
