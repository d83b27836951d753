package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"mingbai/server/internal/testrecords"
	"mingbai/server/mingbai"
)

// tallyRows reads figure_tallies whole, each row's counts decoded, less
// the entries at 0 (a correction's triggers leave them; a recount makes
// none): they count nothing.
func tallyRows(t *testing.T, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) map[figureKey]figureDelta {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), `SELECT month, village_id, kind, state, topic, n, json(counts) FROM figure_tallies`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[figureKey]figureDelta{}
	for rows.Next() {
		var k figureKey
		var d figureDelta
		var counts []byte
		if err := rows.Scan(&k.month, &k.village, &k.kind, &k.state, &k.topic, &d.n, &counts); err != nil {
			t.Fatal(err)
		}
		d.counts = map[string]float64{}
		if err := eachCount(counts, func(key string, x float64) {
			if x != 0 {
				d.counts[key] = x
			}
		}); err != nil {
			t.Fatal(err)
		}
		out[k] = d
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPushedTalliesAreTheRecount pushes records of every kind, every
// choice and count drawn at random, by a resident and by the office, in
// batches of one and of many, some corrected in the batch that corrects
// them, across New Year's Eve; then counts the tallies anew from the
// records (tallyRebuild, from the triggers' own terms) and finds every
// tally, entry by entry, as the pushes left it.
func TestPushedTalliesAreTheRecount(t *testing.T) {
	s, clock := openTest(t)
	seedTest(t, s, leaflet("bride-price", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "彩礼"}))
	ctx := context.Background()
	dolkar, phone := resident(t, s, "dolkar")
	clerk := officeUser(t, s, "clerk")
	clock.t = time.Date(2026, 12, 31, 15, 0, 0, 0, time.UTC) // 23:00 on New Year's Eve in the township
	session := sessionToday(t, s, 3)
	clock.t = time.Date(2027, 1, 1, 2, 0, 0, 0, time.UTC) // 10:00 on New Year's Day
	rnd := rand.New(rand.NewPCG(3, 5))
	days := []string{"2026-12-31", "2027-01-01", "2026-11-15"}
	var batch []PushItem
	pushed := 0
	for i := range 400 {
		spec := mingbai.Kinds[rnd.IntN(len(mingbai.Kinds))]
		day := days[rnd.IntN(len(days))]
		if spec.Kind == mingbai.Attendance {
			day = session.HeldOn
		}
		refs := testrecords.Refs{Topic: "marriage-family", Session: session.ID, Material: "bride-price", Day: day}
		raw, _ := json.Marshal(testrecords.Random(spec.Kind, refs, rnd))
		values, fields, err := mingbai.DecodeFields(spec.Kind, raw, clock.Now())
		if err != nil {
			continue // a kind's own check refused the draw
		}
		r := &mingbai.Record{ID: uuid.NewString(), Kind: spec.Kind, Date: day, Fields: fields}
		if spec.RefersTo != "" || spec.Kind == mingbai.Attendance && i%2 == 0 {
			continue // follow-ups name records; one attendance a resident and session
		}
		if len(batch) > 0 && i%7 == 0 && batch[len(batch)-1].Record.Kind == r.Kind {
			r.Supersedes = batch[len(batch)-1].Record.ID // a correction in the batch
		}
		batch = append(batch, PushItem{Record: r, Values: values})
		if len(batch) < 1+rnd.IntN(40) {
			continue
		}
		author, device := dolkar, phone
		if rnd.IntN(4) == 0 {
			author, device = clerk, ""
		}
		res, err := s.Push(ctx, author, device, batch)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Status == Applied {
				pushed++
			}
		}
		batch = nil
	}
	if pushed < 200 {
		t.Fatalf("only %d records applied: the draw does not test the tallies", pushed)
	}
	got := tallyRows(t, s.w)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, stmt := range []string{`DELETE FROM figure_tallies`, tallyRebuild()} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	want := tallyRows(t, tx)
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(figureKey{}, figureDelta{})); diff != "" {
		t.Errorf("tallies as pushes left them (+), counted anew (-):\n%s", diff)
	}
}
