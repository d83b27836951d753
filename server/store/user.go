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

// CreateVillage stores a village and fills in its ID.
func (s *Store) CreateVillage(ctx context.Context, v *mingbai.Village) error {
	if strings.TrimSpace(v.NameZH) == "" {
		return mingbai.Errorf(mingbai.EINVALID, "error.village_name_missing", "village without a name")
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("create village: %w", err)
	}
	v.ID, v.Active = id.String(), true
	_, err = s.w.ExecContext(ctx, `INSERT INTO villages (id, name_zh, name_bo, active, created_at) VALUES (?, ?, ?, 1, ?)`,
		v.ID, v.NameZH, v.NameBO, formatTime(s.clock.Now()))
	if err != nil {
		return fmt.Errorf("create village: %w", err)
	}
	return nil
}

// CreateUser stores an account with its password hash and fills in ID and
// CreatedAt. It returns EINVALID for a bad account or an unknown village
// and ECONFLICT when the username is taken.
func (s *Store) CreateUser(ctx context.Context, u *mingbai.User, passwordHash string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	now := s.clock.Now()
	u.ID, u.CreatedAt, u.Active = id.String(), now, true
	var village any
	if u.VillageID != "" {
		village = u.VillageID
	}
	_, err = s.w.ExecContext(ctx, `INSERT INTO users
		(id, username, display_name, role, village_id, password_hash, must_change_password, active, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		u.ID, u.Username, u.DisplayName, string(u.Role), village, passwordHash, u.MustChangePassword,
		formatTime(now), formatTime(now))
	switch {
	case err == nil:
		return nil
	case strings.Contains(err.Error(), "UNIQUE"):
		return mingbai.Errorf(mingbai.ECONFLICT, "error.username_taken", "username %q is taken", u.Username)
	case strings.Contains(err.Error(), "FOREIGN KEY"):
		return mingbai.Errorf(mingbai.EINVALID, "error.village_unknown", "village %q", u.VillageID)
	}
	return fmt.Errorf("create user %s: %w", u.Username, err)
}

const userColumns = `SELECT id, username, display_name, role, coalesce(village_id, ''), must_change_password, active, created_at`

func scanUser(row *sql.Row) (*mingbai.User, string, error) {
	u := &mingbai.User{}
	var role, created, hash string
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.VillageID, &u.MustChangePassword,
		&u.Active, &created, &hash)
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

// SetPassword replaces an account's password hash; mustChange makes the
// owner choose a new one at the next sign-in (after a reset).
func (s *Store) SetPassword(ctx context.Context, userID, passwordHash string, mustChange bool) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?`,
		passwordHash, mustChange, formatTime(s.clock.Now()), userID)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.user_not_found", "user %s", userID)
	}
	return nil
}

// VillageByName returns the ID of the village with this Chinese name,
// creating it when there is none.
func (s *Store) VillageByName(ctx context.Context, nameZH string) (string, error) {
	var id string
	err := s.r.QueryRowContext(ctx, `SELECT id FROM villages WHERE name_zh = ?`, nameZH).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("village by name: %w", err)
	}
	v := &mingbai.Village{NameZH: nameZH}
	if err := s.CreateVillage(ctx, v); err != nil {
		return "", err
	}
	return v.ID, nil
}

// SetUserActive activates or deactivates an account. A deactivated
// account's sessions stop working at once (SessionUser checks).
func (s *Store) SetUserActive(ctx context.Context, userID string, active bool) error {
	res, err := s.w.ExecContext(ctx, `UPDATE users SET active = ?, updated_at = ? WHERE id = ?`,
		active, formatTime(s.clock.Now()), userID)
	if err != nil {
		return fmt.Errorf("set user active: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.user_not_found", "user %s", userID)
	}
	return nil
}
