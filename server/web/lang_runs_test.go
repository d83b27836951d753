package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"mingbai/server/mingbai"
)

// TestEveryRunOfTextCarriesItsLanguage: on every page, in every language,
// Tibetan text is inside lang="bo" and Chinese inside lang="zh", as is
// every alt, label and placeholder: a screen reader reads each run in its
// own voice, and a browser picks its font (and line breaking) by it.
func TestEveryRunOfTextCarriesItsLanguage(t *testing.T) {
	a, office, village := officeApp(t)
	a.phone(t, "dolkar").push(t, a.fixture(t, "push_mixed.json"))
	resident := a.browser()
	resident.login(t, "dolkar", testPassword)
	sample, err := a.store.PublishedMaterial(t.Context(), "bride-price")
	if err != nil {
		t.Fatal(err)
	}
	public := []string{"/", "/t/marriage-family", "/m/bride-price", "/m/bride-price?view=both", "/search?q=彩礼",
		"/search?q=བག་རིན", "/offline", "/login"}
	field := []string{"/field", "/field/new/consultation", "/field/records", "/account/password"}
	desk := []string{"/office", "/office/residents", "/office/accounts", "/office/villages", "/office/villages/" + village,
		"/office/figures", "/office/materials", "/office/materials/" + sample.ID, "/office/materials/" + sample.ID + "/history",
		"/office/records", "/office/records/new?kind=mediation", "/office/campaigns", "/office/trainings", "/office/requests"}
	for _, l := range mingbai.InterfaceLangs {
		for _, set := range []struct {
			b     *browser
			paths []string
		}{{a.browser(), public}, {resident, field}, {office, desk}} {
			for _, p := range set.paths {
				path := "/" + string(l) + p
				doc := set.b.page(t, path, http.StatusOK)
				for _, wrong := range wrongLanguageRuns(doc, l == mingbai.English) {
					t.Errorf("%s: %s", path, wrong)
				}
			}
		}
	}
}

// wrongLanguageRuns lists the runs of Tibetan or Chinese text (text nodes
// and shown attributes) whose element's language is another; on an English
// page (english), also English words inside Tibetan or Chinese.
func wrongLanguageRuns(doc *goquery.Document, english bool) []string {
	var out []string
	check := func(n *html.Node, what, text string) {
		want := string(mingbai.ScriptLang(text))
		if want == "" {
			if got := langOf(n); english && got != "en" && englishWord.MatchString(text) {
				out = append(out, what+" "+strings.TrimSpace(text)+" is in lang "+got+", want en")
			}
			return
		}
		if got := langOf(n); got != want {
			out = append(out, what+" "+strings.TrimSpace(text)+" is in lang "+got+", want "+want)
		}
	}
	doc.Find("html").Each(func(_ int, s *goquery.Selection) {
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			switch n.Type {
			case html.TextNode:
				if p := n.Parent; p != nil && p.Data != "script" && p.Data != "style" && p.Data != "title" {
					check(p, "text", n.Data)
				}
			case html.ElementNode:
				for _, at := range n.Attr {
					switch at.Key {
					case "alt", "title", "placeholder", "aria-label":
						check(n, at.Key, at.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(s.Nodes[0])
	})
	return out
}

// englishWord is a run of text that can only be the English interface's.
var englishWord = regexp.MustCompile(`\b[A-Za-z][a-z]{3,}\b`)

// langOf is an element's language: its own lang, or its nearest
// ancestor's.
func langOf(n *html.Node) string {
	for ; n != nil; n = n.Parent {
		for _, at := range n.Attr {
			if at.Key == "lang" {
				return at.Val
			}
		}
	}
	return ""
}
