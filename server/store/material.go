package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// CreateMaterial stores a new material with its translations, indexes them
// for search and starts its history with actorID ("" for none) as author.
// It fills in ID, Version, Seq and the times. It returns EINVALID for a
// material that fails validation and ECONFLICT when the slug is taken.
func (s *Store) CreateMaterial(ctx context.Context, actorID string, m *mingbai.Material) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("create material: %w", err)
	}
	defer tx.Rollback()
	seq, err := s.insertMaterial(ctx, tx, actorID, m)
	if err != nil {
		return fmt.Errorf("create material: %w", err)
	}
	if m.Status == mingbai.Published {
		if err := markShown(ctx, tx, seq); err != nil {
			return err
		}
		return s.commitShown(tx, seq)
	}
	return s.commit(tx, seq)
}

func (s *Store) insertMaterial(ctx context.Context, tx *sql.Tx, actorID string, m *mingbai.Material) (int64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	var taken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM materials WHERE slug = ?`, m.Slug).Scan(&taken); err != nil {
		return 0, fmt.Errorf("check slug %s: %w", m.Slug, err)
	}
	if taken > 0 {
		return 0, mingbai.Errorf(mingbai.ECONFLICT, "error.slug_taken", "slug %q is taken", m.Slug)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return 0, fmt.Errorf("new material id: %w", err)
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return 0, err
	}
	now := s.clock.Now()
	m.ID, m.Version, m.Seq, m.CreatedAt, m.UpdatedAt = id.String(), 1, seq, now, now
	if m.Status == mingbai.Published && m.PublishedAt.IsZero() {
		m.PublishedAt = now
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO materials
		(id, slug, topic, status, sample, version, seq, created_at, updated_at, published_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.Slug, m.Topic, string(m.Status), m.Sample, m.Version, m.Seq,
		formatTime(m.CreatedAt), formatTime(m.UpdatedAt), nullTime(m.PublishedAt))
	if err != nil {
		return 0, fmt.Errorf("insert material %s: %w", m.Slug, mapForeignKey(err, m.Topic))
	}
	for _, a := range m.Audiences {
		if _, err := mingbai.ParseAudience(string(a)); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO material_audiences (material_id, audience) VALUES (?, ?)`,
			m.ID, string(a)); err != nil {
			return 0, fmt.Errorf("insert audience %s: %w", a, err)
		}
	}
	for _, t := range m.Translations {
		t.Version, t.UpdatedAt = m.Version, now
		if err := insertTranslation(ctx, tx, m.ID, t); err != nil {
			return 0, err
		}
	}
	if err := insertVersion(ctx, tx, m, actorID, []string{"created"}); err != nil {
		return 0, err
	}
	return seq, nil
}

func insertTranslation(ctx context.Context, tx *sql.Tx, materialID string, t *mingbai.Translation) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO translations
		(material_id, lang, title, summary, body_md, body_html, body_text, draft, version, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		materialID, string(t.Lang), t.Title, t.Summary, t.BodyMD, t.BodyHTML, t.BodyText, t.Draft,
		t.Version, formatTime(t.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert %s translation: %w", t.Lang, err)
	}
	rowid, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("insert %s translation: %w", t.Lang, err)
	}
	return indexTranslation(ctx, tx, rowid, t)
}

// mapForeignKey turns the one foreign key a material row has, its topic,
// into EINVALID; other errors pass through.
func mapForeignKey(err error, topic string) error {
	if strings.Contains(err.Error(), "FOREIGN KEY") {
		return mingbai.Errorf(mingbai.EINVALID, "error.topic_unknown", "topic %q", topic)
	}
	return err
}

// MaterialFilter selects materials for a list. Zero fields do not filter.
type MaterialFilter struct {
	Topic    string
	Audience mingbai.Audience
	Lang     mingbai.Lang // only materials that have this language
	Limit    int
	Offset   int
}

// PublishedMaterials lists published materials, newest first, with their
// translations' titles and summaries (not bodies), and the total that match
// the filter before paging.
func (s *Store) PublishedMaterials(ctx context.Context, f MaterialFilter) ([]*mingbai.Material, int, error) {
	where := []string{"m.status = 'published'"}
	var args []any
	if f.Topic != "" {
		where = append(where, "m.topic = ?")
		args = append(args, f.Topic)
	}
	if f.Audience != "" {
		where = append(where, "EXISTS (SELECT 1 FROM material_audiences a WHERE a.material_id = m.id AND a.audience = ?)")
		args = append(args, string(f.Audience))
	}
	if f.Lang != "" {
		where = append(where, "EXISTS (SELECT 1 FROM translations t WHERE t.material_id = m.id AND t.lang = ?)")
		args = append(args, string(f.Lang))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM materials m WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count materials: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.r.QueryContext(ctx, materialColumns+` FROM materials m WHERE `+cond+
		` ORDER BY m.published_at DESC, m.id DESC LIMIT ? OFFSET ?`, append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list materials: %w", err)
	}
	ms, err := scanMaterials(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("list materials: %w", err)
	}
	if err := s.fillMaterials(ctx, ms, false); err != nil {
		return nil, 0, fmt.Errorf("list materials: %w", err)
	}
	return ms, total, nil
}

// PublishedMaterial returns a published material by slug with its full
// translations, or ENOTFOUND (also for a draft or unpublished one, which
// readers must not learn exists).
func (s *Store) PublishedMaterial(ctx context.Context, slug string) (*mingbai.Material, error) {
	rows, err := s.r.QueryContext(ctx, materialColumns+` FROM materials m WHERE m.slug = ? AND m.status = 'published'`, slug)
	if err != nil {
		return nil, fmt.Errorf("get material %s: %w", slug, err)
	}
	ms, err := scanMaterials(rows)
	if err != nil {
		return nil, fmt.Errorf("get material %s: %w", slug, err)
	}
	if len(ms) == 0 {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.material_not_found", "material %q", slug)
	}
	if err := s.fillMaterials(ctx, ms, true); err != nil {
		return nil, fmt.Errorf("get material %s: %w", slug, err)
	}
	return ms[0], nil
}

// publishedBySlug loads the listed published materials (titles and
// summaries, no bodies), keyed by slug.
func (s *Store) publishedBySlug(ctx context.Context, slugs []string) (map[string]*mingbai.Material, error) {
	if len(slugs) == 0 {
		return nil, nil
	}
	args := make([]any, len(slugs))
	for i, sl := range slugs {
		args[i] = sl
	}
	rows, err := s.r.QueryContext(ctx, materialColumns+` FROM materials m WHERE m.status = 'published' AND m.slug IN `+
		placeholders(len(slugs)), args...)
	if err != nil {
		return nil, err
	}
	ms, err := scanMaterials(rows)
	if err != nil {
		return nil, err
	}
	if err := s.fillMaterials(ctx, ms, false); err != nil {
		return nil, err
	}
	out := make(map[string]*mingbai.Material, len(ms))
	for _, m := range ms {
		out[m.Slug] = m
	}
	return out, nil
}

// placeholders returns "(?,?,...)" with n marks.
func placeholders(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
}

const materialColumns = `SELECT m.id, m.slug, m.topic, m.status, m.sample, m.version, m.seq,
	m.created_at, m.updated_at, m.published_at`

func scanMaterials(rows *sql.Rows) ([]*mingbai.Material, error) {
	defer rows.Close()
	var out []*mingbai.Material
	for rows.Next() {
		m := &mingbai.Material{Translations: map[mingbai.Lang]*mingbai.Translation{}}
		var status, created, updated string
		var published sql.NullString
		if err := rows.Scan(&m.ID, &m.Slug, &m.Topic, &status, &m.Sample, &m.Version, &m.Seq,
			&created, &updated, &published); err != nil {
			return nil, err
		}
		m.Status = mingbai.Status(status)
		var err error
		if m.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		if m.UpdatedAt, err = parseTime(updated); err != nil {
			return nil, err
		}
		if m.PublishedAt, err = parseNullTime(published); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// querier is what both a pool and a transaction can read through, so the
// desk reads the same way inside a save as outside one.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// fillMaterials loads audiences, translations and their media for ms in
// three queries; withBody also loads the texts a leaflet page needs.
func (s *Store) fillMaterials(ctx context.Context, ms []*mingbai.Material, withBody bool) error {
	return fillMaterials(ctx, s.r, ms, withBody)
}

func fillMaterials(ctx context.Context, q querier, ms []*mingbai.Material, withBody bool) error {
	if len(ms) == 0 {
		return nil
	}
	byID := make(map[string]*mingbai.Material, len(ms))
	ids := make([]any, len(ms))
	for i, m := range ms {
		byID[m.ID] = m
		ids[i] = m.ID
	}
	in := placeholders(len(ms))
	rows, err := q.QueryContext(ctx, `SELECT material_id, audience FROM material_audiences
		WHERE material_id IN `+in+` ORDER BY audience`, ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, a string
		if err := rows.Scan(&id, &a); err != nil {
			rows.Close()
			return err
		}
		byID[id].Audiences = append(byID[id].Audiences, mingbai.Audience(a))
	}
	rows.Close()
	body := `'', '', ''`
	if withBody {
		body = `body_md, body_html, body_text`
	}
	rows, err = q.QueryContext(ctx, `SELECT material_id, lang, title, summary, `+body+`, draft, version, updated_at
		FROM translations WHERE material_id IN `+in, ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, lang, updated string
		t := &mingbai.Translation{}
		if err := rows.Scan(&id, &lang, &t.Title, &t.Summary, &t.BodyMD, &t.BodyHTML, &t.BodyText,
			&t.Draft, &t.Version, &updated); err != nil {
			rows.Close()
			return err
		}
		t.Lang = mingbai.Lang(lang)
		if t.UpdatedAt, err = parseTime(updated); err != nil {
			rows.Close()
			return err
		}
		byID[id].Translations[t.Lang] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return fillAttachments(ctx, q, byID, ids)
}
