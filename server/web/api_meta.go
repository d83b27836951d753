package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPI serves the API's description. Tests validate real responses
// against it, so it cannot drift from what the handlers send.
func (s *server) openAPI(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-cache")
	return send(c, http.StatusOK, s.openAPIBody)
}

// health answers whether the server can read its database.
func (s *server) health(c echo.Context) error {
	if err := s.store.Ping(c.Request().Context()); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return sendJSON(c, http.StatusOK, map[string]string{"status": "ok"})
}
