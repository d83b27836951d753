package seed

import (
	"strings"
	"testing"
	"testing/fstest"

	"mingbai/data"
	"mingbai/server/markdown"
	"mingbai/server/mingbai"
)

// TestSampleContent checks what the issue asks of the shipped sample: at
// least 12 leaflets over at least 8 topics, each in Chinese, most in
// Tibetan marked as a draft, a few without Tibetan to show the fallback.
func TestSampleContent(t *testing.T) {
	c, err := Load(data.FS, markdown.New())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Materials) < 12 {
		t.Errorf("%d leaflets, want at least 12", len(c.Materials))
	}
	topics, withoutBo := map[string]bool{}, 0
	for _, m := range c.Materials {
		topics[m.Topic] = true
		if !m.Sample {
			t.Errorf("%s is not marked as sample", m.Slug)
		}
		zh := m.Translations[mingbai.Chinese]
		if zh == nil || zh.Summary == "" || len([]rune(zh.BodyText)) < 300 {
			t.Errorf("%s: Chinese text missing or thin", m.Slug)
		}
		bo := m.Translations[mingbai.Tibetan]
		if bo == nil {
			withoutBo++
			continue
		}
		if !bo.Draft {
			t.Errorf("%s: Tibetan is not marked as a draft awaiting review", m.Slug)
		}
		if !strings.ContainsRune(bo.Title+bo.BodyText, '\u0F0B') {
			t.Errorf("%s: bo.md has no Tibetan text", m.Slug)
		}
	}
	if len(topics) < 8 {
		t.Errorf("leaflets cover %d topics, want at least 8", len(topics))
	}
	if withoutBo == 0 || withoutBo > 3 {
		t.Errorf("%d leaflets lack Tibetan, want a few (1–3)", withoutBo)
	}
	for _, m := range c.Materials {
		if m.Slug == "bride-price" {
			zh := m.Translations[mingbai.Chinese]
			all := zh.Title + zh.Summary + zh.BodyText
			if !strings.Contains(all, "彩礼") || !strings.Contains(all, "婚姻") {
				t.Error("the bride-price leaflet must speak of 彩礼 and 婚姻")
			}
			return
		}
	}
	t.Error("no bride-price leaflet")
}

func TestLoadRejectsMalformedFiles(t *testing.T) {
	base := fstest.MapFS{
		"topics.json":             {Data: []byte(`[{"slug":"t","sort":1,"names":{"zh":"主题"}}]`)},
		"leaflets/x/leaflet.json": {Data: []byte(`{"topic":"t","audiences":["elderly"],"published_at":"2026-01-02"}`)},
	}
	cases := map[string]string{
		"no front matter": "# just markdown",
		"unclosed":        "---\ntitle: x\n",
		"unknown key":     "---\ntitle: x\ncolour: red\n---\nbody",
		"no title":        "---\nsummary: s\n---\nbody",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			fsys["leaflets/x/zh.md"] = &fstest.MapFile{Data: []byte(src)}
			if _, err := Load(fsys, markdown.New()); err == nil || !strings.Contains(err.Error(), "leaflet x") {
				t.Errorf("Load = %v, want an error naming leaflet x", err)
			}
		})
	}
}
