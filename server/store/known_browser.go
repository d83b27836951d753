package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// maxKnownBrowsers is how many browsers an account is remembered on; the
// oldest is forgotten first.
const maxKnownBrowsers = 20

// RememberBrowser records that userID signed in on the browser holding
// the token whose hash is tokenHash.
func (s *Store) RememberBrowser(ctx context.Context, userID, tokenHash string) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("remember browser: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO known_browsers (token_hash, user_id, created_at) VALUES (?, ?, ?)`,
		tokenHash, userID, formatTime(s.clock.Now())); err != nil {
		return fmt.Errorf("remember browser: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM known_browsers WHERE user_id = ? AND token_hash NOT IN
		(SELECT token_hash FROM known_browsers WHERE user_id = ? ORDER BY created_at DESC LIMIT ?)`,
		userID, userID, maxKnownBrowsers); err != nil {
		return fmt.Errorf("remember browser: %w", err)
	}
	return s.commit(tx, 0)
}

// KnownBrowser returns the account a browser token was remembered for,
// "" when none.
func (s *Store) KnownBrowser(ctx context.Context, tokenHash string) (string, error) {
	var userID string
	err := s.r.QueryRowContext(ctx, `SELECT user_id FROM known_browsers WHERE token_hash = ?`, tokenHash).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("known browser: %w", err)
	}
	return userID, nil
}
