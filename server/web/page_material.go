package web

import (
	"context"
	"html/template"
	"net/http"

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
	// Thanks is set on the copy a reader sees after marking the leaflet as
	// helpful: it thanks them instead of offering the button.
	Thanks bool
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
// in Tibetan and Chinese side by side. Each page served (200 or 304)
// counts one open; an address printed for a village (?v=) counts a scan
// and redirects here.
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
	if code := c.QueryParam("v"); code != "" {
		return s.villageScan(c, l, slug, view, code)
	}
	rememberLang(c, l)
	path := "/m/" + slug
	if view != "" {
		path += "?view=" + view
	}
	if c.QueryParam("thanks") != "" {
		return s.materialThanks(c, l, slug, path, view == "both")
	}
	if s.notModified(c) {
		s.countOpen(c, slug, l)
		return nil
	}
	err = s.serveCached(c, "m/"+string(l)+path, func() (*renderedPage, error) {
		p, err := s.buildMaterialPage(c.Request().Context(), l, slug, path, view == "both")
		if err != nil {
			return nil, err
		}
		return s.html("material", p)
	})
	if err == nil {
		s.countOpen(c, slug, l)
	}
	return err
}

// materialThanks is the leaflet with a thank-you for marking it helpful.
// The line is this reader's alone, so the copy is built afresh, neither
// cached here nor stored by the browser, and counts no open: the reader
// opened the leaflet before pressing the button.
func (s *server) materialThanks(c echo.Context, l mingbai.Lang, slug, path string, both bool) error {
	p, err := s.buildMaterialPage(c.Request().Context(), l, slug, path, both)
	if err != nil {
		return err
	}
	p.Thanks = true
	c.Response().Header().Set("Cache-Control", "no-store")
	return s.render(c, http.StatusOK, "material", p)
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
	p.Description = tr.Summary
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
