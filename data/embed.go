// Package data embeds the sample content that Mingbai loads on its first
// start: topics and bilingual law-promotion leaflets. It is sample content
// written for the project; the Tibetan is a draft awaiting a native
// speaker's review.
package data

import "embed"

// FS holds topics.json and leaflets/<slug>/{leaflet.json,zh.md,bo.md}.
//
//go:embed topics.json leaflets
var FS embed.FS
