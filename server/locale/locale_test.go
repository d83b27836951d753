package locale

import (
	"strings"
	"testing"

	"mingbai/locales"
	"mingbai/server/mingbai"
)

func load(t *testing.T) *Bundle {
	t.Helper()
	b, err := Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestEveryKeyInEveryLanguage fails when a message exists in one
// language's file and not in another's.
func TestEveryKeyInEveryLanguage(t *testing.T) {
	b := load(t)
	all := map[string]bool{}
	for _, l := range mingbai.InterfaceLangs {
		for _, id := range b.MessageIDs(l) {
			all[id] = true
		}
	}
	if len(all) < 50 {
		t.Fatalf("only %d message IDs loaded; the files did not parse as expected", len(all))
	}
	for _, l := range mingbai.InterfaceLangs {
		have := map[string]bool{}
		for _, id := range b.MessageIDs(l) {
			have[id] = true
		}
		for id := range all {
			if !have[id] {
				t.Errorf("%s.toml lacks %q", l, id)
			}
		}
	}
}

func TestTranslate(t *testing.T) {
	b := load(t)
	if got := b.T(mingbai.English, "topic.count", map[string]any{"Count": 1}); got != "1 leaflet" {
		t.Errorf("en topic.count 1 = %q, want singular", got)
	}
	if got := b.T(mingbai.English, "topic.count", map[string]any{"Count": 3}); got != "3 leaflets" {
		t.Errorf("en topic.count 3 = %q, want plural", got)
	}
	if got := b.T(mingbai.Tibetan, "no.such.key", nil); !strings.HasPrefix(got, Missing) {
		t.Errorf("missing key = %q, want it marked %q", got, Missing)
	}
	for _, l := range mingbai.InterfaceLangs {
		if got := b.LangName(l); got == "" || strings.HasPrefix(got, Missing) {
			t.Errorf("LangName(%s) = %q", l, got)
		}
	}
}

func TestNegotiate(t *testing.T) {
	b := load(t)
	cases := []struct {
		name, cookie, accept string
		want                 mingbai.Lang
	}{
		{"cookie wins", "bo", "en-US", mingbai.Tibetan},
		{"bad cookie ignored", "fr", "en-US,en;q=0.9", mingbai.English},
		{"chinese phone", "", "zh-CN,zh;q=0.9,en;q=0.8", mingbai.Chinese},
		{"tibetan phone", "", "bo-CN", mingbai.Tibetan},
		{"unknown falls to default", "", "fr-FR", mingbai.Tibetan},
		{"garbage falls to default", "", ";;;q=x", mingbai.Tibetan},
		{"nothing falls to default", "", "", mingbai.Tibetan},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := b.Negotiate(c.cookie, c.accept, mingbai.Tibetan); got != c.want {
				t.Errorf("Negotiate(%q, %q) = %s, want %s", c.cookie, c.accept, got, c.want)
			}
		})
	}
}
