package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// newestOnHome is how many leaflets the home page lists: enough to scroll
// on a phone, few enough to stay light on 2G.
const newestOnHome = 10

type homePage struct {
	page
	Topics []topicLink
	Cards  []card
	// AskTopics are every topic, for the form that asks the office to
	// explain one (a topic without leaflets yet may be the one wanted);
	// Asked thanks the reader who just sent it.
	AskTopics []topicLink
	Asked     bool
	NoteMax   int
}

type topicLink struct {
	Slug      string
	Name      string
	Published int
}

// homePage shows the topics, the newest leaflets and the form to ask for
// a topic. After a request (?asked=1) it thanks the reader, on a copy
// built for them alone and never cached.
func (s *server) homePage(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	rememberLang(c, l)
	if c.QueryParam("asked") != "" {
		p, err := s.buildHome(c.Request().Context(), l)
		if err != nil {
			return err
		}
		p.Asked = true
		c.Response().Header().Set("Cache-Control", "no-store")
		return s.render(c, http.StatusOK, "home", p)
	}
	if s.notModified(c) {
		return nil
	}
	return s.serveCached(c, "home/"+string(l), func() (*renderedPage, error) {
		p, err := s.buildHome(c.Request().Context(), l)
		if err != nil {
			return nil, err
		}
		return s.html("home", p)
	})
}

func (s *server) buildHome(ctx context.Context, l mingbai.Lang) (*homePage, error) {
	ts, err := s.store.Topics(ctx)
	if err != nil {
		return nil, err
	}
	ms, _, err := s.store.PublishedMaterials(ctx, store.MaterialFilter{Limit: newestOnHome})
	if err != nil {
		return nil, err
	}
	p := &homePage{page: s.newPage(l, "/", "home.title"), Cards: makeCards(ms, l, topicNames(ts, l)),
		NoteMax: mingbai.MaxRequestNoteRunes}
	p.Description = p.T("home.description")
	for _, t := range ts {
		link := topicLink{Slug: t.Slug, Name: t.Name(l), Published: t.Published}
		if t.Published > 0 {
			p.Topics = append(p.Topics, link)
		}
		p.AskTopics = append(p.AskTopics, link)
	}
	return p, nil
}
