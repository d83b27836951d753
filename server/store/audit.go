package store

import (
	"context"
	"fmt"
	"time"
)

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At      time.Time
	ActorID string // empty for a failed login or the command line
	Action  string
	Target  string
	Detail  string
}

// Audit appends to the audit log. Callers never pass passwords or
// villagers' personal data.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	var actor any
	if e.ActorID != "" {
		actor = e.ActorID
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, action, target, detail) VALUES (?, ?, ?, ?, ?)`,
		formatTime(s.clock.Now()), actor, e.Action, e.Target, e.Detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditLog returns the newest entries first.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT at, coalesce(actor_id, ''), action, target, detail
		FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&at, &e.ActorID, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
