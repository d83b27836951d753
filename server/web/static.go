package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

// staticFile serves a content-hashed asset. Its URL changes with its
// content, so browsers may keep it forever without asking again.
func (s *server) staticFile(c echo.Context) error {
	a := s.assets.byFile[c.Param("file")]
	if a == nil {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.page_not_found", "asset %q", c.Param("file"))
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	return send(c, http.StatusOK, a.renderedPage)
}

// serviceWorker serves /sw.js. Browsers check it for updates themselves;
// no-cache makes sure they see a new version at once.
func (s *server) serviceWorker(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-cache")
	return send(c, http.StatusOK, s.assets.sw.renderedPage)
}

// favicon answers the browsers that ask for /favicon.ico whatever the page
// says, so the log is not full of 404s.
func (s *server) favicon(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	icon := s.assets.byFile[strings.TrimPrefix(s.assets.URL("icons/icon-192.png"), "/static/")]
	return send(c, http.StatusOK, icon.renderedPage)
}
