package store

import (
	"context"
	"fmt"

	"mingbai/server/mingbai"
)

// Campaigns lists every campaign, those on the list first, by name.
func (s *Store) Campaigns(ctx context.Context) ([]mingbai.Campaign, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT slug, name_zh, name_bo, active FROM campaigns ORDER BY active DESC, name_zh`)
	if err != nil {
		return nil, fmt.Errorf("campaigns: %w", err)
	}
	defer rows.Close()
	var out []mingbai.Campaign
	for rows.Next() {
		var c mingbai.Campaign
		if err := rows.Scan(&c.Slug, &c.NameZH, &c.NameBO, &c.Active); err != nil {
			return nil, fmt.Errorf("campaigns: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SaveCampaign adds a campaign to the list, or renames it and sets whether
// it is on the list, with the audit line e in the same transaction. It
// returns EINVALID for a campaign that does not validate.
func (s *Store) SaveCampaign(ctx context.Context, e AuditEntry, c mingbai.Campaign) error {
	if err := c.Validate(); err != nil {
		return err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("save campaign %s: %w", c.Slug, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO campaigns (slug, name_zh, name_bo, active, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (slug) DO UPDATE SET name_zh = excluded.name_zh, name_bo = excluded.name_bo, active = excluded.active`,
		c.Slug, c.NameZH, c.NameBO, c.Active, formatTime(s.clock.Now())); err != nil {
		return fmt.Errorf("save campaign %s: %w", c.Slug, err)
	}
	if err := s.auditTx(ctx, tx, e); err != nil {
		return err
	}
	return s.commit(tx, 0)
}
