package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// touchEvery is how often, at most, a device's last use is written: the
// office reads it in minutes, and a write per request would queue every
// phone's sync behind the one writer.
const touchEvery = time.Minute

// CreateDevice registers a phone of an active resident under the hash of
// its token, and fills in ID and times. It returns EINVALID for a bad name
// and EFORBIDDEN when the account is not an active resident's.
func (s *Store) CreateDevice(ctx context.Context, d *mingbai.Device, tokenHash string) error {
	if err := d.Validate(); err != nil {
		return err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("create device: %w", err)
	}
	now := s.clock.Now()
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("create device: %w", err)
	}
	defer tx.Rollback()
	// The account is checked in the insert itself, so a resident
	// deactivated a moment ago cannot slip a device in.
	res, err := tx.ExecContext(ctx, `INSERT INTO devices (id, user_id, name, token_hash, created_at, last_seen_at)
		SELECT ?, id, ?, ?, ?, ? FROM users WHERE id = ? AND active = 1 AND role = 'resident'`,
		id.String(), d.Name, tokenHash, formatTime(now), formatTime(now), d.UserID)
	if err != nil {
		return fmt.Errorf("create device: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return mingbai.Errorf(mingbai.EFORBIDDEN, "error.forbidden", "user %s may not register a device", d.UserID)
	}
	// A resident has at most MaxActiveDevices working phones: a new one
	// retires the one unused longest (a phone reset, a browser cleared).
	if _, err := tx.ExecContext(ctx, `UPDATE devices SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL
		AND id NOT IN (SELECT id FROM devices WHERE user_id = ? AND revoked_at IS NULL ORDER BY last_seen_at DESC, created_at DESC LIMIT ?)`,
		formatTime(now), d.UserID, d.UserID, mingbai.MaxActiveDevices); err != nil {
		return fmt.Errorf("create device: retire the oldest: %w", err)
	}
	if err := s.commitAccounts(tx); err != nil {
		return fmt.Errorf("create device: %w", err)
	}
	d.ID, d.CreatedAt, d.LastSeenAt, d.RevokedAt = id.String(), now, now, time.Time{}
	return nil
}

const deviceColumns = `d.id, d.user_id, d.name, d.created_at, d.last_seen_at, d.revoked_at`

func scanDevice(row scanner, more ...any) (*mingbai.Device, error) {
	d := &mingbai.Device{}
	var created, seen string
	var revoked sql.NullString
	if err := row.Scan(append([]any{&d.ID, &d.UserID, &d.Name, &created, &seen, &revoked}, more...)...); err != nil {
		return nil, err
	}
	var err error
	if d.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if d.LastSeenAt, err = parseTime(seen); err != nil {
		return nil, err
	}
	if d.RevokedAt, err = parseNullTime(revoked); err != nil {
		return nil, err
	}
	return d, nil
}

// DeviceByToken returns the device holding a token (by its hash) and its
// owner. An unknown or revoked token, or one whose owner is deactivated,
// is EUNAUTHORIZED: the phone must sign in and register again.
func (s *Store) DeviceByToken(ctx context.Context, tokenHash string) (*mingbai.Device, *mingbai.User, error) {
	if d, u, ok := s.tokens.get(tokenHash, s.clock.Now()); ok {
		return d, u, nil
	}
	gen := s.tokens.generation()
	u := &mingbai.User{}
	var role, created string
	byToken, err := s.deviceByTokenStmt(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("device by token: %w", err)
	}
	d, err := scanDevice(byToken.QueryRowContext(ctx, tokenHash),
		&u.Username, &u.DisplayName, &role, &u.VillageID, &u.MustChangePassword, &u.Active, &created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil, mingbai.Errorf(mingbai.EUNAUTHORIZED, "error.device_unknown", "no device has this token")
	case err != nil:
		return nil, nil, fmt.Errorf("device by token: %w", err)
	case d.Revoked():
		return nil, nil, mingbai.Errorf(mingbai.EUNAUTHORIZED, "error.device_revoked", "device %s is revoked", d.ID)
	case !u.Active:
		return nil, nil, mingbai.Errorf(mingbai.EUNAUTHORIZED, "error.account_inactive", "owner of device %s is deactivated", d.ID)
	}
	u.ID, u.Role = d.UserID, mingbai.Role(role)
	if u.CreatedAt, err = parseTime(created); err != nil {
		return nil, nil, err
	}
	s.tokens.keep(tokenHash, gen, d, u, s.clock.Now())
	return d, u, nil
}

// deviceByTokenQuery finds a device and its owner by the token's hash.
const deviceByTokenQuery = `SELECT ` + deviceColumns + `,
		u.username, u.display_name, u.role, coalesce(u.village_id, ''), u.must_change_password, u.active, u.created_at
	FROM devices d JOIN users u ON u.id = d.user_id WHERE d.token_hash = ?`

// deviceByTokenStmt is deviceByTokenQuery prepared once on the read pool
// (database/sql keeps it prepared on each reader): every sync request
// asks it, and parsing it anew was a tenth of a one-record push's CPU.
// It is prepared on first use, not at Open, so a store held at an older
// migration (as the migration tests do) still opens.
func (s *Store) deviceByTokenStmt(ctx context.Context) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if s.byToken == nil {
		st, err := s.r.PrepareContext(ctx, deviceByTokenQuery)
		if err != nil {
			return nil, err
		}
		s.byToken = st
	}
	return s.byToken, nil
}

// TouchDevice records that d was used now, unless that was already
// recorded less than a minute ago; d.LastSeenAt follows what is stored.
func (s *Store) TouchDevice(ctx context.Context, d *mingbai.Device) error {
	now := s.clock.Now()
	if now.Sub(d.LastSeenAt) < touchEvery {
		return nil
	}
	// The condition keeps two requests of one phone from both writing.
	if _, err := s.w.ExecContext(ctx, `UPDATE devices SET last_seen_at = ? WHERE id = ? AND last_seen_at <= ?`,
		formatTime(now), d.ID, formatTime(now.Add(-touchEvery))); err != nil {
		return fmt.Errorf("touch device %s: %w", d.ID, err)
	}
	d.LastSeenAt = now
	s.tokens.touched(d.ID, now)
	return nil
}

// DevicesOf lists an account's devices, those still working first, most
// recently used first.
func (s *Store) DevicesOf(ctx context.Context, userID string) ([]mingbai.Device, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+deviceColumns+` FROM devices d WHERE d.user_id = ?
		ORDER BY d.revoked_at IS NOT NULL, d.last_seen_at DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("devices of %s: %w", userID, err)
	}
	defer rows.Close()
	var out []mingbai.Device
	for rows.Next() {
		d, err := scanDevice(rows)
		if err != nil {
			return nil, fmt.Errorf("devices of %s: %w", userID, err)
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// RevokeDevice stops a device of userID from using the API, at once. It
// also ends every session of its owner: a lost phone's cookie must not
// register a new device behind the office's back, so the owner signs in
// again on the phones they still have. Revoking a revoked device changes
// nothing; it returns ENOTFOUND when userID has no such device.
func (s *Store) RevokeDevice(ctx context.Context, userID, deviceID string) (*mingbai.Device, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("revoke device: %w", err)
	}
	defer tx.Rollback()
	d, err := scanDevice(tx.QueryRowContext(ctx, `SELECT `+deviceColumns+` FROM devices d WHERE d.id = ? AND d.user_id = ?`,
		deviceID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.device_not_found", "user %s has no device %s", userID, deviceID)
	}
	if err != nil {
		return nil, fmt.Errorf("revoke device %s: %w", deviceID, err)
	}
	if d.Revoked() {
		return d, nil
	}
	d.RevokedAt = s.clock.Now()
	if _, err := tx.ExecContext(ctx, `UPDATE devices SET revoked_at = ? WHERE id = ?`, formatTime(d.RevokedAt), d.ID); err != nil {
		return nil, fmt.Errorf("revoke device %s: %w", deviceID, err)
	}
	if err := endSessions(ctx, tx, userID); err != nil {
		return nil, err
	}
	if err := s.commitAccounts(tx); err != nil {
		return nil, fmt.Errorf("revoke device %s: %w", deviceID, err)
	}
	return d, nil
}

// SignOut writes user's sign-out in the audit log and, when the phone
// names its device (deviceID, may be empty), ends that device's token in
// the same transaction: a phone signed out of holds nothing that still
// works. The resident's other phones and sessions go on. A device that is
// not the user's, or is revoked already, is left alone.
func (s *Store) SignOut(ctx context.Context, user *mingbai.User, deviceID string) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	defer tx.Rollback()
	detail := ""
	if deviceID != "" {
		var name string
		err := tx.QueryRowContext(ctx, `UPDATE devices SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL
			RETURNING name`, formatTime(s.clock.Now()), deviceID, user.ID).Scan(&name)
		switch {
		case err == nil:
			detail = name
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("sign out device %s: %w", deviceID, err)
		}
	}
	if err := s.auditTx(ctx, tx, AuditEntry{ActorID: user.ID, Action: "logout", Target: user.Username, Detail: detail}); err != nil {
		return err
	}
	return s.commitAccounts(tx)
}
