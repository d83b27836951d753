// Package pwa embeds the front end: the stylesheet, the small scripts that
// enhance server-rendered pages, the service worker and the icons. The Go
// server serves them under content-hashed URLs.
package pwa

import "embed"

// FS holds the front-end files.
//
//go:embed *.css *.js icons/*.png
var FS embed.FS
