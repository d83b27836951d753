package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// materialForm is the editor's input, kept as typed so a refused save
// shows it again rather than losing it.
type materialForm struct {
	Slug              string
	Topic             string
	Audiences         map[mingbai.Audience]bool
	BaseVersion       int
	KeepOthersCurrent bool
	Texts             []textForm // one per content language
}

// textForm is one language's fields, with its rendered preview.
type textForm struct {
	Lang    mingbai.Lang
	Title   string
	Summary string
	Body    string
	Draft   bool
	Preview template.HTML
	State   mingbai.TranslationState
	Media   []mingbai.Attachment
}

type materialEditPage struct {
	formPage
	Form      materialForm
	Material  *mingbai.Material // nil while creating
	Topics    []mingbai.Topic
	Audiences []mingbai.Audience
	Preview   bool
	Saved     bool
	MaxUpload map[string]int64 // bytes by kind, for the upload hint
}

// newMaterialForm starts a new material.
func (s *server) newMaterialForm(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	f := materialForm{Audiences: map[mingbai.Audience]bool{}}
	for _, cl := range mingbai.ContentLangs {
		f.Texts = append(f.Texts, textForm{Lang: cl})
	}
	return s.renderMaterialForm(c, l, http.StatusOK, f, nil, formView{})
}

// editMaterialForm shows a material's fields, media and status.
func (s *server) editMaterialForm(c echo.Context) error {
	l, m, err := s.pathMaterial(c)
	if err != nil {
		return err
	}
	return s.renderMaterialForm(c, l, http.StatusOK, formOf(m), m, formView{})
}

// formOf fills the editor with a stored material.
func formOf(m *mingbai.Material) materialForm {
	f := materialForm{Slug: m.Slug, Topic: m.Topic, BaseVersion: m.Version, Audiences: map[mingbai.Audience]bool{}}
	for _, a := range m.Audiences {
		f.Audiences[a] = true
	}
	for _, l := range mingbai.ContentLangs {
		tf := textForm{Lang: l, State: m.TranslationState(l)}
		if t := m.Translations[l]; t != nil {
			tf.Title, tf.Summary, tf.Body, tf.Draft, tf.Media = t.Title, t.Summary, t.BodyMD, t.Draft, t.Media
		}
		f.Texts = append(f.Texts, tf)
	}
	return f
}

// createMaterial previews or saves a new material as a draft.
func (s *server) createMaterial(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	f, m, err := s.readMaterialForm(c)
	if err == nil && c.FormValue("action") != "save" {
		return s.renderMaterialForm(c, l, http.StatusOK, f, nil, formView{Preview: true})
	}
	if err == nil {
		m.Slug, m.Status = f.Slug, mingbai.Draft
		err = s.store.CreateMaterial(s.auditing(c, "leaflet.create", m.Slug, ""), currentUser(c).ID, m)
	}
	if err != nil {
		return s.refuseMaterialForm(c, l, f, nil, err)
	}
	return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/office/materials/"+m.ID+"?saved=1")
}

// saveMaterial previews or saves an edit as a new version.
func (s *server) saveMaterial(c echo.Context) error {
	l, cur, err := s.pathMaterial(c)
	if err != nil {
		return err
	}
	f, m, err := s.readMaterialForm(c)
	f.Slug = cur.Slug
	for i := range f.Texts {
		if t := cur.Translations[f.Texts[i].Lang]; t != nil {
			f.Texts[i].Media = t.Media
		}
		f.Texts[i].State = cur.TranslationState(f.Texts[i].Lang)
	}
	if err == nil && c.FormValue("action") != "save" {
		return s.renderMaterialForm(c, l, http.StatusOK, f, cur, formView{Preview: true})
	}
	if err == nil {
		m.ID = cur.ID
		_, err = s.store.SaveMaterial(s.auditingOutcome(c, "leaflet.save", cur.Slug, ""), currentUser(c).ID,
			store.MaterialEdit{Material: m, BaseVersion: f.BaseVersion, KeepOthersCurrent: f.KeepOthersCurrent})
	}
	if err != nil {
		return s.refuseMaterialForm(c, l, f, cur, err)
	}
	return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/office/materials/"+cur.ID+"?saved=1")
}

// setMaterialStatus publishes or unpublishes a material.
func (s *server) setMaterialStatus(c echo.Context) error {
	l, m, err := s.pathMaterial(c)
	if err != nil {
		return err
	}
	st := mingbai.Status(c.FormValue("status"))
	if err := s.store.SetMaterialStatus(s.auditing(c, "leaflet.status", m.Slug, string(st)), currentUser(c).ID, m.ID, st); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/"+string(l)+"/office/materials/"+m.ID)
}

// readMaterialForm parses the editor's fields (NFC-normalized, as every
// text entering Mingbai) into the form to show again and the material to
// save, rendering each language's Markdown for preview and for readers.
func (s *server) readMaterialForm(c echo.Context) (materialForm, *mingbai.Material, error) {
	f := materialForm{Slug: strings.TrimSpace(c.FormValue("slug")), Topic: c.FormValue("topic"),
		KeepOthersCurrent: c.FormValue("keep_current") == "1", Audiences: map[mingbai.Audience]bool{}}
	f.BaseVersion, _ = strconv.Atoi(c.FormValue("base_version"))
	m := &mingbai.Material{Topic: f.Topic, Translations: map[mingbai.Lang]*mingbai.Translation{}}
	var bad error
	form, err := c.FormParams()
	if err != nil {
		return f, nil, mingbai.Errorf(mingbai.EINVALID, "error.form_invalid", "form: %v", err)
	}
	for _, v := range form["audience"] {
		a, err := mingbai.ParseAudience(v)
		if err != nil {
			bad = err
			continue
		}
		f.Audiences[a] = true
		m.Audiences = append(m.Audiences, a)
	}
	for _, l := range mingbai.ContentLangs {
		p := string(l) + "."
		tf := textForm{Lang: l, Title: strings.TrimSpace(formLongText(c, p+"title")), Summary: strings.TrimSpace(formLongText(c, p+"summary")),
			Body: formLongText(c, p+"body"), Draft: c.FormValue(p+"draft") == "1"}
		if tf.Title != "" || strings.TrimSpace(tf.Body) != "" || tf.Summary != "" {
			r, err := s.md.Render(tf.Body)
			if err != nil {
				return f, nil, err
			}
			tf.Preview = template.HTML(r.HTML) // sanitized by markdown.Render
			m.Translations[l] = &mingbai.Translation{Lang: l, Title: tf.Title, Summary: tf.Summary,
				BodyMD: tf.Body, BodyHTML: r.HTML, BodyText: r.Text, Draft: tf.Draft}
		}
		f.Texts = append(f.Texts, tf)
	}
	// The store validates the rest: it knows the topics and the slugs.
	return f, m, bad
}

// refuseMaterialForm shows the form again with the user's input and why
// it was refused; faults of ours still go to the error page.
func (s *server) refuseMaterialForm(c echo.Context, l mingbai.Lang, f materialForm, m *mingbai.Material, err error) error {
	status, ok := statusOf[mingbai.ErrorCode(err)]
	if !ok || status >= 500 {
		return err
	}
	return s.renderMaterialForm(c, l, status, f, m, formView{Error: s.errorText(l, err)})
}

// formView says how to show the editor: with the rendered Markdown, or
// with the reason a save was refused.
type formView struct {
	Preview bool
	Error   string
}

// renderMaterialForm shows the editor for f; m is the stored material, nil
// while creating one.
func (s *server) renderMaterialForm(c echo.Context, l mingbai.Lang, status int, f materialForm, m *mingbai.Material, v formView) error {
	topics, err := s.store.Topics(c.Request().Context())
	if err != nil {
		return err
	}
	title := "desk.new_material"
	if m != nil {
		title = "desk.edit_material"
	}
	p := materialEditPage{formPage: s.newFormPage(c, l, title), Form: f, Material: m,
		Audiences: mingbai.Audiences, MaxUpload: map[string]int64{}, Saved: c.QueryParam("saved") == "1"}
	for k, n := range mingbai.MaxMediaBytes {
		p.MaxUpload[string(k)] = n
	}
	for _, t := range topics {
		p.Topics = append(p.Topics, t.Topic)
	}
	p.Preview, p.Error = v.Preview, v.Error
	return s.render(c, status, "office_material", p)
}

// pathMaterial reads the path's language and the material its id names,
// whatever its status (the desk works on drafts).
func (s *server) pathMaterial(c echo.Context) (mingbai.Lang, *mingbai.Material, error) {
	l, err := pathLang(c)
	if err != nil {
		return "", nil, err
	}
	m, err := s.store.MaterialByID(c.Request().Context(), c.Param("id"))
	return l, m, err
}
