package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mingbai/server/locale"
	"mingbai/server/mingbai"
)

func TestHomePageInEachLanguage(t *testing.T) {
	a := newTestApp(t)
	for _, l := range mingbai.InterfaceLangs {
		t.Run(string(l), func(t *testing.T) {
			doc := a.page(t, "/"+string(l)+"/", http.StatusOK)
			if got, _ := doc.Find("html").Attr("lang"); got != string(l) {
				t.Errorf("html[lang] = %q, want %q", got, l)
			}
			if n := doc.Find("ul.topics li a").Length(); n < 8 {
				t.Errorf("%d topics listed, want at least 8", n)
			}
			if n := doc.Find(".cards .card").Length(); n == 0 {
				t.Error("no newest leaflets listed")
			}
			// The switcher offers every language, marks the current one,
			// and each link says its language's own name.
			if n := doc.Find("nav.langs a[hreflang]").Length(); n != 3 {
				t.Errorf("%d switcher links, want 3", n)
			}
			if cur, _ := doc.Find("nav.langs a[aria-current]").Attr("hreflang"); cur != string(l) {
				t.Errorf("current language in switcher = %q, want %q", cur, l)
			}
			if n := doc.Find(`link[rel=alternate][hreflang]`).Length(); n != 2 {
				t.Errorf("%d hreflang alternates, want 2", n)
			}
		})
	}
}

func TestLeafletPage(t *testing.T) {
	a := newTestApp(t)

	t.Run("one language", func(t *testing.T) {
		doc := a.page(t, "/bo/m/bride-price", http.StatusOK)
		if got, _ := doc.Find("html").Attr("lang"); got != "bo" {
			t.Errorf("html[lang] = %q, want bo", got)
		}
		if n := doc.Find(".leaflet article").Length(); n != 1 {
			t.Errorf("%d articles, want 1", n)
		}
		if got, _ := doc.Find(".leaflet article").Attr("lang"); got != "bo" {
			t.Errorf("article lang = %q, want bo", got)
		}
		if doc.Find(".notice.fallback").Length() != 0 {
			t.Error("fallback notice shown although Tibetan exists")
		}
		if doc.Find(".notice.draft").Length() != 1 {
			t.Error("the draft Tibetan is not marked as awaiting review")
		}
		if doc.Find(".notice.sample").Length() != 1 {
			t.Error("sample content is not marked as sample")
		}
		if href, _ := doc.Find(`.views a[href="/bo/m/bride-price?view=both"]`).Attr("href"); href == "" {
			t.Error("no link to the side-by-side view")
		}
		if src, _ := doc.Find(".qr img").Attr("src"); src != "/qr/bo/m/bride-price.svg" {
			t.Errorf("QR image src = %q", src)
		}
	})

	t.Run("side by side", func(t *testing.T) {
		doc := a.page(t, "/zh/m/bride-price?view=both", http.StatusOK)
		arts := doc.Find(".leaflet.both article")
		if arts.Length() != 2 {
			t.Fatalf("%d articles side by side, want 2", arts.Length())
		}
		first, _ := arts.Eq(0).Attr("lang")
		second, _ := arts.Eq(1).Attr("lang")
		if first != "bo" || second != "zh" {
			t.Errorf("side-by-side languages = %s, %s; want bo, zh", first, second)
		}
		if !strings.Contains(arts.Eq(1).Find("h1").Text(), "彩礼") {
			t.Errorf("Chinese column title = %q", arts.Eq(1).Find("h1").Text())
		}
	})

	t.Run("fallback notice", func(t *testing.T) {
		slug := a.sampleWithout(t, mingbai.Tibetan)
		doc := a.page(t, "/bo/m/"+slug, http.StatusOK)
		if doc.Find(".notice.fallback").Length() != 1 {
			t.Fatal("no fallback notice on a leaflet without Tibetan")
		}
		if got, _ := doc.Find(".leaflet article").Attr("lang"); got != "zh" {
			t.Errorf("shown article lang = %q, want zh", got)
		}
		if got, _ := doc.Find("html").Attr("lang"); got != "bo" {
			t.Errorf("interface lang = %q, want bo: the reader's choice stays", got)
		}
		if doc.Find(`.views a[href$="view=both"]`).Length() != 0 {
			t.Error("side-by-side offered for a leaflet in one language")
		}
	})

	t.Run("markdown is rendered", func(t *testing.T) {
		doc := a.page(t, "/zh/m/bride-price", http.StatusOK)
		if doc.Find(".leaflet .body h2").Length() == 0 || doc.Find(".leaflet .body li").Length() == 0 {
			t.Error("leaflet body has no headings or lists")
		}
	})
}

func TestNotFoundIsLocalized(t *testing.T) {
	a := newTestApp(t)
	cases := []struct {
		path, accept, wantLang, wantMsgID string
	}{
		{"/bo/m/no-such-leaflet", "", "bo", "error.material_not_found"},
		{"/zh/t/no-such-topic", "", "zh", "error.topic_not_found"},
		{"/fr/m/bride-price", "en-GB", "en", "error.page_not_found"},
		{"/en/nowhere/at/all", "", "en", "error.page_not_found"},
		{"/zh/m/BAD..slug", "", "zh", "error.material_not_found"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			doc := a.page(t, c.path, http.StatusNotFound, "Accept-Language", c.accept)
			if got, _ := doc.Find("html").Attr("lang"); got != c.wantLang {
				t.Errorf("html[lang] = %q, want %q", got, c.wantLang)
			}
			want := a.locale.T(mingbai.Lang(c.wantLang), c.wantMsgID, nil)
			if got := text(doc, ".notice.error"); got != want {
				t.Errorf("message = %q, want %q", got, want)
			}
		})
	}
}

func TestBadInputIs400(t *testing.T) {
	a := newTestApp(t)
	cases := []struct{ path, msgID string }{
		{"/zh/search?q=" + strings.Repeat("法", 101), "error.query_too_long"},
		{"/zh/search?q=%FF%FE", "error.query_malformed"},
		{"/zh/search?q=a%00b", "error.query_malformed"},
		{"/zh/t/marriage-family?page=-1", "error.page_number"},
		{"/zh/t/marriage-family?page=abc", "error.page_number"},
		{"/zh/m/bride-price?view=sideways", "error.view_unknown"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			doc := a.page(t, c.path, http.StatusBadRequest)
			want := a.locale.T(mingbai.Chinese, c.msgID, nil)
			if got := text(doc, ".notice.error"); got != want {
				t.Errorf("message = %q, want %q", got, want)
			}
		})
	}
}

func TestSearchPage(t *testing.T) {
	a := newTestApp(t)
	for _, q := range []string{"彩礼", "婚姻"} {
		t.Run(q, func(t *testing.T) {
			doc := a.page(t, "/zh/search?q="+q, http.StatusOK)
			if doc.Find(`.hits a[href="/zh/m/bride-price"]`).Length() != 1 {
				t.Errorf("search %s does not list the bride-price leaflet", q)
			}
			if got := text(doc, ".hits .snippet mark"); got != q {
				t.Errorf("snippet marks %q, want %q", got, q)
			}
			if got, _ := doc.Find("#q").Attr("value"); got != q {
				t.Errorf("search box keeps %q, want %q", got, q)
			}
		})
	}
	t.Run("tibetan syllable", func(t *testing.T) {
		doc := a.page(t, "/bo/search?q=ཁྲིམས", http.StatusOK)
		if doc.Find(`.hits a[href="/bo/m/bride-price"]`).Length() != 1 {
			t.Error("ཁྲིམས does not find the bride-price leaflet")
		}
		if got := text(doc, ".hits .snippet[lang=bo] mark"); got != "ཁྲིམས" {
			t.Errorf("Tibetan snippet marks %q", got)
		}
	})
	t.Run("a syllable found in one leaflet only", func(t *testing.T) {
		// རྫུན ("false") is only in the telecom-fraud leaflet's Tibetan.
		doc := a.page(t, "/bo/search?q=རྫུན", http.StatusOK)
		hits := doc.Find(".hits li a")
		if hits.Length() != 1 || hits.AttrOr("href", "") != "/bo/m/telecom-fraud" {
			t.Errorf("རྫུན found %d leaflets (first %q), want only telecom-fraud", hits.Length(), hits.AttrOr("href", ""))
		}
	})
	t.Run("a vowel sign alone finds nothing", func(t *testing.T) {
		doc := a.page(t, "/bo/search?q=ི", http.StatusOK)
		if n := doc.Find(".hits li").Length(); n != 0 {
			t.Errorf("a lone vowel sign found %d leaflets", n)
		}
	})
}

// TestNoMissingMessages renders every kind of page in every language and
// fails on a message ID without a translation.
func TestNoMissingMessages(t *testing.T) {
	a := newTestApp(t)
	noBo := a.sampleWithout(t, mingbai.Tibetan)
	for _, l := range mingbai.InterfaceLangs {
		p := "/" + string(l)
		for _, path := range []string{p + "/", p + "/t/marriage-family", p + "/m/bride-price", p + "/m/bride-price?view=both",
			p + "/m/" + noBo, p + "/search?q=彩礼", p + "/search", p + "/offline", p + "/m/nope", p + "/search?q=%FF"} {
			rec := a.do(t, path)
			if strings.Contains(rec.Body.String(), locale.Missing) {
				t.Errorf("GET %s shows a missing message: %s", path,
					regexp.MustCompile(locale.Missing+`[a-z_.]+`).FindString(rec.Body.String()))
			}
		}
	}
}

// TestMessageIDsInCodeExist finds every message ID that templates and Go
// code name literally and checks each is translated in every language.
func TestMessageIDsInCodeExist(t *testing.T) {
	a := newTestApp(t)
	ids := map[string]bool{}
	tmplT := regexp.MustCompile(`\.T "([a-z_.]+)"`)
	goID := regexp.MustCompile(`"((?:error|offline|app|material|search|home)\.[a-z_.]+)"`)
	entries, _ := templateFS.ReadDir("templates")
	for _, e := range entries {
		b, _ := templateFS.ReadFile("templates/" + e.Name())
		for _, m := range tmplT.FindAllStringSubmatch(string(b), -1) {
			ids[m[1]] = true
		}
	}
	for _, src := range goSources(t) {
		for _, m := range goID.FindAllStringSubmatch(src, -1) {
			ids[m[1]] = true
		}
	}
	if len(ids) < 40 {
		t.Fatalf("found only %d message IDs; the scan is broken", len(ids))
	}
	for id := range ids {
		for _, l := range mingbai.InterfaceLangs {
			if got := a.locale.T(l, id, map[string]any{"Count": 1}); strings.HasPrefix(got, locale.Missing) {
				t.Errorf("%s lacks %q", l, id)
			}
		}
	}
}

// TestNewContentShowsAtOnce publishes a leaflet after pages were cached
// and checks the home page, the API and the ETags all show it.
func TestNewContentShowsAtOnce(t *testing.T) {
	a := newTestApp(t)
	before := a.do(t, "/zh/")
	apiBefore := a.do(t, "/api/v1/materials/new-leaflet")
	if apiBefore.Code != http.StatusNotFound {
		t.Fatalf("new-leaflet exists before it was made: %d", apiBefore.Code)
	}
	m := &mingbai.Material{Slug: "new-leaflet", Topic: "telecom-fraud", Status: mingbai.Published,
		Translations: map[mingbai.Lang]*mingbai.Translation{
			mingbai.Chinese: {Lang: mingbai.Chinese, Title: "新发布的资料", BodyHTML: "<p>正文</p>"}}}
	if err := a.store.CreateMaterial(t.Context(), "", m); err != nil {
		t.Fatal(err)
	}
	after := a.do(t, "/zh/", "If-None-Match", before.Header().Get("ETag"))
	if after.Code != http.StatusOK {
		t.Fatalf("home after publishing = %d, want 200 with the new content", after.Code)
	}
	if !strings.Contains(after.Body.String(), "新发布的资料") {
		t.Error("home page does not list the newly published leaflet")
	}
	if after.Header().Get("ETag") == before.Header().Get("ETag") {
		t.Error("ETag did not change")
	}
	if rec := a.do(t, "/api/v1/materials/new-leaflet"); rec.Code != http.StatusOK {
		t.Errorf("API after publishing = %d", rec.Code)
	}
}

// FuzzSearchPage sends any query to the search page: the answer is a page
// (200) or a clear refusal (400), never a fault.
func FuzzSearchPage(f *testing.F) {
	for _, q := range []string{"彩礼", "ཁྲིམས", "a OR b", "\"", "*", "NEAR(", "%", "\x00", strings.Repeat("婚", 120)} {
		f.Add(q)
	}
	a := newTestApp(f)
	f.Fuzz(func(t *testing.T, q string) {
		rec := a.do(t, "/zh/search?q="+url.QueryEscape(q))
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("search %q = %d", q, rec.Code)
		}
	})
}

// TestLanguageCookieRemembersTheChoice: reading in Tibetan once makes the
// bare address open in Tibetan, whatever the phone's language says.
func TestLanguageCookieRemembersTheChoice(t *testing.T) {
	a := newTestApp(t)
	rec := a.do(t, "/bo/m/bride-price")
	var cookie string
	for _, c := range rec.Result().Cookies() {
		if c.Name == langCookie {
			cookie = c.Name + "=" + c.Value
		}
	}
	if cookie != "lang=bo" {
		t.Fatalf("reading in Tibetan set cookie %q, want lang=bo", cookie)
	}
	rec = a.do(t, "/", "Cookie", cookie, "Accept-Language", "zh-CN,zh;q=0.9")
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != "/bo/" {
		t.Errorf("bare address with the cookie = %d to %q, want /bo/", rec.Code, rec.Header().Get("Location"))
	}
}

// TestPagesSayWhatTheyAre: public pages carry a description (a leaflet its
// summary) and, with a public address configured, absolute hreflang
// alternates; every page starts with a skip link to its content.
func TestPagesSayWhatTheyAre(t *testing.T) {
	a := newTestAppWith(t, Config{DefaultLang: "zh", BaseURL: "https://pufa.example.cn/"})
	m, err := a.store.PublishedMaterial(t.Context(), "bride-price")
	if err != nil {
		t.Fatal(err)
	}
	leaflet := a.page(t, "/zh/m/bride-price", http.StatusOK)
	if got := leaflet.Find(`meta[name="description"]`).AttrOr("content", ""); got != m.Translations[mingbai.Chinese].Summary {
		t.Errorf("leaflet description %q, want its summary", got)
	}
	if got := leaflet.Find(`link[rel="alternate"][hreflang="bo"]`).AttrOr("href", ""); got != "https://pufa.example.cn/bo/m/bride-price" {
		t.Errorf("hreflang bo = %q, want the absolute address", got)
	}
	for _, path := range []string{"/bo/", "/en/t/marriage-family"} {
		doc := a.page(t, path, http.StatusOK)
		if doc.Find(`meta[name="description"]`).AttrOr("content", "") == "" {
			t.Errorf("%s has no description", path)
		}
		if skip := doc.Find("body > a.skip").First(); skip.AttrOr("href", "") != "#main" || doc.Find("main#main").Length() != 1 {
			t.Errorf("%s: the first link skips to %q", path, skip.AttrOr("href", ""))
		}
	}
}

// TestQuotedTextIsEscaped: a query quoted in the page's message is shown
// as text, whatever it holds (markup, the private-use characters the
// message uses to hold its places).
func TestQuotedTextIsEscaped(t *testing.T) {
	a := newTestApp(t)
	rec := a.do(t, "/en/search?q="+url.QueryEscape("<b>彩礼\uE000\uE001</b>"))
	body := rec.Body.String()
	if strings.Contains(body, "<b>彩礼") {
		t.Fatal("the query's markup reached the page")
	}
	if !strings.Contains(body, `<span lang="zh">&lt;b&gt;彩礼`+"\uE000\uE001"+`&lt;/b&gt;</span>`) {
		t.Errorf("the quoted query is not shown whole, escaped, in its language:\n%.800s", body)
	}
}
