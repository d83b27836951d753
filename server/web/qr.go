package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/skip2/go-qrcode"

	"mingbai/server/mingbai"
)

// qrCode draws the QR code that opens a leaflet, as SVG: sharp at any
// print size and a few KB. Paper handouts carry it, so it encodes the full
// public address, in the language of the path. With ?v=CODE it is a code
// printed for a village, whose address carries the village's code so that
// scans count per village.
func (s *server) qrCode(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	slug, ok := strings.CutSuffix(c.Param("file"), ".svg")
	if !ok || !mingbai.ValidSlug(slug) {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.material_not_found", "qr %q", c.Param("file"))
	}
	target := s.publicBase(c) + "/" + string(l) + "/m/" + slug
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	if code := c.QueryParam("v"); code != "" {
		return s.villageQRCode(c, slug, target, code)
	}
	return s.serveCached(c, "qr/"+target, func() (*renderedPage, error) {
		if _, err := s.store.PublishedMaterial(c.Request().Context(), slug); err != nil {
			return nil, err
		}
		svg, err := drawQR(target)
		if err != nil {
			return nil, err
		}
		return newRendered("image/svg+xml", svg), nil
	})
}

// villageQRCode draws a leaflet's code for the village with this code, or
// answers ENOTFOUND for an unknown village or leaflet. It is not cached:
// one per village and leaflet would crowd the leaflets out of the page
// cache, and a village's sheet is printed now and then.
func (s *server) villageQRCode(c echo.Context, slug, target, code string) error {
	ctx := c.Request().Context()
	if !mingbai.ValidVillageCode(code) {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.village_unknown", "village code %q", code)
	}
	if _, err := s.store.VillageByCode(ctx, code); err != nil {
		return err
	}
	if _, err := s.store.PublishedMaterial(ctx, slug); err != nil {
		return err
	}
	svg, err := drawQR(target + "?v=" + code)
	if err != nil {
		return err
	}
	return send(c, http.StatusOK, newRendered("image/svg+xml", svg))
}

// drawQR is the QR code of text as SVG.
func drawQR(text string) ([]byte, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qr for %s: %w", text, err)
	}
	return qrSVG(q.Bitmap()), nil
}

// qrSVG draws the modules as one path, a horizontal run of dark modules a
// rectangle, which keeps the file small.
func qrSVG(bits [][]bool) []byte {
	n := len(bits)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range bits {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String())
}

// publicBase is the scheme and host printed codes point to: the configured
// base URL, or this request's own.
func (s *server) publicBase(c echo.Context) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimSuffix(s.cfg.BaseURL, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}
