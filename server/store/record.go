package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"mingbai/server/mingbai"
)

// Push statuses: what became of one record of a batch (DESIGN §4).
const (
	Applied   = "applied"   // stored now
	Duplicate = "duplicate" // stored before, same content: nothing changed
	Conflict  = "conflict"  // stored before with other content: this one kept aside for the office
	Rejected  = "rejected"  // refused, with a reason; nothing stored
)

// PushItem is one record of a batch: decoded and checked by the caller,
// or already refused (Err set) for the store to report in its place.
type PushItem struct {
	Record *mingbai.Record
	Err    error
}

// PushResult says what became of one PushItem.
type PushResult struct {
	ID     string
	Status string
	Seq    int64 // the record's change number, when stored
	Err    error // why a record was rejected: a domain error
}

// Push stores a batch of field records from one resident's device in one
// transaction, each record on its own (a savepoint each), so one bad
// record never rejects the others. A record already stored with the same
// content is a duplicate and changes nothing, so a batch may be retried any
// number of times; the same id with other content is a conflict, kept
// aside for the office and never written over the original. The batch is
// committed (durably: synchronous=FULL) before Push returns. It returns an
// error only for a fault of the database, when nothing of the batch is
// stored and the phone must retry.
func (s *Store) Push(ctx context.Context, author *mingbai.User, deviceID string, items []PushItem) ([]PushResult, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	defer tx.Rollback()
	results := make([]PushResult, len(items))
	var lastSeq int64
	for i, it := range items {
		if it.Err != nil {
			results[i] = PushResult{Status: Rejected, Err: it.Err}
			if it.Record != nil {
				results[i].ID = it.Record.ID
			}
			continue
		}
		r, err := s.pushOne(ctx, tx, author, deviceID, it.Record)
		if err != nil {
			return nil, fmt.Errorf("push record %s: %w", it.Record.ID, err)
		}
		results[i] = r
		lastSeq = max(lastSeq, r.Seq)
	}
	if err := s.commit(tx, lastSeq); err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	return results, nil
}

// pushOne applies one record inside a savepoint. A domain error rolls the
// savepoint back and becomes a rejection; anything else aborts the batch.
func (s *Store) pushOne(ctx context.Context, tx *sql.Tx, author *mingbai.User, deviceID string, r *mingbai.Record) (PushResult, error) {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT record`); err != nil {
		return PushResult{}, err
	}
	res, err := s.applyRecord(ctx, tx, author, deviceID, r)
	var domain *mingbai.Error
	if errors.As(err, &domain) {
		res, err = PushResult{ID: r.ID, Status: Rejected, Err: err}, nil
		if _, rbErr := tx.ExecContext(ctx, `ROLLBACK TO record`); rbErr != nil {
			return PushResult{}, rbErr
		}
	}
	if err != nil {
		return PushResult{}, err
	}
	_, err = tx.ExecContext(ctx, `RELEASE record`)
	return res, err
}

func (s *Store) applyRecord(ctx context.Context, tx *sql.Tx, author *mingbai.User, deviceID string, r *mingbai.Record) (PushResult, error) {
	hash := r.ContentHash()
	var owner, storedHash string
	var seq int64
	err := tx.QueryRowContext(ctx, `SELECT author_id, content_hash, seq FROM records WHERE id = ?`, r.ID).
		Scan(&owner, &storedHash, &seq)
	switch {
	case err == nil && owner != author.ID:
		return PushResult{}, mingbai.Errorf(mingbai.EFORBIDDEN, "error.record_not_yours", "record %s belongs to another resident", r.ID)
	case err == nil && storedHash == hash:
		return PushResult{ID: r.ID, Status: Duplicate, Seq: seq}, nil
	case err == nil:
		_, err := tx.ExecContext(ctx, `INSERT INTO record_conflicts
			(record_id, author_id, device_id, kind, occurred_on, fields, content_hash, received_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_id, content_hash) DO NOTHING`,
			r.ID, author.ID, nullString(deviceID), string(r.Kind), r.Date, string(r.Fields), hash, formatTime(s.clock.Now()))
		return PushResult{ID: r.ID, Status: Conflict, Seq: seq}, err
	case !errors.Is(err, sql.ErrNoRows):
		return PushResult{}, err
	}
	if err := checkLinks(ctx, tx, author, r); err != nil {
		return PushResult{}, err
	}
	if err := checkReferences(ctx, tx, author, r); err != nil {
		return PushResult{}, err
	}
	if seq, err = nextSeq(ctx, tx); err != nil {
		return PushResult{}, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO records (id, kind, author_id, device_id, village_id, occurred_on,
		supersedes, refers_to, client_created_at, fields, content_hash, received_at, seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, string(r.Kind), author.ID, nullString(deviceID), author.VillageID, r.Date,
		nullString(r.Supersedes), nullString(r.RefersTo), r.ClientCreatedAt, string(r.Fields), hash,
		formatTime(s.clock.Now()), seq)
	if err != nil {
		return PushResult{}, err
	}
	return PushResult{ID: r.ID, Status: Applied, Seq: seq}, nil
}

// checkLinks checks the records r names: a correction supersedes one of
// the author's own records of the same kind; a follow-up refers to a
// record of the author's or of the author's village.
func checkLinks(ctx context.Context, tx *sql.Tx, author *mingbai.User, r *mingbai.Record) error {
	if r.Supersedes != "" {
		var owner, kind string
		err := tx.QueryRowContext(ctx, `SELECT author_id, kind FROM records WHERE id = ?`, r.Supersedes).Scan(&owner, &kind)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return mingbai.Errorf(mingbai.EINVALID, "error.record_link_unknown", "supersedes unknown %s", r.Supersedes)
		case err != nil:
			return err
		case owner != author.ID:
			return mingbai.Errorf(mingbai.EFORBIDDEN, "error.record_not_yours", "supersedes %s of another resident", r.Supersedes)
		case kind != string(r.Kind):
			return mingbai.Errorf(mingbai.EINVALID, "error.record_link_kind", "a %s superseding a %s", r.Kind, kind)
		}
	}
	if r.RefersTo != "" {
		var owner, village string
		err := tx.QueryRowContext(ctx, `SELECT author_id, village_id FROM records WHERE id = ?`, r.RefersTo).Scan(&owner, &village)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return mingbai.Errorf(mingbai.EINVALID, "error.record_link_unknown", "refers to unknown %s", r.RefersTo)
		case err != nil:
			return err
		case owner != author.ID && village != author.VillageID:
			return mingbai.Errorf(mingbai.EFORBIDDEN, "error.record_not_yours", "refers to %s of another village", r.RefersTo)
		}
	}
	return nil
}

// checkReferences checks what a record's fields name in the database: a
// consultation's topic, an attendance's training session (once per
// resident, unless correcting), an event's materials.
func checkReferences(ctx context.Context, tx *sql.Tx, author *mingbai.User, r *mingbai.Record) error {
	var f struct {
		Topic     string   `json:"topic"`
		SessionID string   `json:"session_id"`
		Materials []string `json:"materials"`
	}
	if err := json.Unmarshal(r.Fields, &f); err != nil {
		return fmt.Errorf("read checked fields: %w", err)
	}
	exists := func(query string, args ...any) (bool, error) {
		var n int
		err := tx.QueryRowContext(ctx, query, args...).Scan(&n)
		return n > 0, err
	}
	switch r.Kind {
	case mingbai.Consultation:
		if ok, err := exists(`SELECT count(*) FROM topics WHERE slug = ?`, f.Topic); err != nil || !ok {
			return orError(err, mingbai.Errorf(mingbai.EINVALID, "error.topic_unknown", "topic %q", f.Topic))
		}
	case mingbai.Attendance:
		if ok, err := exists(`SELECT count(*) FROM training_sessions WHERE id = ?`, f.SessionID); err != nil || !ok {
			return orError(err, mingbai.Errorf(mingbai.EINVALID, "error.training_not_found", "session %q", f.SessionID))
		}
		if r.Supersedes == "" {
			again, err := exists(`SELECT count(*) FROM records WHERE kind = 'attendance' AND author_id = ?
				AND json_extract(fields, '$.session_id') = ?`, author.ID, f.SessionID)
			if err != nil || again {
				return orError(err, mingbai.Errorf(mingbai.ECONFLICT, "error.attendance_twice", "session %s again", f.SessionID))
			}
		}
	case mingbai.PromotionEvent:
		for _, slug := range f.Materials {
			if ok, err := exists(`SELECT count(*) FROM materials WHERE slug = ?`, slug); err != nil || !ok {
				return orError(err, mingbai.Errorf(mingbai.EINVALID, "error.material_not_found", "material %q", slug))
			}
		}
	}
	return nil
}

// orError returns err when there is one, and otherwise the domain error.
func orError(err error, domain *mingbai.Error) error {
	if err != nil {
		return err
	}
	return domain
}
