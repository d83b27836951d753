package web

import (
	"bytes"
	"io/fs"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"mingbai/server/internal/testmedia"
	"mingbai/server/mingbai"
)

// storedFiles lists the files in the media folder, temporary ones aside.
func (a *testApp) storedFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(a.media.Root(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, strings.TrimPrefix(p, a.media.Root()))
		}
		return nil
	})
	return out
}

// deskMaterial creates a draft with Chinese and Tibetan text through the
// desk and returns its edit address.
func (a *testApp) deskMaterial(t *testing.T, b *browser, slug string) string {
	t.Helper()
	rec := b.post(t, "/zh/office/materials", url.Values{"slug": {slug}, "topic": {"marriage-family"},
		"zh.title": {"录音"}, "zh.body": {"正文"}, "bo.title": {"སྒྲ།"}, "action": {"save"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create = %d", rec.Code)
	}
	return strings.TrimSuffix(rec.Header().Get("Location"), "?saved=1")
}

func TestUploadAudioAndPDFServedWithRanges(t *testing.T) {
	a := newTestApp(t)
	b := a.officeBrowser(t)
	editURL := a.deskMaterial(t, b, "with-audio")
	audio := testmedia.MP3(3)
	if rec := b.upload(t, editURL+"/media", "bo", "reading.mp3", "audio/mpeg", audio); rec.Code != http.StatusSeeOther {
		t.Fatalf("upload audio = %d: %.300s", rec.Code, rec.Body.String())
	}
	if rec := b.upload(t, editURL+"/media", "zh", "handout.pdf", "application/pdf", testmedia.PDF()); rec.Code != http.StatusSeeOther {
		t.Fatalf("upload PDF = %d: %.300s", rec.Code, rec.Body.String())
	}
	edit := b.page(t, editURL, http.StatusOK)
	src := edit.Find(".media-lang audio").AttrOr("src", "")
	if !strings.HasPrefix(src, "/media/") || !strings.HasSuffix(src, ".mp3") {
		t.Fatalf("desk audio src = %q", src)
	}
	if rec := a.do(t, src); rec.Code != http.StatusNotFound {
		t.Errorf("audio of a draft, anonymous = %d, want 404", rec.Code)
	}
	if rec := b.send(t, http.MethodGet, src, nil); rec.Code != http.StatusOK {
		t.Errorf("audio of a draft, office = %d, want 200", rec.Code)
	}
	b.post(t, editURL+"/status", url.Values{"status": {"published"}})

	page := a.page(t, "/bo/m/with-audio", http.StatusOK)
	if got := page.Find("article audio").AttrOr("src", ""); got != src {
		t.Errorf("leaflet audio src = %q, want %q", got, src)
	}
	if page.Find(".keep-audio").Length() != 1 {
		t.Error("leaflet lacks the keep-audio button")
	}
	zh := a.page(t, "/zh/m/with-audio", http.StatusOK)
	if zh.Find("article audio").Length() != 0 {
		t.Error("the Chinese page plays the Tibetan audio")
	}
	pdf := zh.Find(".pdf a").AttrOr("href", "")
	if rec := a.do(t, pdf); rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Errorf("PDF %q = %d %s", pdf, rec.Code, rec.Header().Get("Content-Type"))
	}

	full := a.do(t, src)
	if full.Code != http.StatusOK || !bytes.Equal(full.Body.Bytes(), audio) {
		t.Fatalf("audio = %d, %d bytes, want the %d uploaded", full.Code, full.Body.Len(), len(audio))
	}
	if cc := full.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("Cache-Control = %q, want immutable", cc)
	}
	if ct := full.Header().Get("Content-Type"); ct != "audio/mpeg" {
		t.Errorf("Content-Type = %q", ct)
	}
	part := a.do(t, src, "Range", "bytes=1000-1999")
	if part.Code != http.StatusPartialContent || !bytes.Equal(part.Body.Bytes(), audio[1000:2000]) {
		t.Errorf("range = %d, %d bytes, want 206 with bytes 1000-1999", part.Code, part.Body.Len())
	}
	if cr := part.Header().Get("Content-Range"); cr != "bytes 1000-1999/"+itoa(len(audio)) {
		t.Errorf("Content-Range = %q", cr)
	}
	api := loadContract(t, a).check(t, a, "/api/v1/materials/with-audio")
	if !strings.Contains(api.Body.String(), `"url":"`+src+`"`) {
		t.Errorf("the API does not list the audio: %.400s", api.Body.String())
	}
	if rec := a.do(t, strings.TrimSuffix(src, ".mp3")+".pdf"); rec.Code != http.StatusNotFound {
		t.Errorf("the audio under another extension = %d, want 404", rec.Code)
	}
}

func TestUploadsRefused(t *testing.T) {
	a := newTestApp(t)
	b := a.officeBrowser(t)
	editURL := a.deskMaterial(t, b, "refusals")
	mp3 := testmedia.MP3(1)
	cases := []struct {
		name, lang, filename, declared string
		content                        []byte
		status                         int
		msgID                          string
	}{
		{"an image over its cap", "zh", "photo.png", "image/png", testmedia.PNG(int(mingbai.MaxMediaBytes[mingbai.Image])),
			413, "error.upload_too_large"},
		{"a body over the largest cap", "zh", "long.mp3", "audio/mpeg", make([]byte, mingbai.MaxUploadBytes+uploadSlack),
			413, "error.upload_too_large"},
		{"HTML named as audio", "zh", "song.mp3", "audio/mpeg", []byte("<html><script>alert(1)</script></html>"),
			415, "error.upload_type"},
		{"an SVG image", "zh", "logo.svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>`),
			415, "error.upload_type"},
		{"a language without text", "en", "reading.mp3", "audio/mpeg", mp3, 400, "error.attach_needs_text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := b.upload(t, editURL+"/media", c.lang, c.filename, c.declared, c.content)
			if rec.Code != c.status || !strings.Contains(rec.Body.String(), a.locale.T("zh", c.msgID, nil)) {
				t.Errorf("= %d, want %d with the %s message; body:\n%.300s", rec.Code, c.status, c.msgID, rec.Body.String())
			}
			if files := a.storedFiles(t); len(files) != 0 {
				t.Errorf("stored %v", files)
			}
		})
	}

	t.Run("a hostile file name never reaches a path", func(t *testing.T) {
		rec := b.upload(t, editURL+"/media", "zh", "../../../mingbai.db/..\\..\\\u202egpj.mp3", "audio/mpeg", mp3)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("upload = %d", rec.Code)
		}
		files := a.storedFiles(t)
		if len(files) != 1 || !mingbai.ValidSHA256(filepath.Base(files[0])) {
			t.Errorf("stored files = %v, want one named by its hash", files)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestBothAudioPlayersSayTheirLanguage: side by side, each leaflet's audio
// player says which language it plays, in the reader's language, and its
// buttons and links are in the reader's language, not the article's.
func TestBothAudioPlayersSayTheirLanguage(t *testing.T) {
	a := newTestApp(t)
	b := a.officeBrowser(t)
	editURL := a.deskMaterial(t, b, "two-readings")
	for i, l := range []string{"bo", "zh"} {
		if rec := b.upload(t, editURL+"/media", l, "reading.mp3", "audio/mpeg", testmedia.MP3(float64(3+i))); rec.Code != http.StatusSeeOther {
			t.Fatalf("upload %s audio = %d: %.300s", l, rec.Code, rec.Body.String())
		}
	}
	b.post(t, editURL+"/status", url.Values{"status": {"published"}})
	page := a.page(t, "/zh/m/two-readings?view=both", http.StatusOK)
	var labels []string
	page.Find("article .audio").Each(func(_ int, s *goquery.Selection) {
		labels = append(labels, s.Find("audio").AttrOr("aria-label", ""))
		if got := s.AttrOr("lang", ""); got != "zh" {
			t.Errorf("the audio controls of the %s article are in lang %q, want the page's zh", s.Closest("article").AttrOr("lang", ""), got)
		}
	})
	if want := []string{"收听（藏文）", "收听（中文）"}; strings.Join(labels, "|") != strings.Join(want, "|") {
		t.Errorf("audio labels %q, want %q", labels, want)
	}
}
