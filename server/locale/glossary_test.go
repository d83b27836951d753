package locale

import (
	"io/fs"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"mingbai/data"
	"mingbai/locales"
)

// glossary is locales/glossary.toml.
type glossary struct {
	Term []struct {
		Concept, ZH, BO string
		Avoid           []string
	}
}

// fusedParticles may close a term's last syllable: the genitive, the
// agentive, the locative and the others Tibetan writes into the syllable.
var fusedParticles = []string{"འི", "ས", "ར", "འམ", "འང", "འོ"}

// syllables splits Tibetan text at tsheg, shad, spaces and punctuation.
func syllables(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 0x0F40 && r <= 0x0FBC)
	})
}

// holds reports whether text holds term, syllable by syllable.
func holds(text []string, term string) bool {
	want := syllables(term)
	for i := 0; i+len(want) <= len(text); i++ {
		ok := true
		for j, w := range want {
			got := text[i+j]
			if got == w {
				continue
			}
			if j == len(want)-1 && slicesAnyPrefix(got, w) {
				continue
			}
			ok = false
			break
		}
		if ok {
			return true
		}
	}
	return false
}

func slicesAnyPrefix(got, w string) bool {
	for _, p := range fusedParticles {
		if got == w+p {
			return true
		}
	}
	return false
}

// TestGlossaryIsHonoured: every Tibetan message and sample leaflet uses the
// glossary's term for each concept, never one it lists to avoid; a message
// whose Chinese names a concept has the concept's Tibetan term.
func TestGlossaryIsHonoured(t *testing.T) {
	var g glossary
	if _, err := toml.DecodeFS(locales.FS, "glossary.toml", &g); err != nil {
		t.Fatal(err)
	}
	var zh, bo map[string]string
	for lang, m := range map[string]*map[string]string{"zh": &zh, "bo": &bo} {
		if _, err := toml.DecodeFS(locales.FS, lang+".toml", m); err != nil {
			t.Fatal(err)
		}
	}
	texts := map[string]string{} // where → Tibetan text
	for k, v := range bo {
		texts["bo.toml "+k] = v
	}
	leaflets, _ := fs.Glob(data.FS, "leaflets/*/bo.md")
	for _, p := range append(leaflets, "topics.json") {
		b, err := fs.ReadFile(data.FS, p)
		if err != nil {
			t.Fatal(err)
		}
		texts["data/"+p] = string(b)
	}
	for _, term := range g.Term {
		for where, text := range texts {
			s := syllables(text)
			for _, bad := range term.Avoid {
				if holds(s, bad) {
					t.Errorf("%s says %s for %s: the glossary's term is %s", where, bad, term.Concept, term.BO)
				}
			}
		}
		for k, v := range zh {
			if strings.Contains(v, term.ZH) && !holds(syllables(bo[k]), term.BO) {
				t.Errorf("bo.toml %s lacks %s (%s), which its Chinese %q names; its Tibetan: %q", k, term.BO, term.Concept, v, bo[k])
			}
		}
	}
}

// tibetanParticles are the case particles whose form depends on the
// syllable before them (གི, ཀྱི, གྱི, འི, ཡི for the genitive, and so on):
// after a placeholder the form is a guess, wrong for most values.
var tibetanParticles = map[string]bool{
	"གི": true, "ཀྱི": true, "གྱི": true, "ཡི": true, "གིས": true, "ཀྱིས": true, "གྱིས": true, "ཡིས": true,
	"གམ": true, "ངམ": true, "དམ": true, "ནམ": true, "བམ": true, "མམ": true, "འམ": true, "རམ": true, "ལམ": true, "སམ": true, "ཏམ": true,
	"སུ": true, "ཏུ": true, "དུ": true, "རུ": true,
}

// TestTibetanAroundPlaceholders: a Tibetan message never glues a syllable
// to a placeholder (བོད་ཡིགམེད) and never follows one with a particle
// whose form depends on the value.
func TestTibetanAroundPlaceholders(t *testing.T) {
	var bo map[string]string
	if _, err := toml.DecodeFS(locales.FS, "bo.toml", &bo); err != nil {
		t.Fatal(err)
	}
	tibetan := func(r rune) bool { return r >= 0x0F40 && r <= 0x0FBC }
	for k, v := range bo {
		for i := strings.Index(v, "{{"); i >= 0; {
			end := strings.Index(v[i:], "}}")
			if end < 0 {
				break
			}
			end += i + 2
			before, _ := utf8.DecodeLastRuneInString(v[:i])
			after, _ := utf8.DecodeRuneInString(v[end:])
			if tibetan(before) || tibetan(after) {
				t.Errorf("bo.toml %s glues a syllable to %s: %q", k, v[i:end], v)
			}
			rest := strings.TrimLeft(v[end:], " ་")
			if next := syllables(rest); len(next) > 0 && strings.HasPrefix(rest, next[0]) && tibetanParticles[next[0]] {
				t.Errorf("bo.toml %s puts the particle %s after %s: its form depends on the value: %q", k, next[0], v[i:end], v)
			}
			j := strings.Index(v[end:], "{{")
			if j < 0 {
				break
			}
			i = end + j
		}
	}
}
