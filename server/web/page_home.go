package web

import (
	"github.com/labstack/echo/v4"

	"mingbai/server/store"
)

// newestOnHome is how many leaflets the home page lists: enough to scroll
// on a phone, few enough to stay light on 2G.
const newestOnHome = 10

type homePage struct {
	page
	Topics []topicLink
	Cards  []card
}

type topicLink struct {
	Slug      string
	Name      string
	Published int
}

// homePage shows the topics and the newest leaflets.
func (s *server) homePage(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	rememberLang(c, l)
	if s.notModified(c) {
		return nil
	}
	return s.serveCached(c, "home/"+string(l), func() (*renderedPage, error) {
		ctx := c.Request().Context()
		ts, err := s.store.Topics(ctx)
		if err != nil {
			return nil, err
		}
		ms, _, err := s.store.PublishedMaterials(ctx, store.MaterialFilter{Limit: newestOnHome})
		if err != nil {
			return nil, err
		}
		p := homePage{page: s.newPage(l, "/", "home.title"), Cards: makeCards(ms, l, topicNames(ts, l))}
		for _, t := range ts {
			if t.Published > 0 {
				p.Topics = append(p.Topics, topicLink{Slug: t.Slug, Name: t.Name(l), Published: t.Published})
			}
		}
		return s.html("home", p)
	})
}
