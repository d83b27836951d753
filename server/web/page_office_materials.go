package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
)

// materialRow is one line of the office's list of materials.
type materialRow struct {
	ID, Slug, Title string
	TitleLang       mingbai.Lang
	Topic           string
	Status          mingbai.Status
	Version         int
	Sample          bool
	UpdatedAt       string
	States          []langState // one per content language
}

// langState is how one language of a material stands.
type langState struct {
	Lang  mingbai.Lang
	State mingbai.TranslationState
	Audio bool // the language has its audio
}

type officeMaterialsPage struct {
	formPage
	Rows  []materialRow
	Langs []mingbai.Lang // the content languages, as columns
	// NeedsWork counts materials with a missing or outdated translation.
	NeedsWork int
}

// officeMaterials lists every material, draft or not, with where each
// language stands, so the office sees which translations need work.
func (s *server) officeMaterials(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	ms, err := s.store.AllMaterials(c.Request().Context())
	if err != nil {
		return err
	}
	p := officeMaterialsPage{formPage: s.newFormPage(c, l, "desk.materials"), Langs: mingbai.ContentLangs}
	for _, m := range ms {
		row := materialRow{ID: m.ID, Slug: m.Slug, Topic: m.Topic, Status: m.Status, Version: m.Version,
			Sample: m.Sample, UpdatedAt: mingbai.TownshipTime(m.UpdatedAt)}
		if t, _ := m.In(l); t != nil {
			row.Title, row.TitleLang = t.Title, t.Lang
		}
		needsWork := false
		for _, cl := range mingbai.ContentLangs {
			st := langState{Lang: cl, State: m.TranslationState(cl)}
			if t := m.Translations[cl]; t != nil {
				_, st.Audio = t.Audio()
			}
			needsWork = needsWork || st.State != mingbai.TranslationCurrent
			row.States = append(row.States, st)
		}
		if needsWork {
			p.NeedsWork++
		}
		p.Rows = append(p.Rows, row)
	}
	return s.render(c, http.StatusOK, "office_materials", p)
}

type historyPage struct {
	formPage
	Material *mingbai.Material
	Title    string
	Versions []mingbai.MaterialVersion
}

// materialHistory shows every version of a material: who, when, what
// changed, and the texts as they were saved.
func (s *server) materialHistory(c echo.Context) error {
	l, m, err := s.pathMaterial(c)
	if err != nil {
		return err
	}
	vs, err := s.store.MaterialHistory(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	p := historyPage{formPage: s.newFormPage(c, l, "desk.history"), Material: m, Versions: vs}
	if t, _ := m.In(l); t != nil {
		p.Title = t.Title
	}
	return s.render(c, http.StatusOK, "office_history", p)
}

// changeLabel is the history's name for a change such as "bo.body".
func (p historyPage) ChangeLabel(change string) string {
	for _, l := range mingbai.ContentLangs {
		prefix := string(l) + "."
		if len(change) > len(prefix) && change[:len(prefix)] == prefix {
			return p.T("content_lang."+string(l)) + ": " + p.T("change."+change[len(prefix):])
		}
	}
	return p.T("change." + change)
}
