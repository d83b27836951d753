package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
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
	raise(&s.gen, seq)
	return nil
}

// commitAccounts is commit for a transaction that writes users or
// devices: the devices found by token are forgotten once it is done
// (token_cache.go), whether or not the commit succeeded.
func (s *Store) commitAccounts(tx *sql.Tx) error {
	defer s.tokens.forget()
	return s.commit(tx, 0)
}

// markShown moves the reading counter to seq in tx: the change is one a
// reader can see. commitShown then publishes it.
func markShown(ctx context.Context, tx *sql.Tx, seq int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE counters SET value = ? WHERE name = 'reading'`, seq); err != nil {
		return fmt.Errorf("mark change %d shown: %w", seq, err)
	}
	return nil
}

// commitShown is commit for a transaction that called markShown.
func (s *Store) commitShown(tx *sql.Tx, seq int64) error {
	if err := s.commit(tx, seq); err != nil {
		return err
	}
	raise(&s.shown, seq)
	return nil
}

// raise moves a mirrored counter up to seq, never down: two writers'
// commits may publish out of order.
func raise(mirror *atomic.Int64, seq int64) {
	for {
		old := mirror.Load()
		if seq <= old || mirror.CompareAndSwap(old, seq) {
			return
		}
	}
}
