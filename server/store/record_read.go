package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mingbai/server/mingbai"
)

const recordColumns = `SELECT r.id, r.kind, r.author_id, coalesce(r.device_id, ''), coalesce(r.village_id, ''), r.occurred_on,
	coalesce(r.supersedes, ''), coalesce(r.refers_to, ''), r.client_created_at, r.fields, r.received_at, r.seq,
	r.state, r.review,
	coalesce((SELECT s.id FROM records s WHERE s.supersedes = r.id ORDER BY s.seq DESC LIMIT 1), '')
	FROM records r`

// recordsWhere loads the records matching a condition on "r", by seq.
func (s *Store) recordsWhere(ctx context.Context, cond string, args ...any) ([]*mingbai.Record, error) {
	return recordsIn(ctx, s.r, cond, args...)
}

// recordsIn is recordsWhere read through q (a transaction's snapshot).
func recordsIn(ctx context.Context, q querier, cond string, args ...any) ([]*mingbai.Record, error) {
	rows, err := q.QueryContext(ctx, recordColumns+` WHERE `+cond+` ORDER BY r.seq`, args...)
	if err != nil {
		return nil, err
	}
	return scanRecords(rows)
}

func scanRecords(rows *sql.Rows) ([]*mingbai.Record, error) {
	defer rows.Close()
	var out []*mingbai.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// scanRecord reads the row of recordColumns rows is at.
func scanRecord(rows *sql.Rows) (*mingbai.Record, error) {
	r := &mingbai.Record{}
	var kind, fields, received, state string
	if err := rows.Scan(&r.ID, &kind, &r.AuthorID, &r.DeviceID, &r.VillageID, &r.Date, &r.Supersedes,
		&r.RefersTo, &r.ClientCreatedAt, &fields, &received, &r.Seq, &state, &r.Review, &r.SupersededBy); err != nil {
		return nil, err
	}
	r.Kind, r.Fields, r.State = mingbai.RecordKind(kind), []byte(fields), mingbai.RecordState(state)
	var err error
	r.ReceivedAt, err = parseTime(received)
	return r, err
}

// Record returns one record, or ENOTFOUND.
func (s *Store) Record(ctx context.Context, id string) (*mingbai.Record, error) {
	rs, err := s.recordsWhere(ctx, `r.id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("record %s: %w", id, err)
	}
	if len(rs) == 0 {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.record_not_found", "record %s", id)
	}
	return rs[0], nil
}

// RecordConflict is a record pushed again under a stored record's id with
// other content; the office sees it beside the original.
type RecordConflict struct {
	RecordID   string
	Kind       mingbai.RecordKind
	Date       string
	Fields     []byte
	ReceivedAt time.Time
}

// Conflicts lists the conflicting versions pushed for a record.
func (s *Store) Conflicts(ctx context.Context, recordID string) ([]RecordConflict, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT record_id, kind, occurred_on, fields, received_at
		FROM record_conflicts WHERE record_id = ? ORDER BY id`, recordID)
	if err != nil {
		return nil, fmt.Errorf("conflicts of %s: %w", recordID, err)
	}
	defer rows.Close()
	var out []RecordConflict
	for rows.Next() {
		var c RecordConflict
		var kind, fields, received string
		if err := rows.Scan(&c.RecordID, &kind, &c.Date, &fields, &received); err != nil {
			return nil, fmt.Errorf("conflicts of %s: %w", recordID, err)
		}
		var err error
		if c.ReceivedAt, err = parseTime(received); err != nil {
			return nil, err
		}
		c.Kind, c.Fields = mingbai.RecordKind(kind), []byte(fields)
		out = append(out, c)
	}
	return out, rows.Err()
}

// RecordsByAuthor lists a resident's records, newest first, at most limit.
func (s *Store) RecordsByAuthor(ctx context.Context, authorID string, limit int) ([]*mingbai.Record, error) {
	rows, err := s.r.QueryContext(ctx, recordColumns+` WHERE r.author_id = ? ORDER BY r.occurred_on DESC, r.seq DESC LIMIT ?`,
		authorID, limit)
	if err != nil {
		return nil, fmt.Errorf("records of %s: %w", authorID, err)
	}
	rs, err := scanRecords(rows)
	if err != nil {
		return nil, fmt.Errorf("records of %s: %w", authorID, err)
	}
	return rs, nil
}
