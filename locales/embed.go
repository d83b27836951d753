// Package locales embeds the interface's message files, one per language:
// bo.toml (Tibetan), zh.toml (Chinese), en.toml (English). Every key must be
// in all three; a test in server/locale fails when one is missing. The
// Tibetan messages are drafts awaiting review by a native speaker.
package locales

import "embed"

// FS holds the message files.
//
//go:embed *.toml
var FS embed.FS
