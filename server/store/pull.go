package store

import (
	"context"
	"database/sql"
	"fmt"

	"mingbai/server/mingbai"
)

// Change is one thing a device pulls, at its change number: exactly one of
// the pointer fields is set, or Withdrawn names a material gone from the
// public library.
type Change struct {
	Seq       int64
	Material  *mingbai.Material
	Withdrawn string // slug of a material no longer published
	Record    *mingbai.Record
	Session   *mingbai.TrainingSession
}

// MaxPull is the most changes one pull returns.
const MaxPull = 500

// Pull returns what a resident's device may see that changed after cursor,
// oldest first, at most limit of them, and whether more are waiting. The
// scope (DESIGN §4): published materials for everyone, the resident's own
// records with their review states, the approved village rules of the
// resident's village, and training sessions to check in to. The next
// cursor is the last change's Seq; because changes take their numbers in
// the single writer's transaction, paging by "seq > cursor" skips none.
func (s *Store) Pull(ctx context.Context, u *mingbai.User, cursor int64, limit int) ([]Change, bool, error) {
	if limit <= 0 || limit > MaxPull {
		limit = MaxPull
	}
	// One branch per kind of thing, each walking its own index in seq
	// order, so the merge stops after a page instead of sorting everything
	// after the cursor. (The author's own rule revisions come through the
	// first records branch only.)
	// One snapshot for the change numbers and what they are about: a
	// review between the two would give a record a new number, and the
	// change would go out about nothing (an empty type).
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, false, fmt.Errorf("pull: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `
		SELECT 'm', id, seq FROM materials WHERE seq > ?1 AND published_at IS NOT NULL
		UNION ALL
		SELECT 'r', id, seq FROM records WHERE seq > ?1 AND author_id = ?2
		UNION ALL
		SELECT 'r', id, seq FROM records WHERE seq > ?1 AND village_id = ?3 AND author_id <> ?2
			AND kind = 'rule_revision' AND state IN ('approved', 'adopted')
		UNION ALL
		SELECT 't', id, seq FROM training_sessions WHERE seq > ?1
		ORDER BY 3 LIMIT ?4`, cursor, u.ID, u.VillageID, limit+1)
	if err != nil {
		return nil, false, fmt.Errorf("pull: %w", err)
	}
	var changes []Change
	var materialIDs, recordIDs, sessionIDs []any
	for rows.Next() {
		var what, id string
		var seq int64
		if err := rows.Scan(&what, &id, &seq); err != nil {
			rows.Close()
			return nil, false, fmt.Errorf("pull: %w", err)
		}
		changes = append(changes, Change{Seq: seq})
		switch what {
		case "m":
			materialIDs = append(materialIDs, id)
		case "r":
			recordIDs = append(recordIDs, id)
		case "t":
			sessionIDs = append(sessionIDs, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("pull: %w", err)
	}
	more := len(changes) > limit
	if more {
		changes = changes[:limit]
	}
	if s.betweenPullReads != nil {
		s.betweenPullReads()
	}
	if err := fillChanges(ctx, tx, changes, materialIDs, recordIDs, sessionIDs); err != nil {
		return nil, false, fmt.Errorf("pull: %w", err)
	}
	return changes, more, nil
}

// fillChanges loads what each change is about and sets it by change number.
func fillChanges(ctx context.Context, q querier, changes []Change, materialIDs, recordIDs, sessionIDs []any) error {
	bySeq := make(map[int64]*Change, len(changes))
	for i := range changes {
		bySeq[changes[i].Seq] = &changes[i]
	}
	if len(materialIDs) > 0 {
		rows, err := q.QueryContext(ctx, materialColumns+` FROM materials m WHERE m.id IN `+placeholders(len(materialIDs)), materialIDs...)
		if err != nil {
			return err
		}
		ms, err := scanMaterials(rows)
		if err != nil {
			return err
		}
		var published []*mingbai.Material
		for _, m := range ms {
			if c := bySeq[m.Seq]; c != nil && m.Status == mingbai.Published {
				c.Material = m
				published = append(published, m)
			} else if c != nil {
				c.Withdrawn = m.Slug
			}
		}
		if err := fillMaterials(ctx, q, published, true); err != nil {
			return err
		}
	}
	if len(recordIDs) > 0 {
		rs, err := recordsIn(ctx, q, `r.id IN `+placeholders(len(recordIDs)), recordIDs...)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if c := bySeq[r.Seq]; c != nil {
				c.Record = r
			}
		}
	}
	if len(sessionIDs) > 0 {
		ts, err := sessionsIn(ctx, q, `t.id IN `+placeholders(len(sessionIDs)), sessionIDs...)
		if err != nil {
			return err
		}
		for _, t := range ts {
			if c := bySeq[t.Seq]; c != nil {
				c.Session = t
			}
		}
	}
	return nil
}
