package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"mingbai/server/mingbai"
	"mingbai/server/search"
)

// AllMaterials lists every material whatever its status, most recently
// changed first, with titles and media but no bodies: the office's list.
func (s *Store) AllMaterials(ctx context.Context) ([]*mingbai.Material, error) {
	rows, err := s.r.QueryContext(ctx, materialColumns+` FROM materials m ORDER BY m.updated_at DESC, m.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("all materials: %w", err)
	}
	ms, err := scanMaterials(rows)
	if err != nil {
		return nil, fmt.Errorf("all materials: %w", err)
	}
	if err := s.fillMaterials(ctx, ms, false); err != nil {
		return nil, fmt.Errorf("all materials: %w", err)
	}
	return ms, nil
}

// MaterialByID returns a material whatever its status, with bodies and
// media, or ENOTFOUND.
func (s *Store) MaterialByID(ctx context.Context, id string) (*mingbai.Material, error) {
	m, err := loadMaterial(ctx, s.r, id)
	if err != nil {
		return nil, fmt.Errorf("material %s: %w", id, err)
	}
	return m, nil
}

func loadMaterial(ctx context.Context, q querier, id string) (*mingbai.Material, error) {
	rows, err := q.QueryContext(ctx, materialColumns+` FROM materials m WHERE m.id = ?`, id)
	if err != nil {
		return nil, err
	}
	ms, err := scanMaterials(rows)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.material_not_found", "material %q", id)
	}
	return ms[0], fillMaterials(ctx, q, ms, true)
}

// MaterialEdit is one save of the office's editor.
type MaterialEdit struct {
	// Material carries the ID, topic, audiences and texts (with rendered
	// HTML); its slug and status are ignored.
	Material *mingbai.Material
	// BaseVersion is the version the editor started from: when someone
	// saved in between, the save is refused rather than silently undo
	// their work.
	BaseVersion int
	// KeepOthersCurrent says the changed text does not need the other
	// languages to follow (a typo fixed), so they are not marked outdated.
	KeepOthersCurrent bool
}

// SaveMaterial stores the office's edit of a material's topic, audiences
// and texts as a new version by actorID, and returns what changed (nothing
// changed: no new version). The slug never changes: it is printed in QR
// codes on paper. A text that changed takes the new version number, so a
// counterpart left alone shows as outdated, unless the change only brought
// outdated texts up to date (or the editor said so): then every text is
// current.
//
// It returns ECONFLICT when the material changed since BaseVersion,
// EINVALID for an edit that fails validation and ENOTFOUND for an unknown
// material.
func (s *Store) SaveMaterial(ctx context.Context, actorID string, e MaterialEdit) ([]string, error) {
	edit := e.Material
	var changes []string
	err := s.changeMaterial(ctx, actorID, edit.ID, func(tx *sql.Tx, m *mingbai.Material) ([]string, error) {
		if m.Version-1 != e.BaseVersion {
			return nil, mingbai.Errorf(mingbai.ECONFLICT, "error.material_changed",
				"material %s is at version %d, edit started from %d", m.Slug, m.Version-1, e.BaseVersion)
		}
		edit.Slug, edit.Status = m.Slug, m.Status
		if err := edit.Validate(); err != nil {
			return nil, err
		}
		if edit.Topic != m.Topic {
			changes = append(changes, "topic")
			m.Topic = edit.Topic
		}
		if !slices.Equal(sortedAudiences(edit.Audiences), sortedAudiences(m.Audiences)) {
			changes = append(changes, "audiences")
			if err := replaceAudiences(ctx, tx, m.ID, edit.Audiences); err != nil {
				return nil, err
			}
		}
		catchUp := true // every changed text was outdated before
		for _, l := range mingbai.ContentLangs {
			wasOutdated := m.TranslationState(l) == mingbai.TranslationOutdated
			c, err := s.saveTranslation(ctx, tx, m, m.Translations[l], edit.Translations[l], l)
			if err != nil {
				return nil, err
			}
			if textChanged(c, l) && !wasOutdated {
				catchUp = false
			}
			changes = append(changes, c...)
		}
		if catchUp || e.KeepOthersCurrent {
			return changes, confirmUnchanged(ctx, tx, m, changes)
		}
		return changes, nil
	})
	return changes, err
}

// textChanged reports whether changes include a new text for l.
func textChanged(changes []string, l mingbai.Lang) bool {
	for _, part := range []string{"added", "title", "summary", "body"} {
		if slices.Contains(changes, string(l)+"."+part) {
			return true
		}
	}
	return false
}

// confirmUnchanged marks the texts that did not change in this version as
// current with it, when some text did.
func confirmUnchanged(ctx context.Context, tx *sql.Tx, m *mingbai.Material, changes []string) error {
	var changed []*mingbai.Translation
	for _, t := range m.Translations {
		if textChanged(changes, t.Lang) {
			changed = append(changed, t)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	for _, t := range m.Translations {
		if textChanged(changes, t.Lang) {
			continue
		}
		t.Version = m.Version
		if _, err := tx.ExecContext(ctx, `UPDATE translations SET version = ? WHERE material_id = ? AND lang = ?`,
			m.Version, m.ID, string(t.Lang)); err != nil {
			return fmt.Errorf("confirm %s current: %w", t.Lang, err)
		}
	}
	return nil
}

// saveTranslation brings the stored text of language l (old, maybe nil)
// to nw (maybe nil) and says what changed.
func (s *Store) saveTranslation(ctx context.Context, tx *sql.Tx, m *mingbai.Material, old, nw *mingbai.Translation, l mingbai.Lang) ([]string, error) {
	p := string(l) + "."
	switch {
	case old == nil && nw == nil:
		return nil, nil
	case old == nil:
		nw.Version, nw.UpdatedAt = m.Version, s.clock.Now()
		m.Translations[l] = nw
		return []string{p + "added"}, insertTranslation(ctx, tx, m.ID, nw)
	case nw == nil:
		delete(m.Translations, l)
		return []string{p + "removed"}, deleteTranslation(ctx, tx, m.ID, l)
	}
	var changes []string
	for _, f := range []struct {
		name     string
		old, new string
	}{{"title", old.Title, nw.Title}, {"summary", old.Summary, nw.Summary}, {"body", old.BodyMD, nw.BodyMD}} {
		if f.old != f.new {
			changes = append(changes, p+f.name)
		}
	}
	if old.Draft != nw.Draft {
		changes = append(changes, p+"review")
	}
	if len(changes) == 0 {
		return nil, nil
	}
	nw.Version, nw.UpdatedAt = old.Version, old.UpdatedAt
	if changes[0] != p+"review" {
		// The text changed, not just its review mark: it is now the newest.
		nw.Version, nw.UpdatedAt = m.Version, s.clock.Now()
	}
	m.Translations[l] = nw
	if err := deleteTranslation(ctx, tx, m.ID, l); err != nil {
		return nil, err
	}
	nw.Media = old.Media
	return changes, insertTranslation(ctx, tx, m.ID, nw)
}

// deleteTranslation removes a language's text and its search index row.
// Its attachments are removed only when the language itself goes.
func deleteTranslation(ctx context.Context, tx *sql.Tx, materialID string, l mingbai.Lang) error {
	var rowid int64
	if err := tx.QueryRowContext(ctx, `DELETE FROM translations WHERE material_id = ? AND lang = ? RETURNING id`,
		materialID, string(l)).Scan(&rowid); err != nil {
		return fmt.Errorf("delete %s translation: %w", l, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM translation_fts WHERE rowid = ?`, rowid); err != nil {
		return fmt.Errorf("unindex %s translation: %w", l, err)
	}
	return nil
}

func replaceAudiences(ctx context.Context, tx *sql.Tx, materialID string, as []mingbai.Audience) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM material_audiences WHERE material_id = ?`, materialID); err != nil {
		return fmt.Errorf("replace audiences: %w", err)
	}
	for _, a := range as {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO material_audiences (material_id, audience) VALUES (?, ?)`,
			materialID, string(a)); err != nil {
			return fmt.Errorf("insert audience %s: %w", a, err)
		}
	}
	return nil
}

func sortedAudiences(as []mingbai.Audience) []mingbai.Audience {
	out := slices.Clone(as)
	slices.Sort(out)
	return slices.Compact(out)
}

// SetMaterialStatus publishes, unpublishes or returns a material to draft,
// as a new version by actorID. Publishing takes effect on the public pages
// and the read API with the commit: their caches and ETags follow the
// store's generation. Setting the status it already has changes nothing.
// It returns EINVALID for an unknown status and ENOTFOUND for an unknown
// material.
func (s *Store) SetMaterialStatus(ctx context.Context, actorID, id string, st mingbai.Status) error {
	return s.changeMaterial(ctx, actorID, id, func(tx *sql.Tx, m *mingbai.Material) ([]string, error) {
		if m.Status == st {
			return nil, nil
		}
		m.Status = st
		if err := m.Validate(); err != nil {
			return nil, err
		}
		if st == mingbai.Published && m.PublishedAt.IsZero() {
			m.PublishedAt = s.clock.Now()
		}
		return []string{"status_" + string(st)}, nil
	})
}

// changeMaterial runs one change to a material in a transaction: it loads
// the material with its version already bumped, lets change edit it and
// the tables, and, if change reports anything, stores the material row,
// takes a change sequence number and records the version. A change that
// reports nothing rolls back and leaves no version behind.
func (s *Store) changeMaterial(ctx context.Context, actorID, id string,
	change func(tx *sql.Tx, m *mingbai.Material) ([]string, error)) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("change material %s: %w", id, err)
	}
	defer tx.Rollback()
	m, err := loadMaterial(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("change material %s: %w", id, err)
	}
	m.Version++
	wasShown := m.Status == mingbai.Published
	changes, err := change(tx, m)
	if err != nil {
		return fmt.Errorf("change material %s: %w", id, err)
	}
	if len(changes) == 0 {
		return nil
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	m.Seq, m.UpdatedAt = seq, s.clock.Now()
	if _, err := tx.ExecContext(ctx, `UPDATE materials SET topic = ?, status = ?, version = ?, seq = ?, updated_at = ?,
		published_at = ? WHERE id = ?`, m.Topic, string(m.Status), m.Version, m.Seq, formatTime(m.UpdatedAt),
		nullTime(m.PublishedAt), m.ID); err != nil {
		return fmt.Errorf("change material %s: %w", id, mapForeignKey(err, m.Topic))
	}
	if err := insertVersion(ctx, tx, m, actorID, changes); err != nil {
		return fmt.Errorf("change material %s: %w", id, err)
	}
	if err := s.auditOutcome(ctx, tx, true, strings.Join(changes, " ")); err != nil {
		return err
	}
	if wasShown || m.Status == mingbai.Published {
		if err := markShown(ctx, tx, seq); err != nil {
			return err
		}
		return s.commitShown(tx, seq)
	}
	return s.commit(tx, seq)
}

// indexTranslation (re)writes a translation's search index row.
func indexTranslation(ctx context.Context, tx *sql.Tx, rowid int64, t *mingbai.Translation) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO translation_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)`,
		rowid, search.IndexText(t.Title), search.IndexText(t.Summary), search.IndexText(t.BodyText))
	if err != nil {
		return fmt.Errorf("index %s translation: %w", t.Lang, err)
	}
	return nil
}
