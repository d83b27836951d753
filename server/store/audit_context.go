package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// An office action and its audit line commit together: the web layer
// names the action in the request's context (WithAudit) before it calls
// the store, and the first write transaction the store begins with that
// context (begin) writes the line first. If the action fails, its
// transaction rolls back with the line; if the line cannot be written,
// the action is not done.
//
// Some lines say what the action came to, known only at its end: what a
// save changed, what a push stored. The web layer names those with
// WithAuditOutcome; begin leaves them, and the store writes them with
// auditOutcome just before it commits, or not at all when the action came
// to nothing.

type auditKey struct{}

// pendingAudit is the line a context carries until a transaction takes it.
type pendingAudit struct {
	entry   AuditEntry
	outcome bool // written at the end, by auditOutcome
	taken   bool
}

// WithAudit returns ctx carrying e, for the next write transaction.
func WithAudit(ctx context.Context, e AuditEntry) context.Context {
	return context.WithValue(ctx, auditKey{}, &pendingAudit{entry: e})
}

// WithAuditOutcome returns ctx carrying e, to be written with what the
// action came to at the end of its transaction.
func WithAuditOutcome(ctx context.Context, e AuditEntry) context.Context {
	return context.WithValue(ctx, auditKey{}, &pendingAudit{entry: e, outcome: true})
}

// auditOutcome writes in tx the line ctx carries for an outcome, with
// outcome after its detail. An action that came to nothing (happened
// false) writes none.
func (s *Store) auditOutcome(ctx context.Context, tx *sql.Tx, happened bool, outcome string) error {
	p, ok := ctx.Value(auditKey{}).(*pendingAudit)
	if !ok || p.taken || !p.outcome || !happened {
		return nil
	}
	e := p.entry
	e.Detail = strings.TrimSpace(e.Detail + " " + outcome)
	if err := s.auditTx(ctx, tx, e); err != nil {
		return err
	}
	p.taken = true
	return nil
}

// begin starts a write transaction, writing in it the audit line ctx
// carries, if it still carries one.
func (s *Store) begin(ctx context.Context) (*sql.Tx, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if err := s.auditFirst(ctx, tx); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// auditFirst writes in tx the line ctx carries to be written first (not
// an outcome), unless a transaction has taken it already.
func (s *Store) auditFirst(ctx context.Context, tx *sql.Tx) error {
	p, ok := ctx.Value(auditKey{}).(*pendingAudit)
	if !ok || p.taken || p.outcome {
		return nil
	}
	if err := s.auditTx(ctx, tx, p.entry); err != nil {
		return err
	}
	p.taken = true
	return nil
}

// execWrite runs one write statement in its own transaction (begin). A
// statement that changes no row returns none (the thing is not there, or
// not allowed) and is rolled back, audit line and all.
func (s *Store) execWrite(ctx context.Context, none error, query string, args ...any) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return none
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
