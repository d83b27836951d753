package store

import (
	"context"
	"fmt"

	"mingbai/server/mingbai"
)

// seededKey marks in meta that the sample content has been loaded, so a
// later start (or a sample the office deleted) does not bring it back.
const seededKey = "sample_content_loaded_at"

// LoadSample stores the sample topics and materials, all in one
// transaction, unless an earlier start already did. It reports whether it
// loaded anything. Materials must carry rendered HTML.
func (s *Store) LoadSample(ctx context.Context, topics []mingbai.Topic, materials []*mingbai.Material) (bool, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return false, fmt.Errorf("load sample: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM meta WHERE key = ?`, seededKey).Scan(&n); err != nil {
		return false, fmt.Errorf("load sample: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	for _, t := range topics {
		if err := upsertTopic(ctx, tx, t); err != nil {
			return false, fmt.Errorf("load sample: %w", err)
		}
	}
	var seq int64
	for _, m := range materials {
		if seq, err = s.insertMaterial(ctx, tx, "", m); err != nil {
			return false, fmt.Errorf("load sample: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`,
		seededKey, formatTime(s.clock.Now())); err != nil {
		return false, fmt.Errorf("load sample: mark loaded: %w", err)
	}
	if err := markShown(ctx, tx, seq); err != nil {
		return false, err
	}
	return true, s.commitShown(tx, seq)
}
