package web

import (
	"encoding/json"
	"fmt"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

type webManifest struct {
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Lang            string         `json:"lang"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	BackgroundColor string         `json:"background_color"`
	ThemeColor      string         `json:"theme_color"`
	Icons           []manifestIcon `json:"icons"`
}

// manifest is the web app manifest in the path's language, so an installed
// Mingbai is named in its reader's language and opens in it.
func (s *server) manifest(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	if s.notModified(c) {
		return nil
	}
	return s.serveCached(c, "manifest/"+string(l), func() (*renderedPage, error) {
		return s.buildManifest(l)
	})
}

func (s *server) buildManifest(l mingbai.Lang) (*renderedPage, error) {
	m := webManifest{
		Name: s.locale.T(l, "app.full_name", nil), ShortName: s.locale.T(l, "app.name", nil),
		Lang: string(l), StartURL: "/" + string(l) + "/", Scope: "/", Display: "standalone",
		BackgroundColor: "#fffdf7", ThemeColor: "#9b1c1c",
		Icons: []manifestIcon{
			{Src: s.assets.URL("icons/icon-192.png"), Sizes: "192x192", Type: "image/png"},
			{Src: s.assets.URL("icons/icon-512.png"), Sizes: "512x512", Type: "image/png", Purpose: "any maskable"},
		},
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	return newRendered("application/manifest+json", b), nil
}
