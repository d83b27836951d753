package store

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"mingbai/server/mingbai"
)

// figuresAgree fails unless the figures for f from the tallies are those
// counted from the records themselves.
func figuresAgree(t *testing.T, s *Store, f FigureFilter) {
	t.Helper()
	ctx := context.Background()
	got, err := s.figures(ctx, f, false)
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.figures(ctx, f, true)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("figures %+v from the tallies (+) and from the records (-):\n%s", f, diff)
	}
	if got.Count(mingbai.Consultation) == 0 && f.Topic == "" {
		t.Fatalf("figures %+v count no consultation: the fixture does not reach this period", f)
	}
}

// TestTalliesAgreeWithRecords holds the tallies to the records they count,
// after the ways records change: pushes, corrections, returns and reviews
// through the store, inserts by other code counted anew (tallyRebuild),
// and updates and deletes by any other code, over periods of whole months
// and not.
func TestTalliesAgreeWithRecords(t *testing.T) {
	fx := newFigureFixture(t)
	s := fx.s
	ctx := context.Background()
	residents := []*mingbai.User{fx.a, fx.b}
	rnd := rand.New(rand.NewPCG(7, 9))
	insertRandomRecords(t, s, residents, 3000, rnd, 2025, 2)
	for _, stmt := range []string{
		`UPDATE records SET state = 'returned' WHERE rowid % 17 = 0`,
		`UPDATE records SET superseded = 1 WHERE rowid % 23 = 0`,
		`UPDATE records SET superseded = 0 WHERE rowid % 46 = 0`,
		`UPDATE records SET state = 'accepted' WHERE rowid % 19 = 0 AND kind = 'consultation'`,
		`UPDATE records SET fields = json_set(fields, '$.outcome', 'referred') WHERE rowid % 13 = 0 AND kind = 'consultation'`,
		`UPDATE records SET occurred_on = '2026-01-31' WHERE rowid % 29 = 0`,
		`DELETE FROM records WHERE rowid % 31 = 0 AND id NOT IN (SELECT supersedes FROM records WHERE supersedes IS NOT NULL)
			AND id NOT IN (SELECT refers_to FROM records WHERE refers_to IS NOT NULL)
			AND id NOT IN (SELECT record_id FROM record_reviews)`,
	} {
		if _, err := s.w.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	periods := []mingbai.Period{}
	for _, p := range [][4]string{
		{"year", "2026"}, {"year", "2025"}, {"quarter", "2026-Q1"}, {"month", "2026-02"},
		{"range", "", "2026-01-15", "2026-03-10"}, // days, a whole month, days
		{"range", "", "2026-02-03", "2026-02-20"}, // inside a month
		{"range", "", "2025-12-31", "2026-01-31"}, // New Year's Eve, then January
		{"range", "", "2025-01-01", "2026-12-31"},
	} {
		period, err := mingbai.ParsePeriod(p[0], p[1], p[2], p[3])
		if err != nil {
			t.Fatal(err)
		}
		periods = append(periods, period)
	}
	for _, p := range periods {
		figuresAgree(t, s, FigureFilter{Period: p})
		figuresAgree(t, s, FigureFilter{Period: p, VillageID: fx.a.VillageID})
		figuresAgree(t, s, FigureFilter{Period: p, Topic: "telecom-fraud"})
	}
}

// TestTalliesAreCountedAnew checks that tallies a start does not trust
// (another specification's, or none: a database from before them) are
// counted again from the records.
func TestTalliesAreCountedAnew(t *testing.T) {
	fx := newFigureFixture(t)
	ctx := context.Background()
	year, _ := mingbai.ParsePeriod("year", "2026", "", "")
	before, err := fx.s.Figures(ctx, FigureFilter{Period: year})
	if err != nil {
		t.Fatal(err)
	}
	if before.Count(mingbai.Consultation) != 3 {
		t.Fatalf("fixture's consultations = %d, want 3", before.Count(mingbai.Consultation))
	}
	for _, stmt := range []string{`DELETE FROM figure_tallies`, `UPDATE figure_tally_version SET version = 'older'`,
		`DROP TRIGGER figure_tally_update_old_consultation`} {
		if _, err := fx.s.w.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	path := fx.s.path(t)
	fx.s.Close()
	s, err := Open(ctx, path, &fixedClock{t: time.Date(2026, 12, 30, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	after, err := s.Figures(ctx, FigureFilter{Period: year})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("figures after counting anew (+), before (-):\n%s", diff)
	}
	// And the triggers are back: a new consultation counts, and so does
	// its correction, once.
	u, _ := resident(t, s, "pema")
	first := consultation(t, s, "又一个问题")
	if res, err := s.Push(ctx, u, "", items(first)); err != nil || res[0].Status != Applied {
		t.Fatalf("push = %+v, %v", res, err)
	}
	correction := consultation(t, s, "又一个问题（更正）")
	correction.Supersedes = first.ID
	if res, err := s.Push(ctx, u, "", items(correction)); err != nil || res[0].Status != Applied {
		t.Fatalf("push of the correction = %+v, %v", res, err)
	}
	now, err := s.Figures(ctx, FigureFilter{Period: year})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := now.Count(mingbai.Consultation), before.Count(mingbai.Consultation)+1; got != want {
		t.Errorf("consultations after a push = %d, want %d", got, want)
	}
}

// path is the file the store reads, for a test to open it again.
func (s *Store) path(t *testing.T) string {
	t.Helper()
	var file string
	if err := s.w.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
		t.Fatal(err)
	}
	return filepath.Clean(file)
}

func TestWholeMonths(t *testing.T) {
	for _, c := range []struct {
		from, to, first, last string
		edges                 string
	}{
		{"2026-01-01", "2026-12-31", "2026-01", "2026-12", ""},
		{"2026-02-01", "2026-02-28", "2026-02", "2026-02", ""},
		{"2024-02-01", "2024-02-29", "2024-02", "2024-02", ""},
		{"2026-01-15", "2026-03-10", "2026-02", "2026-02", "2026-01-15..2026-01-31 2026-03-01..2026-03-10"},
		{"2026-02-03", "2026-02-20", "", "", "2026-02-03..2026-02-20"},
		{"2026-01-31", "2026-02-01", "", "", "2026-01-31..2026-02-01"},
		{"2025-12-31", "2026-01-31", "2026-01", "2026-01", "2025-12-31..2025-12-31"},
		{"2026-03-01", "2026-03-30", "", "", "2026-03-01..2026-03-30"},
	} {
		first, last, edges, err := wholeMonths(mingbai.Period{From: c.from, To: c.to})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range edges {
			got = append(got, e.From+".."+e.To)
		}
		if first != c.first || last != c.last || strings.Join(got, " ") != c.edges {
			t.Errorf("wholeMonths(%s..%s) = %q %q %q, want %q %q %q", c.from, c.to, first, last, got, c.first, c.last, c.edges)
		}
	}
}

func TestEachCountReadsWhatSQLiteWrites(t *testing.T) {
	for _, raw := range []string{`{}`, `{"asker_group:herder":3,"people_reached":120.5,"venue:":1}`,
		`{"a\"b:c":2}`, `{ "x:y" : 4 }`, `{"@author:018f0000-0000-7000-8000-000000000001":-1}`} {
		got := map[string]float64{}
		if err := eachCount([]byte(raw), func(k string, x float64) { got[k] += x }); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		want := map[string]float64{}
		if err := json.Unmarshal([]byte(raw), &want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s read as (+), want (-):\n%s", raw, diff)
		}
	}
	for _, bad := range []string{``, `{`, `{"a":}`, `{"a":1,}`, `[1]`} {
		if err := eachCount([]byte(bad), func(string, float64) {}); err == nil {
			t.Errorf("%q read without an error", bad)
		}
	}
}

// TestManyFiguresAtOnce: more figures at once than the pool has readers
// all get their answer (each used to hold a reader while it waited for a
// second one, and the server hung).
func TestManyFiguresAtOnce(t *testing.T) {
	fx := newFigureFixture(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	year, _ := mingbai.ParsePeriod("year", "2026", "", "")
	errs := make(chan error, 4*readers)
	for range 4 * readers {
		go func() {
			_, err := fx.s.Figures(ctx, FigureFilter{Period: year})
			errs <- err
		}()
	}
	for range 4 * readers {
		if err := <-errs; err != nil {
			t.Fatalf("figures at once: %v", err)
		}
	}
}
