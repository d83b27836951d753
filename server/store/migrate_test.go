package store

import (
	"context"
	"path/filepath"
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
	dolkar, phone := resident(t, old, "dolkar")
	first, second := consultation(t, old, "彩礼能否要回"), consultation(t, old, "彩礼能否要回（更正）")
	second.Supersedes = first.ID
	third := consultation(t, old, "写了名字的问题")
	if res, err := old.Push(ctx, dolkar, phone, items(first, second, third)); err != nil || res[1].Status != Applied {
		t.Fatalf("push on the old schema: %+v, %v", res, err)
	}
	clerk := &mingbai.User{Username: "clerk", DisplayName: "Clerk", Role: mingbai.Office}
	if err := old.CreateUser(ctx, clerk, "$2a$11$notarealhashbutlongenoughtostore.............."); err != nil {
		t.Fatal(err)
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
	if after.Consultations != 1 || after.ConsultationsByTopic["marriage-family"] != 1 {
		t.Errorf("consultations after the rebuild: %d (%v), want the correction alone", after.Consultations, after.ConsultationsByTopic)
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

// TestFigureFieldsHaveColumns: every field the kinds' specification says
// the figures read has a column of records named for it, of its type.
func TestFigureFieldsHaveColumns(t *testing.T) {
	s, _ := openTest(t)
	columns := map[string]string{}
	rows, err := s.r.Query(`SELECT name, type FROM pragma_table_xinfo('records')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		columns[name] = typ
	}
	want := map[mingbai.FieldType]string{mingbai.TypeCount: "INTEGER", mingbai.TypeHalfHours: "REAL"}
	n := 0
	for _, spec := range mingbai.Kinds {
		for _, f := range spec.Fields {
			if !f.Figure {
				continue
			}
			n++
			typ, ok := want[f.Type]
			if !ok {
				typ = "TEXT"
			}
			if columns[f.Name] != typ {
				t.Errorf("%s.%s feeds the figures; records has it as %q, want a %s column", spec.Kind, f.Name, columns[f.Name], typ)
			}
		}
	}
	if n < 9 {
		t.Fatalf("only %d fields feed the figures; the specification lost them", n)
	}
}
