package store

import (
	"context"
	"database/sql"
	"fmt"
)

// nextSeq takes the next value of the change counter inside the writer's
// transaction. Because there is one writer and the value is taken in the
// same transaction as the change, a reader that has seen seq N has seen
// every change numbered up to N: paging by "seq > cursor" never skips.
func nextSeq(ctx context.Context, tx *sql.Tx) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `UPDATE counters SET value = value + 1 WHERE name = 'change' RETURNING value`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("next change seq: %w", err)
	}
	return v, nil
}

// commit commits tx and, on success, publishes seq (if this transaction
// took one) as the store's generation.
func (s *Store) commit(tx *sql.Tx, seq int64) error {
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if seq > 0 {
		for {
			old := s.gen.Load()
			if seq <= old || s.gen.CompareAndSwap(old, seq) {
				break
			}
		}
	}
	return nil
}
