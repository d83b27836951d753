package web

import (
	"github.com/labstack/echo/v4"
)

// offlinePage is what the service worker shows when a page is neither on
// the network nor saved. It lists the saved leaflets when scripts run.
func (s *server) offlinePage(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	if s.notModified(c) {
		return nil
	}
	return s.serveCached(c, "offline/"+string(l), func() (*renderedPage, error) {
		return s.html("offline", s.newPage(l, "/offline", "offline.title"))
	})
}
