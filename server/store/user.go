package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// CreateUser stores an account with its password hash and fills in ID and
// CreatedAt. It returns EINVALID for a bad account or an unknown or
// deactivated village and ECONFLICT when the username is taken.
// A resident appointed on no given day is appointed today in the township.
func (s *Store) CreateUser(ctx context.Context, u *mingbai.User, passwordHash string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	now := s.clock.Now()
	if u.Role == mingbai.Resident && u.AppointedOn == "" {
		u.AppointedOn = mingbai.TownshipDay(now)
	}
	if err := u.CheckRoster(now); err != nil {
		return err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	defer tx.Rollback()
	var village any
	if u.VillageID != "" {
		if err := villageTakesResidents(ctx, tx, u.VillageID); err != nil {
			return err
		}
		village = u.VillageID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO users (id, username, display_name, role, village_id, password_hash,
		must_change_password, active, created_at, updated_at, appointed_on, left_on)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
		id.String(), u.Username, u.DisplayName, string(u.Role), village, passwordHash, u.MustChangePassword,
		formatTime(now), formatTime(now), nullString(u.AppointedOn), nullString(u.LeftOn))
	if err != nil && strings.Contains(err.Error(), "UNIQUE") {
		return mingbai.Errorf(mingbai.ECONFLICT, "error.username_taken", "username %q is taken", u.Username)
	}
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Username, err)
	}
	if err := s.commitAccounts(tx); err != nil {
		return fmt.Errorf("create user %s: %w", u.Username, err)
	}
	u.ID, u.CreatedAt, u.Active = id.String(), now, true
	return nil
}

const userColumns = `SELECT id, username, display_name, role, coalesce(village_id, ''), must_change_password, active, created_at,
	coalesce(appointed_on, ''), coalesce(left_on, '')`

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanUser(row scanner) (*mingbai.User, string, error) {
	u := &mingbai.User{}
	var role, created, hash string
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.VillageID, &u.MustChangePassword,
		&u.Active, &created, &u.AppointedOn, &u.LeftOn, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", mingbai.Errorf(mingbai.ENOTFOUND, "error.user_not_found", "no such user")
	}
	if err != nil {
		return nil, "", err
	}
	u.Role = mingbai.Role(role)
	if u.CreatedAt, err = parseTime(created); err != nil {
		return nil, "", err
	}
	return u, hash, nil
}

// UserForLogin returns an account with its password hash, by username
// (case-insensitive), or ENOTFOUND.
func (s *Store) UserForLogin(ctx context.Context, username string) (*mingbai.User, string, error) {
	u, hash, err := scanUser(s.r.QueryRowContext(ctx, userColumns+`, password_hash FROM users WHERE username = ?`, username))
	if err != nil && mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		err = fmt.Errorf("user for login: %w", err)
	}
	return u, hash, err
}

// CountActiveOffice counts the office accounts that can log in; zero on a
// first start means one must be made.
func (s *Store) CountActiveOffice(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'office' AND active = 1`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count office accounts: %w", err)
	}
	return n, nil
}

// ChangePassword sets user's own new password (its hash) and ends every
// other session of theirs, so whoever knew the old one is out; the
// session that changed it (keepSession, its token's hash) goes on, and so
// do the account's phones, whose unsynced records must not be stranded.
// The audit line is written in the same transaction.
func (s *Store) ChangePassword(ctx context.Context, user *mingbai.User, passwordHash, keepSession string) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change_password = 0, updated_at = ? WHERE id = ?`,
		passwordHash, formatTime(s.clock.Now()), user.ID)
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.user_not_found", "user %s", user.ID)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, user.ID, keepSession); err != nil {
		return fmt.Errorf("change password: end other sessions: %w", err)
	}
	if err := s.auditTx(ctx, tx, AuditEntry{ActorID: user.ID, Action: "password.change", Target: user.Username}); err != nil {
		return err
	}
	return s.commitAccounts(tx)
}

// SetUserActive activates or deactivates an account. Deactivating ends
// the account's sessions and revokes its devices in the same transaction,
// so neither works a moment longer (SessionUser and DeviceByToken check
// the account too), and a resident who had no last day on the roster
// leaves it today. A reactivated resident is back on the roster (the
// roster keeps one stint: their last day is cleared), signs in again and
// registers their phone anew. It returns ENOTFOUND when there is no such
// account.
func (s *Store) SetUserActive(ctx context.Context, userID string, active bool) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("set user active: %w", err)
	}
	defer tx.Rollback()
	now := formatTime(s.clock.Now())
	leftOn := `NULL`
	if !active {
		leftOn = `coalesce(left_on, ?)`
	}
	args := []any{active, now}
	if !active {
		args = append(args, mingbai.TownshipDay(s.clock.Now()))
	}
	res, err := tx.ExecContext(ctx, `UPDATE users SET active = ?, updated_at = ?, left_on = CASE role WHEN 'resident' THEN `+
		leftOn+` END WHERE id = ?`, append(args, userID)...)
	if err != nil {
		return fmt.Errorf("set user active: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.user_not_found", "user %s", userID)
	}
	// Someone must be able to run the office: its last active account
	// stays, checked in the same transaction as the change.
	var lastOffice bool
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT role FROM users WHERE id = ?) = 'office'
		AND NOT EXISTS (SELECT 1 FROM users WHERE role = 'office' AND active = 1)`, userID).Scan(&lastOffice); err != nil {
		return fmt.Errorf("set user active: %w", err)
	}
	if lastOffice {
		return mingbai.Errorf(mingbai.ECONFLICT, "error.last_office", "deactivating the last office account")
	}
	if !active {
		if err := endSessions(ctx, tx, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE devices SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`,
			now, userID); err != nil {
			return fmt.Errorf("revoke devices of %s: %w", userID, err)
		}
	}
	return s.commitAccounts(tx)
}

// endSessions signs an account out everywhere.
func endSessions(ctx context.Context, tx *sql.Tx, userID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("end sessions of %s: %w", userID, err)
	}
	return nil
}
