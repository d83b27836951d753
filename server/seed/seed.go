// Package seed reads the sample content in data/ into domain values: the
// topics and the leaflets, each leaflet a folder with leaflet.json and one
// Markdown file per language. Markdown is rendered here, once, so the store
// receives materials ready to serve.
package seed

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"mingbai/server/markdown"
	"mingbai/server/mingbai"
)

// Content is everything Load found.
type Content struct {
	Topics    []mingbai.Topic
	Materials []*mingbai.Material
}

type topicFile struct {
	Slug  string            `json:"slug"`
	Sort  int               `json:"sort"`
	Names map[string]string `json:"names"`
}

type leafletFile struct {
	Topic       string   `json:"topic"`
	Audiences   []string `json:"audiences"`
	PublishedAt string   `json:"published_at"`
}

// Load reads topics.json and every folder under leaflets/ from fsys. It
// fails on the first malformed file, naming it: sample content that does
// not load is a bug to fix, not to skip.
func Load(fsys fs.FS, md *markdown.Renderer) (Content, error) {
	var c Content
	b, err := fs.ReadFile(fsys, "topics.json")
	if err != nil {
		return c, fmt.Errorf("read topics: %w", err)
	}
	var tfs []topicFile
	if err := json.Unmarshal(b, &tfs); err != nil {
		return c, fmt.Errorf("parse topics.json: %w", err)
	}
	for _, tf := range tfs {
		t := mingbai.Topic{Slug: tf.Slug, Sort: tf.Sort, Names: map[mingbai.Lang]string{}}
		for l, n := range tf.Names {
			lang, err := mingbai.ParseLang(l)
			if err != nil {
				return c, fmt.Errorf("topic %s: %w", tf.Slug, err)
			}
			t.Names[lang] = mingbai.NFC(n)
		}
		c.Topics = append(c.Topics, t)
	}
	dirs, err := fs.ReadDir(fsys, "leaflets")
	if err != nil {
		return c, fmt.Errorf("read leaflets: %w", err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		m, err := loadLeaflet(fsys, path.Join("leaflets", d.Name()), md)
		if err != nil {
			return c, fmt.Errorf("leaflet %s: %w", d.Name(), err)
		}
		c.Materials = append(c.Materials, m)
	}
	return c, nil
}

func loadLeaflet(fsys fs.FS, dir string, md *markdown.Renderer) (*mingbai.Material, error) {
	b, err := fs.ReadFile(fsys, path.Join(dir, "leaflet.json"))
	if err != nil {
		return nil, err
	}
	var lf leafletFile
	if err := json.Unmarshal(b, &lf); err != nil {
		return nil, fmt.Errorf("parse leaflet.json: %w", err)
	}
	m := &mingbai.Material{
		Slug:         path.Base(dir),
		Topic:        lf.Topic,
		Status:       mingbai.Published,
		Sample:       true,
		Translations: map[mingbai.Lang]*mingbai.Translation{},
	}
	if m.PublishedAt, err = time.Parse(time.DateOnly, lf.PublishedAt); err != nil {
		return nil, fmt.Errorf("published_at: %w", err)
	}
	for _, a := range lf.Audiences {
		aud, err := mingbai.ParseAudience(a)
		if err != nil {
			return nil, err
		}
		m.Audiences = append(m.Audiences, aud)
	}
	for _, l := range mingbai.ContentLangs {
		src, err := fs.ReadFile(fsys, path.Join(dir, string(l)+".md"))
		if err != nil {
			continue // a missing language is allowed: readers see the fallback
		}
		t, err := parseTranslation(l, mingbai.NFC(string(src)), md)
		if err != nil {
			return nil, fmt.Errorf("%s.md: %w", l, err)
		}
		m.Translations[l] = t
	}
	return m, m.Validate()
}

// parseTranslation reads a file of "---", key: value lines, "---", then
// the Markdown body.
func parseTranslation(l mingbai.Lang, src string, md *markdown.Renderer) (*mingbai.Translation, error) {
	rest, ok := strings.CutPrefix(strings.TrimLeft(src, "\ufeff"), "---\n")
	if !ok {
		return nil, fmt.Errorf("does not start with a --- front matter line")
	}
	head, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return nil, fmt.Errorf("front matter is not closed by ---")
	}
	t := &mingbai.Translation{Lang: l, BodyMD: strings.TrimSpace(body)}
	for _, line := range strings.Split(head, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			if strings.TrimSpace(line) == "" {
				continue
			}
			return nil, fmt.Errorf("front matter line %q has no colon", line)
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "title":
			t.Title = v
		case "summary":
			t.Summary = v
		case "draft":
			t.Draft = v == "true"
		default:
			return nil, fmt.Errorf("unknown front matter key %q", k)
		}
	}
	r, err := md.Render(t.BodyMD)
	if err != nil {
		return nil, err
	}
	t.BodyHTML, t.BodyText = r.HTML, r.Text
	return t, nil
}
