package web

import (
	"fmt"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// materialJSON is a material in the read API. Lists carry titles and
// summaries; a single material carries bodies as well.
type materialJSON struct {
	Slug         string                           `json:"slug"`
	Topic        string                           `json:"topic"`
	Audiences    []mingbai.Audience               `json:"audiences"`
	Languages    []mingbai.Lang                   `json:"languages"`
	Sample       bool                             `json:"sample"`
	Version      int                              `json:"version"`
	PublishedAt  time.Time                        `json:"published_at"`
	UpdatedAt    time.Time                        `json:"updated_at"`
	Translations map[mingbai.Lang]translationJSON `json:"translations"`
}

type translationJSON struct {
	Title        string      `json:"title"`
	Summary      string      `json:"summary"`
	Draft        bool        `json:"draft"`
	UpdatedAt    time.Time   `json:"updated_at"`
	BodyMarkdown *string     `json:"body_markdown,omitempty"`
	BodyHTML     *string     `json:"body_html,omitempty"`
	Media        []mediaJSON `json:"media"`
}

// mediaJSON is a file shown with a translation; a phone keeping the
// library offline fetches the URL.
type mediaJSON struct {
	Kind mingbai.MediaKind `json:"kind"`
	URL  string            `json:"url"`
	Type string            `json:"type"`
	Size int64             `json:"size"`
}

type materialListJSON struct {
	Items   []materialJSON `json:"items"`
	Page    int            `json:"page"`
	PerPage int            `json:"per_page"`
	Total   int            `json:"total"`
}

func toJSON(m *mingbai.Material, withBody bool) materialJSON {
	out := materialJSON{
		Slug: m.Slug, Topic: m.Topic, Audiences: m.Audiences, Languages: m.Langs(), Sample: m.Sample,
		Version: m.Version, PublishedAt: m.PublishedAt, UpdatedAt: m.UpdatedAt,
		Translations: map[mingbai.Lang]translationJSON{},
	}
	if out.Audiences == nil {
		out.Audiences = []mingbai.Audience{}
	}
	if out.Languages == nil {
		out.Languages = []mingbai.Lang{}
	}
	for l, t := range m.Translations {
		tj := translationJSON{Title: t.Title, Summary: t.Summary, Draft: t.Draft, UpdatedAt: t.UpdatedAt,
			Media: []mediaJSON{}}
		for _, a := range t.Media {
			tj.Media = append(tj.Media, mediaJSON{Kind: a.Media.Type.Kind, URL: a.URL(), Type: a.Media.Type.MIME, Size: a.Media.Size})
		}
		if withBody {
			md, html := t.BodyMD, t.BodyHTML
			tj.BodyMarkdown, tj.BodyHTML = &md, &html
		}
		out.Translations[l] = tj
	}
	return out
}

// maxPerPage caps a page of the list; a phone keeping the whole library
// pages through it.
const maxPerPage = 100

// apiMaterialsList lists published materials, filtered by topic, audience
// and language, paged. Unknown filters are errors, not empty lists, so a
// client's typo is seen.
func (s *server) apiMaterialsList(c echo.Context) error {
	f := store.MaterialFilter{Limit: perPage}
	pageNum, err := parsePage(c.QueryParam("page"))
	if err != nil {
		return err
	}
	if v := c.QueryParam("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPerPage {
			return mingbai.Errorf(mingbai.EINVALID, "error.per_page", "per_page %q", v)
		}
		f.Limit = n
	}
	f.Offset = (pageNum - 1) * f.Limit
	ctx := c.Request().Context()
	if v := c.QueryParam("topic"); v != "" {
		if _, err := s.store.Topic(ctx, v); err != nil {
			return err
		}
		f.Topic = v
	}
	if v := c.QueryParam("audience"); v != "" {
		if f.Audience, err = mingbai.ParseAudience(v); err != nil {
			return err
		}
	}
	if v := c.QueryParam("lang"); v != "" {
		if f.Lang, err = mingbai.ParseLang(v); err != nil {
			return err
		}
	}
	if s.notModified(c) {
		return nil
	}
	key := fmt.Sprintf("api/list/%s/%s/%s/%d/%d", f.Topic, f.Audience, f.Lang, f.Limit, f.Offset)
	return s.serveCached(c, key, func() (*renderedPage, error) {
		ms, total, err := s.store.PublishedMaterials(ctx, f)
		if err != nil {
			return nil, err
		}
		out := materialListJSON{Items: make([]materialJSON, 0, len(ms)), Page: pageNum, PerPage: f.Limit, Total: total}
		for _, m := range ms {
			out.Items = append(out.Items, toJSON(m, false))
		}
		return jsonBody(out)
	})
}

// apiMaterialGet returns one published material with its bodies.
func (s *server) apiMaterialGet(c echo.Context) error {
	slug := c.Param("slug")
	if !mingbai.ValidSlug(slug) {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.material_not_found", "slug %q", slug)
	}
	if s.notModified(c) {
		return nil
	}
	return s.serveCached(c, "api/m/"+slug, func() (*renderedPage, error) {
		m, err := s.store.PublishedMaterial(c.Request().Context(), slug)
		if err != nil {
			return nil, err
		}
		return jsonBody(toJSON(m, true))
	})
}
