package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"mingbai/server/internal/testmedia"
	"mingbai/server/mingbai"
)

// officeBrowser is a signed-in office account.
func (a *testApp) officeBrowser(t *testing.T) *browser {
	t.Helper()
	a.addAccount(t, "deskclerk", mingbai.Office)
	b := a.browser()
	if rec := b.login(t, "deskclerk", testPassword); rec.Code != http.StatusSeeOther {
		t.Fatalf("office login = %d", rec.Code)
	}
	return b
}

// upload posts a multipart form with one file, as the desk's upload does.
func (b *browser) upload(t *testing.T, path, lang, filename, declared string, content []byte) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", b.cookies["mingbai_csrf"].Value)
	w.WriteField("lang", lang)
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="file"; filename="` + filename + `"`}
	h["Content-Type"] = []string{declared}
	part, err := w.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(content)
	w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.a.h.ServeHTTP(rec, req)
	return rec
}

// mediaFixtures returns a published sample material and the names of two
// stored files: one shown by it, one by a draft.
func (a *testApp) mediaFixtures(t *testing.T) (sample *mingbai.Material, publicFile, draftFile string) {
	t.Helper()
	ctx := t.Context()
	all, err := a.store.AllMaterials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sample = all[0]
	draft := &mingbai.Material{Slug: "draft-with-audio", Topic: sample.Topic, Status: mingbai.Draft,
		Translations: map[mingbai.Lang]*mingbai.Translation{mingbai.Chinese: {Lang: mingbai.Chinese, Title: "草稿"}}}
	if err := a.store.CreateMaterial(ctx, "", draft); err != nil {
		t.Fatal(err)
	}
	attach := func(m *mingbai.Material, content []byte) string {
		sha, size, err := a.media.Put(bytes.NewReader(content), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		typ, _ := mingbai.SniffMedia(content)
		att, err := a.store.AttachMedia(ctx, "", m.ID, m.Langs()[0], mingbai.Media{SHA256: sha, Type: typ, Size: size})
		if err != nil {
			t.Fatal(err)
		}
		return att.Media.FileName()
	}
	return sample, attach(sample, testmedia.MP3(1)), attach(draft, testmedia.PDF())
}

func TestDeskCreateEditPublish(t *testing.T) {
	a := newTestApp(t)
	b := a.officeBrowser(t)
	newForm := b.page(t, "/zh/office/materials/new", http.StatusOK)
	for _, sel := range []string{`input[name="slug"]`, `select[name="topic"]`, `input[name="zh.title"]`,
		`textarea[name="bo.body"]`, `input[name="audience"][value="herders"]`, `input[name="_csrf"]`} {
		if newForm.Find("form.editor "+sel).Length() != 1 {
			t.Errorf("new material form lacks %s", sel)
		}
	}
	form := url.Values{"slug": {"grassland-law"}, "topic": {"marriage-family"}, "audience": {"herders"},
		"zh.title": {"草原法"}, "zh.body": {"## 草场承包\n\n承包期内不得**随意**收回。"},
		"bo.title": {"རྩྭ་ཐང་ཁྲིམས།"}, "bo.body": {"རྩྭ་ཐང་གི་ཁྲིམས་ལུགས།"}, "action": {"preview"}}

	preview := b.post(t, "/zh/office/materials", form)
	if preview.Code != http.StatusOK || !strings.Contains(preview.Body.String(), "<strong>随意</strong>") {
		t.Fatalf("preview = %d, lacks the rendered Markdown", preview.Code)
	}
	if all, _ := a.store.AllMaterials(t.Context()); len(all) != len(a.sample.Materials) {
		t.Error("a preview stored the material")
	}

	form.Set("action", "save")
	rec := b.post(t, "/zh/office/materials", form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save = %d; body:\n%.600s", rec.Code, rec.Body.String())
	}
	editURL := strings.TrimSuffix(rec.Header().Get("Location"), "?saved=1")
	if rec := a.do(t, "/zh/m/grassland-law"); rec.Code != http.StatusNotFound {
		t.Errorf("a draft is public: %d", rec.Code)
	}

	t.Run("a Chinese edit leaves the Tibetan outdated", func(t *testing.T) {
		edit := b.page(t, editURL, http.StatusOK)
		form := url.Values{"topic": {"marriage-family"}, "audience": {"herders"}, "action": {"save"},
			"base_version": {edit.Find(`input[name="base_version"]`).AttrOr("value", "")},
			"zh.title":     {"草原法"}, "zh.body": {"承包期内不得收回承包草场。"},
			"bo.title": {"རྩྭ་ཐང་ཁྲིམས།"}, "bo.body": {"རྩྭ་ཐང་གི་ཁྲིམས་ལུགས།"}}
		if rec := b.post(t, editURL, form); rec.Code != http.StatusSeeOther {
			t.Fatalf("save edit = %d; body:\n%.600s", rec.Code, rec.Body.String())
		}
		list := b.page(t, "/zh/office/materials", http.StatusOK)
		row := list.Find(`a[href="` + editURL + `"]`).Closest("tr")
		if got := row.Find(".state-outdated").Length(); got != 1 {
			t.Errorf("list row shows %d outdated languages, want 1:\n%s", got, row.Text())
		}
		if stale := b.post(t, editURL, form); stale.Code != http.StatusConflict ||
			!strings.Contains(stale.Body.String(), "承包期内不得收回承包草场。") {
			t.Errorf("a save from an old version = %d, want 409 keeping the text", stale.Code)
		}
	})

	t.Run("publishing shows it at once, with a new ETag", func(t *testing.T) {
		before := a.do(t, "/api/v1/materials").Header().Get("ETag")
		if rec := b.post(t, editURL+"/status", url.Values{"status": {"published"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("publish = %d", rec.Code)
		}
		page := a.page(t, "/zh/m/grassland-law", http.StatusOK)
		if got := text(page, "article h1"); got != "草原法" {
			t.Errorf("public page title = %q", got)
		}
		if rec := a.do(t, "/api/v1/materials/grassland-law"); rec.Code != http.StatusOK {
			t.Errorf("API read after publishing = %d", rec.Code)
		}
		if after := a.do(t, "/api/v1/materials").Header().Get("ETag"); after == before {
			t.Error("the list's ETag did not change on publishing")
		}
		if rec := b.post(t, editURL+"/status", url.Values{"status": {"unpublished"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("withdraw = %d", rec.Code)
		}
		if rec := a.do(t, "/zh/m/grassland-law"); rec.Code != http.StatusNotFound {
			t.Errorf("a withdrawn leaflet = %d, want 404", rec.Code)
		}
	})

	t.Run("the history says who changed what", func(t *testing.T) {
		h := b.page(t, editURL+"/history", http.StatusOK)
		versions := h.Find("li.version")
		if versions.Length() != 4 {
			t.Fatalf("history lists %d versions, want 4", versions.Length())
		}
		first := versions.Last().Text()
		if !strings.Contains(first, "Test deskclerk") || !strings.Contains(first, a.locale.T("zh", "change.created", nil)) {
			t.Errorf("first version reads %q", first)
		}
		second := versions.Eq(2).Text()
		if !strings.Contains(second, "中文: "+a.locale.T("zh", "change.body", nil)) {
			t.Errorf("second version reads %q, want the Chinese text changed", second)
		}
	})

	t.Run("the audit log has every action", func(t *testing.T) {
		desk := b.page(t, "/zh/office", http.StatusOK).Text()
		for _, action := range []string{"leaflet.create", "leaflet.save", "leaflet.status"} {
			if !strings.Contains(desk, a.locale.T("zh", "audit."+action, nil)) {
				t.Errorf("audit log lacks %s", action)
			}
		}
	})
}

func TestDeskRefusesBadInputKeepingIt(t *testing.T) {
	a := newTestApp(t)
	b := a.officeBrowser(t)
	cases := []struct {
		name   string
		form   url.Values
		status int
		msgID  string
	}{
		{"a slug with capitals", url.Values{"slug": {"Bad Slug"}, "topic": {"marriage-family"}, "zh.title": {"标题"}},
			400, "error.slug_invalid"},
		{"a taken slug", url.Values{"slug": {"bride-price"}, "topic": {"marriage-family"}, "zh.title": {"标题"}},
			409, "error.slug_taken"},
		{"no text at all", url.Values{"slug": {"empty"}, "topic": {"marriage-family"}}, 400, "error.translation_missing"},
		{"a body without a title", url.Values{"slug": {"untitled"}, "topic": {"marriage-family"}, "bo.body": {"ཡི་གེ"}},
			400, "error.title_missing"},
		{"an unknown topic", url.Values{"slug": {"lost"}, "topic": {"no-such"}, "zh.title": {"标题"}}, 400, "error.topic_unknown"},
		{"an unknown audience", url.Values{"slug": {"who"}, "topic": {"marriage-family"}, "zh.title": {"标题"},
			"audience": {"aliens"}}, 400, "error.audience_unknown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.form.Set("action", "save")
			rec := b.post(t, "/zh/office/materials", c.form)
			body := rec.Body.String()
			if rec.Code != c.status || !strings.Contains(body, a.locale.T("zh", c.msgID, nil)) {
				t.Fatalf("= %d, want %d with %q; body:\n%.500s", rec.Code, c.status, c.msgID, body)
			}
			if c.form.Get("zh.title") != "" && !strings.Contains(body, `value="标题"`) {
				t.Error("the form lost the title typed")
			}
		})
	}
}

func TestMarkdownFromTheDeskIsHarmless(t *testing.T) {
	a := newTestApp(t)
	b := a.officeBrowser(t)
	hostile := "<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n<img src=x onerror=alert(3)>\n\n" +
		"<a href=\"https://example.org\" onclick=\"alert(4)\">raw</a>\n\n<iframe src=\"https://evil.example\"></iframe>"
	rec := b.post(t, "/zh/office/materials", url.Values{"slug": {"hostile"}, "topic": {"marriage-family"},
		"zh.title": {"<b>标题</b>"}, "zh.body": {hostile}, "action": {"save"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save = %d", rec.Code)
	}
	editURL := strings.TrimSuffix(rec.Header().Get("Location"), "?saved=1")
	b.post(t, editURL+"/status", url.Values{"status": {"published"}})
	for _, path := range []string{"/zh/m/hostile", editURL} {
		var doc *goquery.Document
		if strings.Contains(path, "office") {
			p := b.post(t, path, url.Values{"topic": {"marriage-family"}, "zh.title": {"t"}, "zh.body": {hostile}, "action": {"preview"}})
			doc, _ = goquery.NewDocumentFromReader(p.Body)
			doc.Find("textarea").Remove() // the editor shows the source, escaped, for editing
		} else {
			doc = a.page(t, path, http.StatusOK)
		}
		content := doc.Find("main")
		if n := content.Find("script, iframe, img[onerror], [onclick]").Length(); n != 0 {
			h, _ := content.Html()
			t.Errorf("%s has %d active elements:\n%s", path, n, h)
		}
		content.Find("a").Each(func(_ int, s *goquery.Selection) {
			if href, _ := s.Attr("href"); strings.HasPrefix(strings.ToLower(strings.TrimSpace(href)), "javascript:") {
				t.Errorf("%s links to %q", path, href)
			}
		})
	}
	if got := text(a.page(t, "/zh/m/hostile", http.StatusOK), "article h1"); got != "<b>标题</b>" {
		t.Errorf("a title with tags reads %q, want the tags as text", got)
	}
}
