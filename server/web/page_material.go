package web

import (
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
}

// shownText is one column of the leaflet.
type shownText struct {
	Lang    mingbai.Lang
	Title   string
	Summary string
	Body    template.HTML
	Draft   bool
}

func showText(t *mingbai.Translation) shownText {
	// BodyHTML was rendered from Markdown with raw HTML off and sanitized
	// when it was saved (server/markdown); it is safe to emit as is.
	return shownText{Lang: t.Lang, Title: t.Title, Summary: t.Summary,
		Body: template.HTML(t.BodyHTML), Draft: t.Draft}
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
	ctx := c.Request().Context()
	m, err := s.store.PublishedMaterial(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	rememberLang(c, l)
	if s.notModified(c) {
		return nil
	}
	t, err := s.store.Topic(ctx, m.Topic)
	if err != nil {
		return err
	}
	tr, fallback := m.In(l)
	p := materialPage{
		page: s.newPage(c, l, ""), Material: m, Title: tr.Title, TopicName: t.Name(l),
		CanBoth: len(m.Langs()) > 1,
	}
	p.Both = view == "both" && p.CanBoth
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
	return s.render(c, http.StatusOK, "material", p)
}
