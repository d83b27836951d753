package web

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"mingbai/server/internal/testrecords"
	"mingbai/server/mingbai"
)

// BenchmarkFiguresOverAMillionRecords times the office's figures page and
// the annual report through HTTP, signed in, over a million records spread
// over three years, twenty villages and a hundred residents: the pages an
// office opens, not only the store's query. Run:
//
//	go test ./server/web -run '^$' -bench MillionRecords -benchtime 20x
func BenchmarkFiguresOverAMillionRecords(b *testing.B) {
	a := newTestApp(b)
	fillRecords(b, a, 1_000_000)
	a.addAccount(b, "benchclerk", mingbai.Office)
	br := a.browser()
	if rec := br.login(b, "benchclerk", testPassword); rec.Code != http.StatusSeeOther {
		b.Fatalf("office login = %d", rec.Code)
	}
	var cookies []string
	for _, c := range br.cookies {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	year := mingbai.YearOf(a.clock.Now()).Value
	for _, c := range []struct{ name, path string }{
		{"ceiling", "/healthz"},
		{"figures-year", "/zh/office/figures?period=year&value=" + year},
		{"figures-quarter", "/zh/office/figures?period=quarter&value=" + year + "-Q2"},
		{"annual-report", "/zh/office/report/" + year},
	} {
		b.Run(c.name, func(b *testing.B) {
			benchmarkLatency(b, a.h, c.path, "Cookie", strings.Join(cookies, "; "))
		})
	}
}

// fillRecords writes n records of every kind straight into the app's
// database (the triggers keep the figures' tallies, as for any write):
// the benchmark is of reading the figures, not of pushing.
func fillRecords(b *testing.B, a *testApp, n int) {
	b.Helper()
	ctx := b.Context()
	var residents []*mingbai.User
	for v := range 20 {
		village := &mingbai.Village{NameZH: fmt.Sprintf("第%d村", v+1)}
		if err := a.store.CreateVillage(ctx, village); err != nil {
			b.Fatal(err)
		}
		for r := range 5 {
			u := &mingbai.User{Username: fmt.Sprintf("r%d-%d", v, r), DisplayName: "R", Role: mingbai.Resident, VillageID: village.ID}
			if err := a.store.CreateUser(ctx, u, "x"); err != nil {
				b.Fatal(err)
			}
			residents = append(residents, u)
		}
	}
	db, err := sql.Open("sqlite", "file:"+a.dbPath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// One transaction for every row: a page cache that holds the tallies
	// the triggers update keeps them from being spilled over and over.
	if _, err := db.ExecContext(ctx, `PRAGMA cache_size = -400000`); err != nil {
		b.Fatal(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO records (id, kind, author_id, village_id, occurred_on, fields,
		content_hash, received_at, seq, state) VALUES (?, ?, ?, ?, ?, ?, '', '2026-01-01T00:00:00Z', ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	thisYear := a.clock.Now().In(mingbai.Township).Year()
	refs := testrecords.Refs{Topic: "marriage-family", Session: uuid.NewString(), Material: "bride-price"}
	for i := range n {
		u := residents[rnd.IntN(len(residents))]
		spec := mingbai.Kinds[rnd.IntN(len(mingbai.Kinds))]
		refs.Day = time.Date(thisYear-2+rnd.IntN(3), time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		fields, err := json.Marshal(testrecords.Random(spec.Kind, refs, rnd))
		if err != nil {
			b.Fatal(err)
		}
		state := mingbai.Received
		if rnd.IntN(50) == 0 {
			state = mingbai.Returned
		}
		if _, err := stmt.ExecContext(ctx, uuid.NewString(), spec.Kind, u.ID, u.VillageID, refs.Day, string(fields), 1000+i, state); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
}
