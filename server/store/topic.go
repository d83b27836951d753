package store

import (
	"context"
	"database/sql"
	"fmt"

	"mingbai/server/mingbai"
)

// TopicCount is a topic with the number of published materials in it.
type TopicCount struct {
	mingbai.Topic
	Published int
}

// Topics lists every topic in display order with its published count.
func (s *Store) Topics(ctx context.Context) ([]TopicCount, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT t.slug, t.sort,
		       (SELECT count(*) FROM materials m WHERE m.topic = t.slug AND m.status = 'published')
		FROM topics t ORDER BY t.sort, t.slug`)
	if err != nil {
		return nil, fmt.Errorf("list topics: %w", err)
	}
	defer rows.Close()
	var out []TopicCount
	index := map[string]int{}
	for rows.Next() {
		var tc TopicCount
		if err := rows.Scan(&tc.Slug, &tc.Sort, &tc.Published); err != nil {
			return nil, fmt.Errorf("list topics: %w", err)
		}
		tc.Names = map[mingbai.Lang]string{}
		index[tc.Slug] = len(out)
		out = append(out, tc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list topics: %w", err)
	}
	names, err := s.r.QueryContext(ctx, `SELECT topic, lang, name FROM topic_names`)
	if err != nil {
		return nil, fmt.Errorf("list topic names: %w", err)
	}
	defer names.Close()
	for names.Next() {
		var slug, lang, name string
		if err := names.Scan(&slug, &lang, &name); err != nil {
			return nil, fmt.Errorf("list topic names: %w", err)
		}
		if i, ok := index[slug]; ok {
			out[i].Names[mingbai.Lang(lang)] = name
		}
	}
	return out, names.Err()
}

// Topic returns one topic, or ENOTFOUND.
func (s *Store) Topic(ctx context.Context, slug string) (TopicCount, error) {
	all, err := s.Topics(ctx)
	if err != nil {
		return TopicCount{}, err
	}
	for _, t := range all {
		if t.Slug == slug {
			return t, nil
		}
	}
	return TopicCount{}, mingbai.Errorf(mingbai.ENOTFOUND, "error.topic_not_found", "topic %q", slug)
}

// upsertTopic writes a topic and its names inside tx.
func upsertTopic(ctx context.Context, tx *sql.Tx, t mingbai.Topic) error {
	if !mingbai.ValidSlug(t.Slug) {
		return mingbai.Errorf(mingbai.EINVALID, "error.slug_invalid", "topic slug %q", t.Slug)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO topics (slug, sort) VALUES (?, ?)
		ON CONFLICT (slug) DO UPDATE SET sort = excluded.sort`, t.Slug, t.Sort); err != nil {
		return fmt.Errorf("upsert topic %s: %w", t.Slug, err)
	}
	for l, name := range t.Names {
		if _, err := tx.ExecContext(ctx, `INSERT INTO topic_names (topic, lang, name) VALUES (?, ?, ?)
			ON CONFLICT (topic, lang) DO UPDATE SET name = excluded.name`, t.Slug, string(l), name); err != nil {
			return fmt.Errorf("upsert topic %s name: %w", t.Slug, err)
		}
	}
	return nil
}
