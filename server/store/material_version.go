package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"mingbai/server/mingbai"
)

// insertVersion records version m.Version of m: who, when, what changed,
// and the text of every language that changed in it.
func insertVersion(ctx context.Context, tx *sql.Tx, m *mingbai.Material, actorID string, changes []string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO material_versions (material_id, version, at, actor_id, changes)
		VALUES (?, ?, ?, ?, ?)`, m.ID, m.Version, formatTime(m.UpdatedAt), nullString(actorID),
		strings.Join(changes, " ")); err != nil {
		return fmt.Errorf("record version %d: %w", m.Version, err)
	}
	for _, t := range m.Translations {
		if !textChanged(changes, t.Lang) && changes[0] != "created" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO translation_versions
			(material_id, version, lang, title, summary, body_md, draft) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.Version, string(t.Lang), t.Title, t.Summary, t.BodyMD, t.Draft); err != nil {
			return fmt.Errorf("record version %d %s text: %w", m.Version, t.Lang, err)
		}
	}
	return nil
}

// MaterialHistory lists a material's versions, newest first, each with
// who made it (a display name; empty for content loaded at first start),
// what changed, and the texts saved in it.
func (s *Store) MaterialHistory(ctx context.Context, id string) ([]mingbai.MaterialVersion, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT v.version, v.at, coalesce(u.display_name, ''), v.changes
		FROM material_versions v LEFT JOIN users u ON u.id = v.actor_id
		WHERE v.material_id = ? ORDER BY v.version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", id, err)
	}
	var out []mingbai.MaterialVersion
	index := map[int]int{}
	for rows.Next() {
		var v mingbai.MaterialVersion
		var at, changes string
		if err := rows.Scan(&v.Version, &at, &v.Actor, &changes); err != nil {
			rows.Close()
			return nil, fmt.Errorf("history of %s: %w", id, err)
		}
		if v.At, err = parseTime(at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("history of %s: %w", id, err)
		}
		v.Changes = strings.Fields(changes)
		v.Texts = map[mingbai.Lang]*mingbai.Translation{}
		index[v.Version] = len(out)
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history of %s: %w", id, err)
	}
	texts, err := s.r.QueryContext(ctx, `SELECT version, lang, title, summary, body_md, draft
		FROM translation_versions WHERE material_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", id, err)
	}
	defer texts.Close()
	for texts.Next() {
		var version int
		var lang string
		t := &mingbai.Translation{}
		if err := texts.Scan(&version, &lang, &t.Title, &t.Summary, &t.BodyMD, &t.Draft); err != nil {
			return nil, fmt.Errorf("history of %s: %w", id, err)
		}
		t.Lang, t.Version = mingbai.Lang(lang), version
		if i, ok := index[version]; ok {
			out[i].Texts[t.Lang] = t
		}
	}
	return out, texts.Err()
}
