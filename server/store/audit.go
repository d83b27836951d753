package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mingbai/server/mingbai"
)

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At      time.Time
	ActorID string // empty for a failed login or the command line
	Action  string
	Target  string
	Detail  string
	// Repeats is how many times it happened (AuditRepeated), the last at
	// LastAt; 1 and At for most lines.
	Repeats int
	LastAt  time.Time
}

// Audit appends to the audit log. Callers never pass passwords or
// villagers' personal data.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	return s.auditTx(ctx, s.w, e)
}

// execer is a transaction or the writer: what an audit line is written
// through, so an action and its line commit together.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// maxAuditRunes bounds an audit line's target and detail: whatever a
// request carries, its line (and the desk that shows the log) stays small.
const maxAuditRunes = 200

// auditTx appends e to the audit log through tx.
func (s *Store) auditTx(ctx context.Context, tx execer, e AuditEntry) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
		formatTime(s.clock.Now()), nullString(e.ActorID), e.Action, mingbai.CutRunes(e.Target, maxAuditRunes), mingbai.CutRunes(e.Detail, maxAuditRunes))
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditRepeated writes an anonymous event (no actor) that may come in
// bursts: one from the same address (detail) with the same action within
// window of the last is counted on that line, which keeps its first
// target. Only the newest lines are looked at, so an event costs the same
// however long the log.
func (s *Store) AuditRepeated(ctx context.Context, e AuditEntry, window time.Duration) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	defer tx.Rollback()
	now := s.clock.Now()
	res, err := tx.ExecContext(ctx, `UPDATE audit_log SET repeats = repeats + 1, last_at = ?
		WHERE id = (SELECT id FROM (SELECT id, action, detail, actor_id, coalesce(last_at, at) AS seen
			FROM audit_log ORDER BY id DESC LIMIT 100)
			WHERE action = ? AND detail = ? AND actor_id IS NULL AND seen >= ? ORDER BY id DESC LIMIT 1)`,
		formatTime(now), e.Action, mingbai.CutRunes(e.Detail, maxAuditRunes), formatTime(now.Add(-window)))
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if err := s.auditTx(ctx, tx, e); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditLog returns the newest entries first.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT at, coalesce(actor_id, ''), action, target, detail, repeats, coalesce(last_at, at)
		FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at, last string
		if err := rows.Scan(&at, &e.ActorID, &e.Action, &e.Target, &e.Detail, &e.Repeats, &last); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		if e.LastAt, err = parseTime(last); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
