package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"mingbai/server/mingbai"
)

// ResidentRow is a resident as the office's list shows them: with their
// village, and when one of their phones last reached the server.
type ResidentRow struct {
	mingbai.User
	Village  mingbai.Village
	LastSeen time.Time // zero when no device of theirs ever did
}

// Residents lists the residents, of one village when villageID is not
// empty, active ones first, by village and name.
func (s *Store) Residents(ctx context.Context, villageID string) ([]ResidentRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT u.id, u.username, u.display_name, u.role, u.village_id,
			u.must_change_password, u.active, u.created_at, coalesce(u.appointed_on, ''), coalesce(u.left_on, ''),
			v.id, v.name_zh, v.name_bo, v.active,
			(SELECT max(last_seen_at) FROM devices d WHERE d.user_id = u.id)
		FROM users u JOIN villages v ON v.id = u.village_id
		WHERE u.role = 'resident' AND (? = '' OR u.village_id = ?)
		ORDER BY u.active DESC, v.name_zh, u.display_name`, villageID, villageID)
	if err != nil {
		return nil, fmt.Errorf("residents: %w", err)
	}
	defer rows.Close()
	var out []ResidentRow
	for rows.Next() {
		var r ResidentRow
		var role, created string
		var seen sql.NullString
		if err := rows.Scan(&r.ID, &r.Username, &r.DisplayName, &role, &r.VillageID, &r.MustChangePassword,
			&r.Active, &created, &r.AppointedOn, &r.LeftOn, &r.Village.ID, &r.Village.NameZH, &r.Village.NameBO, &r.Village.Active, &seen); err != nil {
			return nil, fmt.Errorf("residents: %w", err)
		}
		r.Role = mingbai.Role(role)
		if r.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		if r.LastSeen, err = parseNullTime(seen); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UserByID returns an account, or ENOTFOUND.
func (s *Store) UserByID(ctx context.Context, id string) (*mingbai.User, error) {
	u, _, err := scanUser(s.r.QueryRowContext(ctx, userColumns+`, '' FROM users WHERE id = ?`, id))
	if err != nil && mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		err = fmt.Errorf("user %s: %w", id, err)
	}
	return u, err
}

// UpdateUser saves an account's display name, village and, for a
// resident, roster dates (EINVALID when they are not a window); the username,
// role and password change elsewhere or never. Moving a resident to
// another village needs that village active; keeping a resident in their
// own, even deactivated, village is allowed. It returns EINVALID for a bad
// name or village and ENOTFOUND when there is no such account.
func (s *Store) UpdateUser(ctx context.Context, u *mingbai.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if err := u.CheckRoster(s.clock.Now()); err != nil {
		return err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("update user: %w", err)
	}
	defer tx.Rollback()
	var current sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT village_id FROM users WHERE id = ? AND role = ?`, u.ID, string(u.Role)).Scan(&current)
	if errors.Is(err, sql.ErrNoRows) {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.user_not_found", "user %s", u.ID)
	}
	if err != nil {
		return fmt.Errorf("update user %s: %w", u.ID, err)
	}
	var village any
	if u.VillageID != "" {
		if u.VillageID != current.String {
			if err := villageTakesResidents(ctx, tx, u.VillageID); err != nil {
				return err
			}
		}
		village = u.VillageID
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET display_name = ?, village_id = ?, updated_at = ?,
		appointed_on = ?, left_on = ? WHERE id = ?`,
		u.DisplayName, village, formatTime(s.clock.Now()), nullString(u.AppointedOn), nullString(u.LeftOn), u.ID); err != nil {
		return fmt.Errorf("update user %s: %w", u.ID, err)
	}
	return s.commitAccounts(tx)
}

// ResetPassword gives an account a new one-time password (its hash): the
// owner must choose their own at the next sign-in, and every session of
// theirs ends now, so whoever knew the old password is out. Devices keep
// working: a phone holding unsynced records must not lose them because its
// owner forgot a password. It returns ENOTFOUND when there is no such
// account.
func (s *Store) ResetPassword(ctx context.Context, userID, passwordHash string) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change_password = 1, updated_at = ? WHERE id = ?`,
		passwordHash, formatTime(s.clock.Now()), userID)
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.user_not_found", "user %s", userID)
	}
	if err := endSessions(ctx, tx, userID); err != nil {
		return err
	}
	return s.commitAccounts(tx)
}
