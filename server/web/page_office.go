package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"mingbai/server/store"
)

// auditShown is how many audit entries the desk lists.
const auditShown = 200

type officePage struct {
	formPage
	Audit []store.AuditEntry
}

// officeDesk is the judicial office's start page: for now the audit log of
// every login and office action; materials, residents and reports join it.
func (s *server) officeDesk(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	entries, err := s.store.AuditLog(c.Request().Context(), auditShown)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "office", officePage{formPage: s.newFormPage(c, l, "office.title"), Audit: entries})
}
