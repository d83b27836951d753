package store

import (
	"context"
	"fmt"

	"mingbai/server/mingbai"
)

// OfficeAccounts lists the office's accounts, active ones first, by name.
func (s *Store) OfficeAccounts(ctx context.Context) ([]mingbai.User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, username, display_name, must_change_password, active, created_at
		FROM users WHERE role = 'office' ORDER BY active DESC, username`)
	if err != nil {
		return nil, fmt.Errorf("office accounts: %w", err)
	}
	defer rows.Close()
	var out []mingbai.User
	for rows.Next() {
		u := mingbai.User{Role: mingbai.Office}
		var created string
		if err := rows.Scan(&u.ID, &u.Username, &u.DisplayName, &u.MustChangePassword, &u.Active, &created); err != nil {
			return nil, fmt.Errorf("office accounts: %w", err)
		}
		if u.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
