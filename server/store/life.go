package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// Life is the name of this life of the database (migration 0020): it
// changes when the database is restored. It is read once at Open, since
// only a restore, with no server running, changes it.
func (s *Store) Life() string { return s.life }

func (s *Store) loadLife(ctx context.Context) error {
	if err := s.w.QueryRowContext(ctx, `SELECT id FROM database_life`).Scan(&s.life); err != nil {
		return fmt.Errorf("database life: %w", err)
	}
	return nil
}

// BeginLife gives the database a new life, after a restore put an older
// copy in place, and says so in the audit log (detail: where it came
// from), in one transaction.
func (s *Store) BeginLife(ctx context.Context, from string) error {
	b := make([]byte, 16)
	rand.Read(b)
	life := hex.EncodeToString(b)
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("begin life: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE database_life SET id = ?`, life); err != nil {
		return fmt.Errorf("begin life: %w", err)
	}
	if err := s.auditTx(ctx, tx, AuditEntry{Action: "restore", Target: life, Detail: from}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("begin life: %w", err)
	}
	s.life = life
	return nil
}
