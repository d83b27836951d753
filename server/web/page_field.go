package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

type fieldPage struct {
	formPage
	Village *mingbai.Village
	Kinds   []mingbai.RecordKind
}

// fieldHome is a resident's start page: who is signed in, their village,
// and whether this phone is registered for syncing (device.js registers
// it). The field forms join it with sync.
func (s *server) fieldHome(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	p := fieldPage{formPage: s.newFormPage(c, l, "field.title"), Kinds: mingbai.RecordKinds}
	if p.Village, err = s.store.VillageByID(c.Request().Context(), p.User.VillageID); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "field", p)
}
