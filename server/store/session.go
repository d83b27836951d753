package store

import (
	"context"
	"fmt"
	"time"

	"mingbai/server/mingbai"
)

// CreateSession stores a session under the hash of its token.
func (s *Store) CreateSession(ctx context.Context, tokenHash, userID string, ttl time.Duration) error {
	now := s.clock.Now()
	tx, err := s.begin(ctx) // with the sign-in's audit line
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		tokenHash, userID, formatTime(now), formatTime(now.Add(ttl)))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	// Expired sessions are swept here, on the rare write, not on reads.
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, formatTime(now)); err != nil {
		return fmt.Errorf("sweep sessions: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionUser returns the account of a live session: not expired, and the
// account still active. Anything else is ENOTFOUND, so a deactivated
// account's sessions stop working at once.
func (s *Store) SessionUser(ctx context.Context, tokenHash string) (*mingbai.User, error) {
	u, _, err := scanUser(s.r.QueryRowContext(ctx, userColumns+`, '' FROM users
		WHERE active = 1 AND id = (SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?)`,
		tokenHash, formatTime(s.clock.Now())))
	if err != nil && mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		err = fmt.Errorf("session user: %w", err)
	}
	return u, err
}

// DeleteSession ends a session; ending one that does not exist is no error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
