package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"mingbai/server/internal/testrecords"
	"mingbai/server/mingbai"
)

// TestEveryKindIsStored pushes a record of every kind in mingbai.Kinds,
// every field filled in from its specification, and reads each back: a
// kind declared in Go that the database cannot hold fails here, not on a
// resident's first record.
func TestEveryKindIsStored(t *testing.T) {
	s, clock := openTest(t)
	seedTest(t, s, leaflet("bride-price", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "彩礼"}))
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	session := sessionToday(t, s, 3)
	refs := testrecords.Refs{Topic: "marriage-family", Session: session.ID, Material: "bride-price",
		Day: mingbai.TownshipDay(clock.Now())}
	first := ""
	for _, spec := range mingbai.Kinds {
		t.Run(string(spec.Kind), func(t *testing.T) {
			raw, _ := json.Marshal(testrecords.Fields(spec.Kind, refs))
			_, fields, err := mingbai.DecodeFields(spec.Kind, raw, clock.Now())
			if err != nil {
				t.Fatalf("decode a full %s: %v", spec.Kind, err)
			}
			r := &mingbai.Record{ID: uuid.NewString(), Kind: spec.Kind, Date: refs.Day, Fields: fields}
			if spec.Kind == mingbai.FollowUp {
				r.RefersTo = first
			}
			res, err := s.Push(ctx, dolkar, phone, []PushItem{{Record: r}})
			if err != nil || res[0].Status != Applied {
				t.Fatalf("push a full %s: %+v, %v", spec.Kind, res, err)
			}
			if first == "" {
				first = r.ID
			}
			got, err := s.Record(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if string(got.Fields) != string(fields) || got.Kind != spec.Kind {
				t.Errorf("read back %s %s, want %s %s", got.Kind, got.Fields, spec.Kind, fields)
			}
		})
	}
}

// sessionToday stores a training session of the given hours, held on the
// store clock's township day.
func sessionToday(t *testing.T, s *Store, hours float64) *mingbai.TrainingSession {
	t.Helper()
	session := &mingbai.TrainingSession{Title: "人民调解实务", HeldOn: mingbai.TownshipDay(s.clock.Now()), Hours: hours}
	if err := s.CreateTrainingSession(context.Background(), "", session); err != nil {
		t.Fatal(err)
	}
	return session
}

// TestAttendanceKeepsToItsSession: an attendance dated off the session's
// day, or longer than the session, is refused with the reason; one on the
// day and within its hours is stored.
func TestAttendanceKeepsToItsSession(t *testing.T) {
	s, clock := openTest(t)
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	session := sessionToday(t, s, 2)
	day := session.HeldOn
	push := func(date string, hours float64) PushResult {
		t.Helper()
		raw, _ := json.Marshal(map[string]any{"session_id": session.ID, "hours": hours})
		_, fields, err := mingbai.DecodeFields(mingbai.Attendance, raw, clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		r := &mingbai.Record{ID: uuid.NewString(), Kind: mingbai.Attendance, Date: date, Fields: fields}
		res, err := s.Push(ctx, dolkar, phone, []PushItem{{Record: r}})
		if err != nil {
			t.Fatal(err)
		}
		return res[0]
	}
	yesterday := mingbai.TownshipDay(clock.Now().AddDate(0, 0, -1))
	if res := push(yesterday, 2); res.Status != Rejected || mingbai.ErrorMessageID(res.Err) != "error.attendance_day" {
		t.Errorf("an attendance the day before the session: %s %v", res.Status, res.Err)
	}
	if res := push(day, 3.5); res.Status != Rejected || mingbai.ErrorMessageID(res.Err) != "error.attendance_hours" {
		t.Errorf("3.5 hours of a 2-hour session: %s %v", res.Status, res.Err)
	}
	if res := push(day, 2); res.Status != Applied {
		t.Errorf("2 hours on the day: %s %v", res.Status, res.Err)
	}
}

// TestAttendeesAreCountedThroughTheirIndex: the training list counts each
// session's attendees through records_attendance, not by reading every
// attendance record once per session.
func TestAttendeesAreCountedThroughTheirIndex(t *testing.T) {
	s, _ := openTest(t)
	rows, err := s.r.Query(`EXPLAIN QUERY PLAN ` + sessionsSelect + `1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if got := strings.Join(plan, "\n"); !strings.Contains(got, "USING INDEX records_attendance") {
		t.Errorf("the sessions' attendees are read by:\n%s", got)
	}
}
