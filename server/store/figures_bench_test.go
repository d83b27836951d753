package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// figuresDB fills a store with n records spread over three years, twenty
// villages and a hundred residents, in the mix a township might see
// (consultations most, rule revisions least), a few corrected or returned.
// Rows go in through plain inserts: the benchmark is of the figures, not
// of pushing.
func figuresDB(b *testing.B, n int) *Store {
	b.Helper()
	s, _ := openTest(b)
	seedTest(b, s)
	ctx := context.Background()
	var residents []*mingbai.User
	for v := range 20 {
		for r := range 5 {
			u, _ := resident(b, s, fmt.Sprintf("r%d-%d", v, r))
			residents = append(residents, u)
		}
	}
	insertRandomRecords(b, s, residents, n, rand.New(rand.NewPCG(1, 2)), 2024, 3)
	// A database in use has long been checkpointed; readers then read the
	// file (mapped into memory), not the write-ahead log.
	if _, err := s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	return s
}

// insertRandomRecords inserts n records by residents on days of years
// from firstYear, in the mix a township might see (consultations most,
// rule revisions least), a few corrected or returned.
func insertRandomRecords(tb testing.TB, s *Store, residents []*mingbai.User, n int, rnd *rand.Rand, firstYear, years int) {
	tb.Helper()
	ctx := context.Background()
	pick := func(xs []string) string { return xs[rnd.IntN(len(xs))] }
	// One transaction for every row, the tallies counted anew at its end
	// (inserts by other code than a push's are not tallied).
	if _, err := s.w.ExecContext(ctx, `PRAGMA cache_size = -400000`); err != nil {
		tb.Fatal(err)
	}
	defer s.w.ExecContext(ctx, `PRAGMA cache_size = -2000`)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO records (id, kind, author_id, village_id, occurred_on, fields,
		content_hash, received_at, seq, state, superseded) VALUES (?, ?, ?, ?, ?, ?, '', '2026-01-01T00:00:00Z', ?, ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	topics := []string{"marriage-family", "telecom-fraud"}
	for i := range n {
		u := residents[rnd.IntN(len(residents))]
		day := fmt.Sprintf("%d-%02d-%02d", firstYear+rnd.IntN(years), 1+rnd.IntN(12), 1+rnd.IntN(28))
		var kind, fields string
		switch k := rnd.IntN(20); {
		case k < 8:
			kind = "consultation"
			fields = fmt.Sprintf(`{"topic":%q,"asker_group":%q,"channel":"in_person","summary":"一个关于彩礼和宅基地的问题，没有姓名","outcome":%q}`,
				pick(topics), pick(mingbai.AskerGroups), pick(mingbai.ConsultationOutcomes))
		case k < 12:
			kind = "mediation"
			fields = fmt.Sprintf(`{"dispute_kind":%q,"parties":2,"outcome":%q}`, pick(mingbai.DisputeKinds), pick(mingbai.MediationOutcomes))
		case k < 16:
			kind = "event"
			also := []string{`[]`, `["telecom-fraud"]`, `["marriage-family","telecom-fraud"]`}[rnd.IntN(3)]
			fields = fmt.Sprintf(`{"place":"乡集市","audience":%q,"people_reached":%d,"leaflets_bo":%d,"leaflets_zh":%d,"topic":%q,"venue":%q,"topics":%s}`,
				pick(mingbai.EventAudiences), rnd.IntN(200), rnd.IntN(100), rnd.IntN(100), pick(topics), pick(mingbai.EventVenues), also)
		case k < 18:
			kind = "attendance"
			fields = fmt.Sprintf(`{"session_id":"018f0000-0000-7000-8000-000000000001","hours":%d.5}`, rnd.IntN(4))
		case k < 19 && rnd.IntN(3) == 0:
			kind = "enterprise_service"
			fields = fmt.Sprintf(`{"service":%q,"enterprise_type":%q}`, pick(mingbai.EnterpriseServices), pick(mingbai.EnterpriseTypes))
		case k < 19 && rnd.IntN(2) == 0:
			kind = "rule_survey"
			fields = fmt.Sprintf(`{"asked":%d,"knew":%d}`, 10+rnd.IntN(10), rnd.IntN(10))
		case k < 19:
			kind = "rule_revision"
			fields = `{"articles":"第三条","text_zh":"彩礼","reason":"移风易俗","votes_for":0,"votes_against":0,"votes_abstain":0}`
		default:
			kind = "followup"
			fields = `{"note":"已回访"}`
		}
		state, superseded := "received", 0
		if rnd.IntN(50) == 0 {
			state = "returned"
		}
		if rnd.IntN(20) == 0 {
			superseded = 1
		}
		id, _ := uuid.NewV7()
		if _, err := stmt.ExecContext(ctx, id.String(), kind, u.ID, u.VillageID, day, fields, int64(1000+i), state, superseded); err != nil {
			tb.Fatal(err)
		}
	}
	stmt.Close()
	for _, stmt := range []string{`DELETE FROM figure_tallies`, tallyRebuild()} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkFigures times the dashboard's and the annual report's figures
// over a million records:
//
//	go test ./server/store -run '^$' -bench Figures -benchtime 10x
func BenchmarkFigures(b *testing.B) {
	s := figuresDB(b, 1_000_000)
	ctx := context.Background()
	year, _ := mingbai.ParsePeriod("year", "2026", "", "")
	quarter, _ := mingbai.ParsePeriod("quarter", "2026-Q2", "", "")
	villages, err := s.Villages(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    []FigureFilter
	}{
		{"dashboard-year", []FigureFilter{{Period: year}, {Period: year.Previous()}}},
		{"dashboard-quarter", []FigureFilter{{Period: quarter}, {Period: quarter.Previous()}}},
		{"dashboard-village-year", []FigureFilter{{Period: year, VillageID: villages[0].ID}, {Period: year.Previous(), VillageID: villages[0].ID}}},
		{"annual-report", []FigureFilter{{Period: year}, {Period: year.Previous()}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for _, f := range c.f {
					if _, err := s.Figures(ctx, f); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
