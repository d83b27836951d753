// Package markdown renders the office's Markdown into HTML that is safe to
// put on a public page, and into plain text for search snippets. Raw HTML is
// off in the renderer and the output passes through an allow-list sanitizer
// as well, so a slip in either still leaves the other standing.
package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Renderer turns Markdown into sanitized HTML. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a Renderer with raw HTML disabled (goldmark's default) and a
// sanitizer that allows the structure a leaflet needs and nothing that runs.
func New() *Renderer {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "tel", "mailto")
	p.RequireNoFollowOnLinks(true)
	return &Renderer{md: goldmark.New(), policy: p}
}

// Rendered is a Markdown document as HTML and as plain text.
type Rendered struct {
	HTML string
	Text string
}

// Render converts src. It fails only if goldmark does, which for in-memory
// input means a bug; the error says so.
func (r *Renderer) Render(src string) (Rendered, error) {
	source := []byte(src)
	doc := r.md.Parser().Parse(text.NewReader(source))
	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, source, doc); err != nil {
		return Rendered{}, fmt.Errorf("render markdown: %w", err)
	}
	return Rendered{
		HTML: r.policy.Sanitize(buf.String()),
		Text: plainText(doc, source),
	}, nil
}

// plainText collects the text of a document, one block a line, without
// Markdown markers, so snippets read like the page does.
func plainText(doc ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(source))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *ast.CodeSpan, *ast.Emphasis, *ast.Link:
			// their children are Text nodes, collected above
		default:
			if !entering && n.Type() == ast.TypeBlock && n.Kind() != ast.KindList {
				b.WriteByte('\n')
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
