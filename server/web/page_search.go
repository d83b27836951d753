package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/search"
)

type searchPage struct {
	page
	Error string
	Hits  []searchHit
}

type searchHit struct {
	Slug       string
	Title      string
	TitleLang  mingbai.Lang
	Lang       mingbai.Lang // the language the snippet is in
	Snippet    search.Snippet
	HasSnippet bool
}

// searchPage searches published leaflets in both languages. A malformed or
// over-long query is answered 400 with the form and a message, never a 500.
func (s *server) searchPage(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	p := searchPage{page: s.newPage(l, langFreePath(c), "search.title")}
	raw := c.QueryParam("q")
	q, err := search.ParseQuery(raw)
	if err != nil {
		if mingbai.ErrorCode(err) != mingbai.EINVALID {
			return err
		}
		p.Error = s.errorText(l, err)
		return s.render(c, http.StatusBadRequest, "search", p)
	}
	p.Query = q.Text
	hits, err := s.store.Search(c.Request().Context(), q, l)
	if err != nil {
		return err
	}
	for _, h := range hits {
		tr, _ := h.Material.In(l)
		p.Hits = append(p.Hits, searchHit{
			Slug: h.Material.Slug, Title: tr.Title, TitleLang: tr.Lang,
			Lang: h.Lang, Snippet: h.Snippet, HasSnippet: h.HasSnippet,
		})
	}
	return s.render(c, http.StatusOK, "search", p)
}
