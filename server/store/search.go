package store

import (
	"context"
	"fmt"

	"mingbai/server/mingbai"
	"mingbai/server/search"
)

// SearchHit is a published material that matched a query, with the
// language whose text matched and an excerpt around the match.
type SearchHit struct {
	Material *mingbai.Material
	Lang     mingbai.Lang
	Snippet  search.Snippet
	// HasSnippet is false when the match was in the title only.
	HasSnippet bool
}

// maxHits caps a result page; a leaflet library is small and a reader on a
// phone reads the first few.
const maxHits = 30

// Search finds published materials whose translations contain every term of
// q, best first (title matches weigh most). When both languages of one
// material match, the hit uses the reader's language.
func (s *Store) Search(ctx context.Context, q search.Query, reader mingbai.Lang) ([]SearchHit, error) {
	if len(q.Terms) == 0 {
		return nil, nil
	}
	rows, err := s.r.QueryContext(ctx, `
		SELECT m.slug, t.lang, t.summary, t.body_text
		FROM translation_fts f
		JOIN translations t ON t.id = f.rowid
		JOIN materials m ON m.id = t.material_id
		WHERE translation_fts MATCH ? AND m.status = 'published'
		ORDER BY bm25(translation_fts, 8.0, 3.0, 1.0)
		LIMIT ?`, q.MatchExpr(), maxHits*2)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	defer rows.Close()
	var hits []SearchHit
	index := map[string]int{}
	for rows.Next() {
		var slug, lang, summary, body string
		if err := rows.Scan(&slug, &lang, &summary, &body); err != nil {
			return nil, fmt.Errorf("search %q: %w", q.Text, err)
		}
		h := SearchHit{Lang: mingbai.Lang(lang)}
		h.Snippet, h.HasSnippet = search.MakeSnippet(summary, q)
		if !h.HasSnippet {
			h.Snippet, h.HasSnippet = search.MakeSnippet(body, q)
		}
		if i, seen := index[slug]; seen {
			if h.Lang == reader && hits[i].Lang != reader {
				h.Material = hits[i].Material
				hits[i] = h
			}
			continue
		}
		if len(hits) == maxHits {
			continue
		}
		index[slug] = len(hits)
		h.Material = &mingbai.Material{Slug: slug}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	rows.Close()
	slugs := make([]string, len(hits))
	for i, h := range hits {
		slugs[i] = h.Material.Slug
	}
	ms, err := s.publishedBySlug(ctx, slugs)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	for i := range hits {
		hits[i].Material = ms[hits[i].Material.Slug]
	}
	return hits, nil
}
