package store

import (
	"context"
	"fmt"
	"strings"

	"mingbai/server/mingbai"
)

// The push writer inserts new records together, not one by one: each
// INSERT journals every page it touches (the table, its indexes) so that
// it could be undone alone, and one INSERT of many rows journals them
// once; and the records inserted together are added to the figures'
// tallies together (figure_tallies_insert.go). An applied record waits in
// pending until its group of pushes ends (flush; see pushJobTx), or until
// a check is about to read what a waiting record would change: its own id
// sent again, a record it names, another of a kind taken once per resident.

// insertChunks are the row counts of the prepared multi-row inserts, the
// largest first: a flush of n rows takes them greedily.
var insertChunks = [...]int{64, 16, 4, 1}

// insertedColumns are the columns a push inserts, in the order of an
// applied record's arguments (pending.add).
const insertedColumns = `id, kind, author_id, device_id, village_id, occurred_on,
	supersedes, refers_to, client_created_at, fields, content_hash, received_at, seq`

// insertedCount is how many columns, and so arguments, a record inserts.
var insertedCount = strings.Count(insertedColumns, ",") + 1

// insertQueries are the INSERTs of insertChunks' row counts, by chunk:
// written once, not each time a push lists its statements.
var insertQueries = func() (queries [len(insertChunks)]string) {
	for i, n := range insertChunks {
		queries[i] = insertRecords(n)
	}
	return queries
}()

// insertRecords is the INSERT of n records.
func insertRecords(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", insertedCount), ", ") + ")"
	return "INSERT INTO records (" + insertedColumns + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// pending holds the applied records not yet inserted.
type pending struct {
	args    []any // insertedColumns' values, a record after another
	ids     map[string]bool
	kinds   map[mingbai.RecordKind]bool
	tallies figureDeltas // what they add to the figures
}

func (w *pending) add(kind mingbai.RecordKind, id string, args ...any) {
	if w.ids == nil {
		w.ids, w.kinds, w.tallies = map[string]bool{}, map[mingbai.RecordKind]bool{}, figureDeltas{}
	}
	w.args = append(w.args, args...)
	w.ids[id], w.kinds[kind] = true, true
}

// drop forgets what waits, when the push it belongs to is rolled back.
func (w *pending) drop() {
	w.args = w.args[:0]
	clear(w.ids)
	clear(w.kinds)
	clear(w.tallies)
}

// flush inserts what waits, in the order it was applied. Unless each push
// is flushed on its own, what waits may be several pushes' records, so a
// fault is errGroupInsert: the group is to be written again to find whose.
func (p *pushTx) flush(ctx context.Context) error {
	args := p.pending.args
	if len(args) == 0 {
		return nil
	}
	fail := func(err error) error {
		if !p.flushEach {
			return fmt.Errorf("%w: %w", errGroupInsert, err)
		}
		return fmt.Errorf("insert records: %w", err)
	}
	for i, n := range insertChunks {
		for len(args) >= n*insertedCount {
			if _, err := p.insertRows[i].ExecContext(ctx, args[:n*insertedCount]...); err != nil {
				return fail(err)
			}
			args = args[n*insertedCount:]
		}
	}
	if err := p.pending.tallies.save(ctx, p); err != nil {
		return fail(err)
	}
	p.pending.drop()
	return nil
}

// flushIf flushes when a check is about to read what a waiting record
// would change (see above).
func (p *pushTx) flushIf(ctx context.Context, waiting bool) error {
	if !waiting || len(p.pending.args) == 0 {
		return nil
	}
	return p.flush(ctx)
}
