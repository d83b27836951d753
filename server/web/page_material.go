package web

import (
	"context"
	"html/template"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

type materialPage struct {
	page
	Material  *mingbai.Material
	Title     string
	TopicName string
	// Both is the side-by-side view; CanBoth says the leaflet has both
	// languages, so the view is worth offering.
	Both, CanBoth bool
	Shown         []shownText
	// Fallback is set when the reader's language is missing: Missing is
	// that language, FallbackLang the one shown instead.
	Fallback     bool
	Missing      mingbai.Lang
	FallbackLang mingbai.Lang
	OtherLangs   []mingbai.Lang // content languages to switch the page to
}

// shownText is one column of the leaflet.
type shownText struct {
	Lang    mingbai.Lang
	Title   string
	Summary string
	Body    template.HTML
	Draft   bool
	Audio   *mingbai.Attachment
	PDF     *mingbai.Attachment
	Images  []mingbai.Attachment
}

func showText(t *mingbai.Translation) shownText {
	// BodyHTML was rendered from Markdown with raw HTML off and sanitized
	// when it was saved (server/markdown); it is safe to emit as is.
	st := shownText{Lang: t.Lang, Title: t.Title, Summary: t.Summary,
		Body: template.HTML(t.BodyHTML), Draft: t.Draft, Images: t.Images()}
	if a, ok := t.Audio(); ok {
		st.Audio = &a
	}
	if a, ok := t.PDF(); ok {
		st.PDF = &a
	}
	return st
}

// materialPage shows a leaflet in the path's language, or with ?view=both
// in Tibetan and Chinese side by side.
func (s *server) materialPage(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	view := c.QueryParam("view")
	if view != "" && view != "both" {
		return mingbai.Errorf(mingbai.EINVALID, "error.view_unknown", "view %q", view)
	}
	slug := c.Param("slug")
	if !mingbai.ValidSlug(slug) {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.material_not_found", "slug %q", slug)
	}
	rememberLang(c, l)
	if s.notModified(c) {
		return nil
	}
	path := "/m/" + slug
	if view != "" {
		path += "?view=" + view
	}
	return s.serveCached(c, "m/"+string(l)+path, func() (*renderedPage, error) {
		p, err := s.buildMaterialPage(c.Request().Context(), l, slug, path, view == "both")
		if err != nil {
			return nil, err
		}
		return s.html("material", p)
	})
}

func (s *server) buildMaterialPage(ctx context.Context, l mingbai.Lang, slug, path string, both bool) (*materialPage, error) {
	m, err := s.store.PublishedMaterial(ctx, slug)
	if err != nil {
		return nil, err
	}
	t, err := s.store.Topic(ctx, m.Topic)
	if err != nil {
		return nil, err
	}
	tr, fallback := m.In(l)
	p := &materialPage{
		page: s.newPage(l, path, ""), Material: m, Title: tr.Title, TopicName: t.Name(l),
		CanBoth: len(m.Langs()) > 1,
	}
	p.Both = both && p.CanBoth
	if p.Both {
		for _, cl := range m.Langs() {
			p.Shown = append(p.Shown, showText(m.Translations[cl]))
		}
	} else {
		p.Shown = []shownText{showText(tr)}
		p.Fallback, p.Missing, p.FallbackLang = fallback, l, tr.Lang
	}
	for _, cl := range m.Langs() {
		if cl != l && !p.Both {
			p.OtherLangs = append(p.OtherLangs, cl)
		}
	}
	return p, nil
}
