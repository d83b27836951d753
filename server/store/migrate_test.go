package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"mingbai/server/mingbai"
)

// TestRecordsRebuildKeepsEverything opens a database as the release before
// migration 0009 left it, with records, a correction and a review in it,
// and checks that the rebuild keeps every row and reference, and that the
// database no longer lists the kinds (mingbai.Kinds does).
func TestRecordsRebuildKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	clock := &fixedClock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	old, err := openVersion(ctx, path, clock, 8)
	if err != nil {
		t.Fatal(err)
	}
	seedTest(t, old)
	// Accounts as that release stored them (CreateUser writes today's).
	dolkar := &mingbai.User{ID: "01900000-0000-7000-8000-000000000001", Username: "dolkar", Role: mingbai.Resident,
		VillageID: "01900000-0000-7000-8000-0000000000a1"}
	clerk := &mingbai.User{ID: "01900000-0000-7000-8000-000000000002", Username: "clerk", Role: mingbai.Office}
	phone := "01900000-0000-7000-8000-0000000000d1"
	for _, q := range []string{
		`INSERT INTO villages (id, name_zh, created_at, code) VALUES ('` + dolkar.VillageID + `', '甲村', '2025-05-01T02:00:00.000Z', 'ABCDEF')`,
		`INSERT INTO users (id, username, display_name, role, village_id, password_hash, created_at, updated_at)
			VALUES ('` + dolkar.ID + `', 'dolkar', 'Dolkar', 'resident', '` + dolkar.VillageID + `', 'x', '2025-05-01T17:00:00.000Z', '2025-05-01T17:00:00.000Z')`,
		`INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at)
			VALUES ('` + clerk.ID + `', 'clerk', 'Clerk', 'office', 'x', '2025-05-01T02:00:00.000Z', '2025-05-01T02:00:00.000Z')`,
		`INSERT INTO users (id, username, display_name, role, village_id, password_hash, active, created_at, updated_at)
			VALUES ('01900000-0000-7000-8000-000000000003', 'gone', 'Gone', 'resident', '` + dolkar.VillageID + `', 'x', 0,
			'2025-05-01T02:00:00.000Z', '2025-11-30T18:00:00.000Z')`,
		`INSERT INTO devices (id, user_id, name, token_hash, created_at, last_seen_at)
			VALUES ('` + phone + `', '` + dolkar.ID + `', 'phone', 'h', '2025-05-01T02:00:00.000Z', '2025-05-01T02:00:00.000Z')`,
	} {
		if _, err := old.w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	first, second := consultation(t, old, "彩礼能否要回"), consultation(t, old, "彩礼能否要回（更正）")
	second.Supersedes = first.ID
	third := consultation(t, old, "写了名字的问题")
	if res, err := old.Push(ctx, dolkar, phone, items(first, second, third)); err != nil || res[1].Status != Applied {
		t.Fatalf("push on the old schema: %+v, %v", res, err)
	}
	if _, err := old.ReviewRecord(ctx, clerk.ID, third.ID, mingbai.Return, mingbai.ReviewInput{Comment: "请勿写姓名"}); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s, err := Open(ctx, path, clock)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	defer s.Close()
	got, err := s.Record(ctx, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Supersedes != first.ID || string(got.Fields) != string(second.Fields) {
		t.Errorf("after the rebuild the correction reads %+v", got)
	}
	if got, err := s.Record(ctx, third.ID); err != nil || got.State != mingbai.Returned || got.Review != "请勿写姓名" {
		t.Errorf("after the rebuild the returned record reads %+v, %v", got, err)
	}
	reviews, err := s.reviewsOf(ctx, []any{third.ID})
	if err != nil || len(reviews) != 1 || reviews[0].Action != mingbai.Return {
		t.Errorf("the review after the rebuild: %+v, %v", reviews, err)
	}
	after, err := s.Figures(ctx, FigureFilter{Period: mingbai.YearOf(clock.Now())})
	if err != nil {
		t.Fatal(err)
	}
	// The correction counts; what it corrects and the returned one do not.
	if n := after.Count(mingbai.Consultation); n != 1 || after.By(mingbai.Consultation, "topic")["marriage-family"] != 1 {
		t.Errorf("consultations after the rebuild: %d (%v), want the correction alone", n, after.By(mingbai.Consultation, "topic"))
	}
	// The roster from before: appointed on the township day the account
	// was made (01:00 on 2 May there), and one who left on the day their
	// account was deactivated (02:00 on 1 December there).
	for id, want := range map[string][2]string{dolkar.ID: {"2025-05-02", ""}, "01900000-0000-7000-8000-000000000003": {"2025-05-01", "2025-12-01"}} {
		u, err := s.UserByID(ctx, id)
		if err != nil || u.AppointedOn != want[0] || u.LeftOn != want[1] {
			t.Errorf("roster of %s after the migration: %q..%q (%v), want %q..%q", id, u.AppointedOn, u.LeftOn, err, want[0], want[1])
		}
	}
	var broken int
	if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&broken); err != nil || broken != 0 {
		t.Errorf("%d broken references (%v)", broken, err)
	}
	var fk int
	if err := s.w.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign keys are %d after the rebuild, want on (%v)", fk, err)
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO records (id, kind, author_id, village_id, occurred_on, fields,
		content_hash, received_at, seq) VALUES ('x', 'a_kind_added_in_go', ?, ?, '2026-03-01', '{}', 'h', 'now', 999)`,
		dolkar.ID, dolkar.VillageID); err != nil {
		t.Errorf("the database still decides which kinds exist: %v", err)
	}
}

// TestAFigureFieldNeedsNoMigration: marking a field Figure in the
// specification is all it takes for the figures to count it, for the
// records stored before as well (the next start recounts the tallies).
func TestAFigureFieldNeedsNoMigration(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	ctx := context.Background()
	u, _ := resident(t, s, "dolkar")
	push := func(s *Store) {
		t.Helper()
		if res, err := s.Push(ctx, u, "", items(consultation(t, s, "问"))); err != nil || res[0].Status != Applied {
			t.Fatalf("push = %+v, %v", res, err)
		}
	}
	push(s)
	year := mingbai.YearOf(s.clock.Now())
	spec, _ := mingbai.SpecOf(mingbai.Consultation)
	i := slices.IndexFunc(spec.Fields, func(f mingbai.Field) bool { return f.Name == "channel" })
	if spec.Fields[i].Figure {
		t.Fatal("channel already feeds the figures; pick another field")
	}
	spec.Fields[i].Figure = true
	t.Cleanup(func() { spec.Fields[i].Figure = false })
	path := s.path(t)
	s.Close()
	s, err := Open(ctx, path, &fixedClock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	push(s)
	fig, err := s.Figures(ctx, FigureFilter{Period: year})
	if err != nil {
		t.Fatal(err)
	}
	if got := fig.By(mingbai.Consultation, "channel")["in_person"]; got != 2 {
		t.Errorf("consultations by channel = %v, want both counted in person", fig.By(mingbai.Consultation, "channel"))
	}
}

// TestTwoProcessesMigrateOnce: a server starting while "mingbai user add"
// opens the same new database both migrate it; each step is applied once,
// and neither fails on the other's work ("duplicate column").
func TestTwoProcessesMigrateOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	clock := &fixedClock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := Open(context.Background(), path, clock)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("open while another migrates: %v", err)
		}
	}
	s, err := Open(context.Background(), path, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ms, _ := loadMigrations()
	var n int
	if err := s.r.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(ms) {
		t.Errorf("%d migrations recorded, %v; want each of the %d once", n, err, len(ms))
	}
}
