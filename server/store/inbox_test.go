package store

import (
	"context"
	"fmt"
	"testing"

	"mingbai/server/mingbai"
)

func ids(rs []*mingbai.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func TestInboxFilters(t *testing.T) {
	s, office, dolkar, dolkarPhone := reviewStore(t)
	ctx := context.Background()
	tashi, tashiPhone := resident(t, s, "tashi")
	oldest := record(t, s, mingbai.Consultation, "2026-01-05", referralFields)
	mediation := record(t, s, mingbai.Mediation, "2026-02-10", `{"dispute_kind":"homestead","parties":3,"outcome":"agreement"}`)
	revision := record(t, s, mingbai.RuleRevision, "2026-02-20", revisionFields)
	push(t, s, dolkar, dolkarPhone, oldest, mediation, revision)
	corrected := record(t, s, mingbai.Consultation, "2026-02-01", referralFields)
	push(t, s, tashi, tashiPhone, corrected)
	correction := record(t, s, mingbai.Consultation, "2026-02-01",
		`{"topic":"marriage-family","asker_group":"elderly","channel":"phone","summary":"离婚财产","outcome":"referred"}`)
	correction.Supersedes = corrected.ID
	push(t, s, tashi, tashiPhone, correction)
	if _, err := s.ReviewRecord(ctx, office.ID, revision.ID, mingbai.Approve, mingbai.ReviewInput{}); err != nil {
		t.Fatal(err)
	}
	clash := *mediation
	clash.Fields = []byte(`{"dispute_kind":"homestead","parties":2,"outcome":"agreement"}`)
	if res, _ := s.Push(ctx, dolkar, dolkarPhone, items(&clash)); res[0].Status != Conflict {
		t.Fatalf("clash = %+v", res[0])
	}

	cases := []struct {
		name string
		f    InboxFilter
		want []*mingbai.Record
	}{
		{"everything current, newest first", InboxFilter{}, []*mingbai.Record{revision, mediation, correction, oldest}},
		{"one village", InboxFilter{VillageID: tashi.VillageID}, []*mingbai.Record{correction}},
		{"one kind", InboxFilter{Kind: mingbai.Consultation}, []*mingbai.Record{correction, oldest}},
		{"a period", InboxFilter{From: "2026-02-01", To: "2026-02-10"}, []*mingbai.Record{mediation, correction}},
		{"from a day on", InboxFilter{From: "2026-02-11"}, []*mingbai.Record{revision}},
		{"a state", InboxFilter{State: mingbai.Approved}, []*mingbai.Record{revision}},
		{"received in one village", InboxFilter{State: mingbai.Received, VillageID: dolkar.VillageID}, []*mingbai.Record{mediation, oldest}},
		{"with conflicts", InboxFilter{Conflicts: true}, []*mingbai.Record{mediation}},
		{"nothing", InboxFilter{Kind: mingbai.Attendance}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, total, err := s.Inbox(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(ids(got)) != fmt.Sprint(ids(c.want)) || total != len(c.want) {
				t.Errorf("= %v (total %d), want %v", ids(got), total, ids(c.want))
			}
		})
	}
	t.Run("paged", func(t *testing.T) {
		var seen []string
		for offset := 0; ; offset += 3 {
			page, total, err := s.Inbox(ctx, InboxFilter{Limit: 3, Offset: offset})
			if err != nil || total != 4 {
				t.Fatalf("page at %d: total %d, %v", offset, total, err)
			}
			if len(page) == 0 {
				break
			}
			seen = append(seen, ids(page)...)
		}
		if want := ids([]*mingbai.Record{revision, mediation, correction, oldest}); fmt.Sprint(seen) != fmt.Sprint(want) {
			t.Errorf("pages = %v, want %v", seen, want)
		}
	})
}

func TestRecordHistoryFollowsTheChain(t *testing.T) {
	s, office, dolkar, phone := reviewStore(t)
	ctx := context.Background()
	first := record(t, s, mingbai.Mediation, "2026-02-10", `{"dispute_kind":"homestead","parties":2,"outcome":"referred"}`)
	push(t, s, dolkar, phone, first)
	if _, err := s.ReviewRecord(ctx, office.ID, first.ID, mingbai.Return, mingbai.ReviewInput{Comment: "当事人数有误"}); err != nil {
		t.Fatal(err)
	}
	second := record(t, s, mingbai.Mediation, "2026-02-10", `{"dispute_kind":"homestead","parties":3,"outcome":"referred"}`)
	second.Supersedes = first.ID
	push(t, s, dolkar, phone, second)
	third := record(t, s, mingbai.Mediation, "2026-02-10", `{"dispute_kind":"homestead","parties":3,"outcome":"referred","summary":"补充摘要"}`)
	third.Supersedes = second.ID
	onFirst := record(t, s, mingbai.FollowUp, "2026-02-12", `{"note":"双方同意再谈"}`)
	onFirst.RefersTo = first.ID
	onThird := record(t, s, mingbai.FollowUp, "2026-02-11", `{"note":"已回访"}`)
	onThird.RefersTo = third.ID
	elsewhere := record(t, s, mingbai.Mediation, "2026-02-10", `{"dispute_kind":"neighbours","parties":2,"outcome":"agreement"}`)
	push(t, s, dolkar, phone, third, onFirst, onThird, elsewhere)
	if _, err := s.ReviewRecord(ctx, office.ID, third.ID, mingbai.Accept, mingbai.ReviewInput{}); err != nil {
		t.Fatal(err)
	}
	clash := *second
	clash.Fields = []byte(`{"dispute_kind":"homestead","parties":4,"outcome":"referred"}`)
	s.Push(ctx, dolkar, phone, items(&clash))

	for _, from := range []*mingbai.Record{first, second, third} {
		h, err := s.RecordHistory(ctx, from.ID)
		if err != nil {
			t.Fatal(err)
		}
		if h.Record == nil || h.Record.ID != from.ID {
			t.Errorf("history of %s is about %+v", from.ID, h.Record)
		}
		if got, want := fmt.Sprint(ids(h.Versions)), fmt.Sprint([]string{first.ID, second.ID, third.ID}); got != want {
			t.Errorf("versions from %s = %s, want %s", from.ID, got, want)
		}
		if got, want := fmt.Sprint(ids(h.FollowUps)), fmt.Sprint([]string{onThird.ID, onFirst.ID}); got != want {
			t.Errorf("follow-ups = %s, want %s (by date)", got, want)
		}
		if len(h.Reviews) != 2 || h.Reviews[0].Action != mingbai.Return || h.Reviews[1].Action != mingbai.Accept {
			t.Errorf("reviews = %+v, want the return of the first and the acceptance of the third", h.Reviews)
		}
		if len(h.Conflicts) != 1 || h.Conflicts[0].RecordID != second.ID {
			t.Errorf("conflicts = %+v, want the clash under the second version", h.Conflicts)
		}
	}
	if h, _ := s.RecordHistory(ctx, elsewhere.ID); len(h.Versions) != 1 || len(h.FollowUps)+len(h.Reviews)+len(h.Conflicts) != 0 {
		t.Errorf("an unrelated record's history = %+v", h)
	}
	if _, err := s.RecordHistory(ctx, "01890a5d-ac96-774b-bcce-b302099a8057"); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("history of no record: %v", err)
	}
}

func TestAttendanceListsTheCurrentVersions(t *testing.T) {
	s, office, dolkar, dolkarPhone := reviewStore(t)
	ctx := context.Background()
	session := &mingbai.TrainingSession{Title: "人民调解实务", HeldOn: "2026-02-26", Place: "乡政府会议室", Hours: 3}
	if err := s.CreateTrainingSession(ctx, office.ID, session); err != nil {
		t.Fatal(err)
	}
	tashi, tashiPhone := resident(t, s, "tashi")
	attended := func(hours string) *mingbai.Record {
		return record(t, s, mingbai.Attendance, "2026-02-26", `{"session_id":"`+session.ID+`","hours":`+hours+`}`)
	}
	first := attended("2")
	push(t, s, dolkar, dolkarPhone, first)
	fixed := attended("3")
	fixed.Supersedes = first.ID
	push(t, s, dolkar, dolkarPhone, fixed)
	push(t, s, tashi, tashiPhone, attended("2.5"))

	got, err := s.Attendance(ctx, session.ID)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, a := range got {
		rows = append(rows, fmt.Sprintf("%s %s %.1f", a.Name, a.Village.NameZH, a.Hours))
	}
	if want := "[dolkar dolkar村 3.0 tashi tashi村 2.5]"; fmt.Sprint(rows) != want {
		t.Errorf("attendance = %v, want %s", rows, want)
	}
	ts, err := s.TrainingSession(ctx, session.ID)
	if err != nil || ts.Attendees != 2 || ts.Code != session.Code {
		t.Errorf("session = %+v, %v; want 2 attendees", ts, err)
	}
	if _, err := s.TrainingSession(ctx, first.ID); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("a session that is not: %v", err)
	}
}
