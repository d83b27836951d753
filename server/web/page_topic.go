package web

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// perPage is the length of a topic page and the API's default page.
const perPage = 20

// maxPage bounds page numbers: past it a request is a crawler's loop.
const maxPage = 1000

type topicPage struct {
	page
	TopicName          string
	Total              int
	Cards              []card
	PrevPage, NextPage int
}

// topicPage lists a topic's leaflets, paged.
func (s *server) topicPage(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	pageNum, err := parsePage(c.QueryParam("page"))
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	t, err := s.store.Topic(ctx, c.Param("topic"))
	if err != nil {
		return err
	}
	rememberLang(c, l)
	if s.notModified(c) {
		return nil
	}
	path := "/t/" + t.Slug
	if pageNum > 1 {
		path += "?page=" + strconv.Itoa(pageNum)
	}
	return s.serveCached(c, "topic/"+string(l)+path, func() (*renderedPage, error) {
		ms, total, err := s.store.PublishedMaterials(ctx, store.MaterialFilter{
			Topic: t.Slug, Limit: perPage, Offset: (pageNum - 1) * perPage})
		if err != nil {
			return nil, err
		}
		p := topicPage{page: s.newPage(l, path, ""), TopicName: t.Name(l), Total: total,
			Cards: makeCards(ms, l, nil)}
		p.Description = p.T("topic.description", "Topic", p.TopicName, "Count", total)
		if pageNum > 1 {
			p.PrevPage = pageNum - 1
		}
		if pageNum*perPage < total {
			p.NextPage = pageNum + 1
		}
		return s.html("topic", p)
	})
}

// parsePage reads a 1-based page number; empty means 1.
func parsePage(s string) (int, error) {
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPage {
		return 0, mingbai.Errorf(mingbai.EINVALID, "error.page_number", "page %q", s)
	}
	return n, nil
}
