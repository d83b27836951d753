// Command rawinsert is the raw SQLite ceiling of a sync push, for
// scripts/load.sh: the rows a push of scripts/push.lua's records stores,
// inserted straight through database/sql (modernc.org/sqlite, as the
// server) in transactions of -batch rows, each committed durably (WAL,
// synchronous=FULL), one writer, for -duration of inserting (the rows
// are made between transactions, untimed). Nothing is decoded,
// checked or looked up, and no HTTP: what is left is SQLite's own cost.
//
//	-schema bare     a table of the records' columns, its primary key only
//	-schema mingbai  Mingbai's records table in a data directory prepared
//	                 by scripts/loadphone: its indexes and triggers (a push
//	                 adds to the figures' tallies besides, once a batch)
//
// It prints records/s and its own CPU per record.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/google/uuid"
	_ "modernc.org/sqlite"

	"mingbai/server/mingbai"
)

// fields is push.lua's consultation (a number at the end keeps each row
// apart), as a phone sends it; it is stored in its canonical form.
const fields = `{"topic":"marriage-family","asker_group":"herder","channel":"in_person","outcome":"answered",` +
	`"summary":"女方父母收了彩礼后婚事告吹，男方要求全部退还，女方只愿退一半，双方争执不下，问法律怎么规定。第%d号"}`

const bareTable = `CREATE TABLE IF NOT EXISTS records (
	id TEXT PRIMARY KEY, kind TEXT NOT NULL, author_id TEXT NOT NULL, device_id TEXT, village_id TEXT,
	occurred_on TEXT NOT NULL, supersedes TEXT, refers_to TEXT, client_created_at TEXT NOT NULL,
	fields TEXT NOT NULL, content_hash TEXT NOT NULL, received_at TEXT NOT NULL, seq INTEGER NOT NULL) STRICT`

func main() {
	dataDir := flag.String("data", "", "data directory (for -schema mingbai, prepared by scripts/loadphone)")
	schema := flag.String("schema", "bare", "bare or mingbai")
	batch := flag.Int("batch", 100, "rows per transaction")
	duration := flag.Duration("duration", 10*time.Second, "how long to insert")
	flag.Parse()
	if err := run(context.Background(), *dataDir, *schema, *batch, *duration); err != nil {
		fmt.Fprintln(os.Stderr, "rawinsert:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dataDir, schema string, batch int, duration time.Duration) error {
	if dataDir == "" || batch < 1 {
		return fmt.Errorf("-data is required, and -batch at least 1")
	}
	file := filepath.Join(dataDir, "mingbai.db")
	if schema == "bare" {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return err
		}
		file = filepath.Join(dataDir, "bare.db")
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(ON)", "synchronous(FULL)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", "file:"+file+"?"+q.Encode()+"&_txlock=immediate")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var author, device, village string
	switch schema {
	case "bare":
		if _, err := db.ExecContext(ctx, bareTable); err != nil {
			return err
		}
		author, device, village = "author", "device", "village"
	case "mingbai":
		err := db.QueryRowContext(ctx, `SELECT u.id, d.id, u.village_id FROM users u JOIN devices d ON d.user_id = u.id
			WHERE u.username = 'loadphone'`).Scan(&author, &device, &village)
		if err != nil {
			return fmt.Errorf("the loadphone resident (run scripts/loadphone -data %s): %w", dataDir, err)
		}
	default:
		return fmt.Errorf("-schema %q: bare or mingbai", schema)
	}
	insert, err := db.PrepareContext(ctx, `INSERT INTO records (id, kind, author_id, device_id, village_id, occurred_on,
		supersedes, refers_to, client_created_at, fields, content_hash, received_at, seq)
		VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, '', ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insert.Close()

	// Each batch's rows are made before its transaction, and only the
	// transactions are timed, wall and CPU: what is measured is SQLite's.
	var n int64
	var wall, cpu time.Duration
	rows := make([][]any, batch)
	for wall < duration {
		for i := range rows {
			n++
			now := time.Now().UTC()
			id, err := uuid.NewV7()
			if err != nil {
				return err
			}
			_, canonical, err := mingbai.DecodeFields(mingbai.Consultation, fmt.Appendf(nil, fields, n), now)
			if err != nil {
				return err
			}
			r := &mingbai.Record{ID: id.String(), Kind: mingbai.Consultation, Date: now.Format(time.DateOnly), Fields: canonical}
			rows[i] = []any{r.ID, string(r.Kind), author, device, village, r.Date,
				string(r.Fields), r.ContentHash(), now.Format(time.RFC3339Nano), n}
		}
		cpu0, start := cpuTime(), time.Now()
		if err := insertBatch(ctx, db, insert, rows); err != nil {
			return err
		}
		wall, cpu = wall+time.Since(start), cpu+cpuTime()-cpu0
	}
	fmt.Printf("%10.0f records/s  CPU %.0f µs a record   (%d rows, %d a transaction)\n",
		float64(n)/wall.Seconds(), cpu.Seconds()*1e6/float64(n), n, batch)
	return nil
}

// insertBatch inserts rows in one transaction and commits it.
func insertBatch(ctx context.Context, db *sql.DB, insert *sql.Stmt, rows [][]any) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st := tx.StmtContext(ctx, insert)
	for _, row := range rows {
		if _, err := st.ExecContext(ctx, row...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// cpuTime is the CPU this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
