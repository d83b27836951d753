package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// VillageRow is a village as the office's list shows it, with how many
// residents it has: a deactivated village keeps its residents, and the
// office must see them to move or deactivate them.
type VillageRow struct {
	mingbai.Village
	Residents       int
	ActiveResidents int
}

// CreateVillage stores a village and fills in its ID. It returns EINVALID
// for a bad name and ECONFLICT when another village has the same Chinese
// name (the command line finds villages by it).
func (s *Store) CreateVillage(ctx context.Context, v *mingbai.Village) error {
	if err := v.Validate(); err != nil {
		return err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("create village: %w", err)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("create village: %w", err)
	}
	defer tx.Rollback()
	if err := villageNameFree(ctx, tx, v.NameZH, ""); err != nil {
		return err
	}
	code, err := freeVillageCode(ctx, tx)
	if err != nil {
		return fmt.Errorf("create village: %w", err)
	}
	if _, err = tx.ExecContext(ctx, `INSERT INTO villages (id, name_zh, name_bo, active, created_at, code) VALUES (?, ?, ?, 1, ?, ?)`,
		id.String(), v.NameZH, v.NameBO, formatTime(s.clock.Now()), code); err != nil {
		return fmt.Errorf("create village: %w", err)
	}
	if err := s.commit(tx, 0); err != nil {
		return fmt.Errorf("create village: %w", err)
	}
	v.ID, v.Active, v.Code = id.String(), true, code
	return nil
}

// freeVillageCode draws random village codes until one is unused. There
// are 31^6 codes for a township's few dozen villages, so the first draw
// almost always does; the writer's transaction keeps the check true until
// the insert.
func freeVillageCode(ctx context.Context, tx *sql.Tx) (string, error) {
	for {
		code := shortCode(mingbai.VillageCodeLen)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM villages WHERE code = ?`, code).Scan(&n); err != nil {
			return "", fmt.Errorf("village code: %w", err)
		}
		if n == 0 {
			return code, nil
		}
	}
}

// villageNameFree returns ECONFLICT when a village other than exceptID is
// called nameZH.
func villageNameFree(ctx context.Context, tx *sql.Tx, nameZH, exceptID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM villages WHERE name_zh = ? AND id <> ?`, nameZH, exceptID).Scan(&n); err != nil {
		return fmt.Errorf("village name free: %w", err)
	}
	if n > 0 {
		return mingbai.Errorf(mingbai.ECONFLICT, "error.village_taken", "village %q exists", nameZH)
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

// VillageByID returns a village, or ENOTFOUND.
func (s *Store) VillageByID(ctx context.Context, id string) (*mingbai.Village, error) {
	v := &mingbai.Village{}
	err := s.r.QueryRowContext(ctx, `SELECT id, name_zh, name_bo, active, code FROM villages WHERE id = ?`, id).
		Scan(&v.ID, &v.NameZH, &v.NameBO, &v.Active, &v.Code)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.village_unknown", "village %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("village %s: %w", id, err)
	}
	return v, nil
}

// VillageByCode returns the village whose QR codes carry code, or
// ENOTFOUND. Deactivated villages are found too: their printed handouts
// are still in people's hands.
func (s *Store) VillageByCode(ctx context.Context, code string) (*mingbai.Village, error) {
	var id string
	err := s.r.QueryRowContext(ctx, `SELECT id FROM villages WHERE code = ?`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.village_unknown", "village code %q", code)
	}
	if err != nil {
		return nil, fmt.Errorf("village by code: %w", err)
	}
	return s.VillageByID(ctx, id)
}

// Villages lists every village, active ones first, by Chinese name, with
// their residents counted.
func (s *Store) Villages(ctx context.Context) ([]VillageRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT v.id, v.name_zh, v.name_bo, v.active, v.code,
		count(u.id), count(CASE WHEN u.active = 1 THEN 1 END)
		FROM villages v LEFT JOIN users u ON u.village_id = v.id AND u.role = 'resident'
		GROUP BY v.id ORDER BY v.active DESC, v.name_zh`)
	if err != nil {
		return nil, fmt.Errorf("villages: %w", err)
	}
	defer rows.Close()
	var out []VillageRow
	for rows.Next() {
		var r VillageRow
		if err := rows.Scan(&r.ID, &r.NameZH, &r.NameBO, &r.Active, &r.Code, &r.Residents, &r.ActiveResidents); err != nil {
			return nil, fmt.Errorf("villages: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UpdateVillage renames a village. It returns EINVALID for a bad name,
// ECONFLICT when the Chinese name belongs to another village and
// ENOTFOUND when there is no such village.
func (s *Store) UpdateVillage(ctx context.Context, v *mingbai.Village) error {
	if err := v.Validate(); err != nil {
		return err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("update village: %w", err)
	}
	defer tx.Rollback()
	if err := villageNameFree(ctx, tx, v.NameZH, v.ID); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE villages SET name_zh = ?, name_bo = ? WHERE id = ?`, v.NameZH, v.NameBO, v.ID)
	if err != nil {
		return fmt.Errorf("update village: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.village_unknown", "village %s", v.ID)
	}
	return s.commit(tx, 0)
}

// SetVillageActive activates or deactivates a village. A deactivated
// village takes no new residents (CreateUser and UpdateUser refuse it);
// its residents stay as they are, listed for the office to move or
// deactivate, since a village merged into another keeps its people.
// It returns ENOTFOUND when there is no such village.
func (s *Store) SetVillageActive(ctx context.Context, id string, active bool) error {
	err := s.execWrite(ctx, mingbai.Errorf(mingbai.ENOTFOUND, "error.village_unknown", "village %s", id),
		`UPDATE villages SET active = ? WHERE id = ?`, active, id)
	if mingbai.ErrorCode(err) == mingbai.EINTERNAL {
		return fmt.Errorf("set village active: %w", err)
	}
	return err
}

// villageTakesResidents returns EINVALID unless the village exists and is
// active; it runs in the writer's transaction that adds or moves a
// resident, so a village deactivated a moment before is seen.
func villageTakesResidents(ctx context.Context, tx *sql.Tx, id string) error {
	var active bool
	err := tx.QueryRowContext(ctx, `SELECT active FROM villages WHERE id = ?`, id).Scan(&active)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return mingbai.Errorf(mingbai.EINVALID, "error.village_unknown", "village %q", id)
	case err != nil:
		return fmt.Errorf("village %s: %w", id, err)
	case !active:
		return mingbai.Errorf(mingbai.EINVALID, "error.village_inactive", "village %s is deactivated", id)
	}
	return nil
}
