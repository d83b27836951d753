package web

import (
	"context"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// villageSheetPage is a printable sheet of a village's QR codes: one per
// published leaflet, carrying the village's code, so that the handouts
// given out in that village count their scans for it.
type villageSheetPage struct {
	formPage
	Village   *mingbai.Village
	Read      mingbai.Lang   // the language the codes open leaflets in
	ReadLangs []mingbai.Lang // the choices of Read
	Items     []sheetItem
}

// sheetItem is one leaflet on the sheet, titled in both content languages.
type sheetItem struct {
	TitleZH, TitleBO string
	QR               template.HTML
}

// sheetBatch is how many leaflets one query of the sheet reads.
const sheetBatch = 100

// villageQRSheet shows the sheet for the village in the path. ?read=bo or
// zh chooses the language the codes open leaflets in; by default the
// page's own, or Chinese for an English page.
func (s *server) villageQRSheet(c echo.Context) error {
	l, v, err := s.villageInPath(c)
	if err != nil {
		return err
	}
	read := l
	if q := c.QueryParam("read"); q != "" {
		if read, err = mingbai.ParseLang(q); err != nil {
			return err
		}
	}
	if !read.IsContentLang() {
		read = mingbai.Chinese
	}
	ms, err := s.allPublished(c.Request().Context())
	if err != nil {
		return err
	}
	p := villageSheetPage{formPage: s.newFormPage(c, l, "reach.sheet_title"), Village: v, Read: read,
		ReadLangs: mingbai.ContentLangs}
	base := s.publicBase(c) + "/" + string(read) + "/m/"
	for _, m := range ms {
		svg, err := drawQR(base + m.Slug + "?v=" + v.Code)
		if err != nil {
			return err
		}
		it := sheetItem{QR: template.HTML(svg)} // qrSVG writes only its own markup and numbers
		if t := m.Translations[mingbai.Chinese]; t != nil {
			it.TitleZH = t.Title
		}
		if t := m.Translations[mingbai.Tibetan]; t != nil {
			it.TitleBO = t.Title
		}
		p.Items = append(p.Items, it)
	}
	return s.render(c, http.StatusOK, "office_village_qr", p)
}

// allPublished lists every published leaflet, newest first, with titles.
func (s *server) allPublished(ctx context.Context) ([]*mingbai.Material, error) {
	var all []*mingbai.Material
	for {
		ms, total, err := s.store.PublishedMaterials(ctx, store.MaterialFilter{Limit: sheetBatch, Offset: len(all)})
		if err != nil {
			return nil, err
		}
		all = append(all, ms...)
		if len(ms) == 0 || len(all) >= total {
			return all, nil
		}
	}
}
