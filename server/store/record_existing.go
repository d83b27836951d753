package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"mingbai/server/mingbai"
)

// A push asks, for each record, whether its id is stored already (a
// duplicate, a conflict, another resident's). A batch asks it once for
// all its ids, at its start, instead of once a record: one statement
// in place of a hundred, each of which cost more to run than its lookup.
// A record applied in the same group of pushes (by this batch or one
// before it) is asked again, after it is inserted.

// storedRecord is what a push needs of a record stored under an id it sends.
type storedRecord struct {
	owner, hash string
	seq         int64
}

// storedIDs is a batch's answer: the ids stored when it began, and the
// ids the group has applied, for which that answer may be stale.
type storedIDs struct {
	fetched bool // the batch asked at its start (a batch of one asks as it goes)
	stored  map[string]storedRecord
	applied map[string]bool // the group's
}

// existingQuery finds the stored records among a JSON array of ids.
const existingQuery = `SELECT id, author_id, content_hash, seq FROM records WHERE id IN (SELECT value FROM json_each(?))`

// beginBatch asks which of a batch's records are stored already.
func (p *pushTx) beginBatch(ctx context.Context, items []PushItem) error {
	if p.ids.applied == nil {
		p.ids.applied = map[string]bool{}
	}
	p.ids.fetched, p.ids.stored = false, nil
	var ids []string
	for _, it := range items {
		if it.Err == nil {
			ids = append(ids, it.Record.ID)
		}
	}
	if len(ids) < 2 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := p.existingAll.QueryContext(ctx, string(list))
	if err != nil {
		return fmt.Errorf("stored records: %w", err)
	}
	defer rows.Close()
	p.ids.stored = map[string]storedRecord{}
	for rows.Next() {
		var id string
		var row storedRecord
		if err := rows.Scan(&id, &row.owner, &row.hash, &row.seq); err != nil {
			return err
		}
		p.ids.stored[id] = row
	}
	p.ids.fetched = true
	return rows.Err()
}

// lookupStored finds the record stored under r's id, if any.
func (p *pushTx) lookupStored(ctx context.Context, r *mingbai.Record) (storedRecord, bool, error) {
	if p.ids.fetched && !p.ids.applied[r.ID] {
		row, ok := p.ids.stored[r.ID]
		return row, ok, nil
	}
	if err := p.flushIf(ctx, p.pending.ids[r.ID]); err != nil { // the same id twice in a batch
		return storedRecord{}, false, err
	}
	var row storedRecord
	err := p.existing.QueryRowContext(ctx, r.ID).Scan(&row.owner, &row.hash, &row.seq)
	if errors.Is(err, sql.ErrNoRows) {
		return row, false, nil
	}
	return row, err == nil, err
}
