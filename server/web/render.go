package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/labstack/echo/v4"

	"mingbai/server/locale"
	"mingbai/server/mingbai"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds one parsed template set per page, each the layout plus the
// page's own file, parsed once at start.
type pages struct {
	sets map[string]*template.Template
}

// pageNames are the page templates; each defines "title" and "content".
var pageNames = []string{"home", "topic", "material", "search", "offline", "error", "login", "password", "office",
	"office_materials", "office_material", "office_history",
	"field", "field_form", "field_records", "office_residents", "office_resident", "office_accounts", "office_villages", "office_village",
	"office_records", "office_record", "office_record_new", "office_import", "office_campaigns", "office_trainings", "office_training",
	"office_figures", "office_report", "office_village_qr", "office_requests"}

func parsePages(b *locale.Bundle, as *assets) (*pages, error) {
	ps := &pages{sets: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFS,
			"templates/layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		ps.sets[name] = t
	}
	return ps, nil
}

// templateFuncs are fixed at parse time; anything that depends on the
// request (the language above all) is a method of the page data instead,
// so two readers in two languages can never share a function.
var templateFuncs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	// when shows a stored time to people in township time, to the minute;
	// day shows its township date. Pages that show times say the zone once
	// (the "zone_note" partial).
	"when": mingbai.TownshipTime,
	"day":  mingbai.TownshipDay,
	// mb shows a byte count in megabytes, one decimal: "2.4".
	"mb": func(n int64) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) },
	// maxRecordBytes is the largest record a push can carry, for the
	// phone's outbox to refuse a bigger one before sending it.
	"maxRecordBytes": func() int64 { return maxRecordBytes },
	"keepSentDays":   func() int { return mingbai.KeepSentDays },
	// fontMark is where the head takes the Tibetan font, on pages that
	// show Tibetan (withFont); html/template drops comments written in a
	// template, so it comes from here.
	"fontMark": func() template.HTML { return fontMark },
	"marked":   marked,
	// attrName makes a name usable in an attribute's name: html/template
	// refuses an underscore there (data-kind-rule_revision), a script reads
	// data-kind-rule-revision as dataset.kindRuleRevision.
	"attrName":  func(s mingbai.RecordKind) string { return strings.ReplaceAll(string(s), "_", "-") },
	"textSizes": func() []string { return textSizes },
	// scriptLang is the lang a text's script says, for an element that
	// can hold only text (an option): {{with scriptLang .X}} lang="{{.}}"{{end}}.
	"scriptLang": mingbai.ScriptLang,
	// The length of a username, for the forms that ask for one.
	"minUsername": func() int { return mingbai.MinUsernameBytes },
	"maxUsername": func() int { return mingbai.MaxUsernameBytes },
}

// page is the data every template gets: the language, the translated
// strings (through T), the links of the language switcher and the assets.
type page struct {
	Lang    mingbai.Lang
	TitleID string
	// Path is the request's path without its language prefix.
	Path       string
	Alternates []alternate
	Assets     *assets
	Query      string // the search box's text
	// Description is what search engines and chat apps show of a public
	// page (a leaflet's summary); empty on the others.
	Description string
	// Origin is the configured public address (-base-url), which makes
	// the hreflang alternates absolute; empty when none is configured.
	Origin string
	bundle *locale.Bundle
}

// alternate is the same page in another interface language.
type alternate struct {
	Lang    mingbai.Lang
	Name    string
	URL     string
	Current bool
	// Drawn is Name as an image, on a page in another language: it needs
	// no font, where Name would need the whole Tibetan one.
	Drawn *drawnWord
}

// newPage starts a page in language l; path is the page's address without
// its language prefix, for the switcher and the hreflang alternates.
func (s *server) newPage(l mingbai.Lang, path, titleID string) page {
	p := page{Lang: l, TitleID: titleID, Path: path, Assets: s.assets, bundle: s.locale,
		Origin: strings.TrimSuffix(s.cfg.BaseURL, "/")}
	for _, al := range mingbai.InterfaceLangs {
		a := alternate{Lang: al, Name: s.locale.LangName(al), URL: "/" + string(al) + p.Path, Current: al == l}
		if al == mingbai.Tibetan && l != mingbai.Tibetan {
			a.Drawn = s.assets.tibetanName
		}
		p.Alternates = append(p.Alternates, a)
	}
	return p
}

// T translates a message ID into the page's language. Arguments come in
// name, value pairs: {{.T "topic.count" "Count" 3}}.
func (p page) T(id string, args ...any) string {
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			if k, ok := args[i].(string); ok {
				data[k] = args[i+1]
			}
		}
	}
	return p.bundle.T(p.Lang, id, data)
}

// TM is T for a message that quotes stored or typed text (a query, a
// title, a name): each string argument is shown in its own language
// (marked), the rest of the message in the page's.
func (p page) TM(id string, args ...any) template.HTML {
	var quoted []template.HTML
	for i := 1; i < len(args); i += 2 {
		if s, ok := args[i].(string); ok {
			args[i] = string(rune(quoteMark + len(quoted)))
			quoted = append(quoted, marked(s))
		}
	}
	// One pass over the translated message: a quoted text that itself
	// holds a private-use character is never taken for a later place.
	places := make([]string, 0, 2*len(quoted))
	for i, q := range quoted {
		places = append(places, string(rune(quoteMark+i)), string(q))
	}
	return template.HTML(strings.NewReplacer(places...).Replace(template.HTMLEscapeString(p.T(id, args...))))
}

// quoteMark is the first of the private-use characters that hold TM's
// quoted texts' places while the message is translated and escaped.
const quoteMark = 0xE000

// marked shows a stored or typed text in the language its script says: a
// Chinese village name on a Tibetan page as <span lang="zh">…</span>;
// text in neither script as it is.
func marked(s string) template.HTML {
	l := mingbai.ScriptLang(s)
	if l == "" {
		return template.HTML(template.HTMLEscapeString(s))
	}
	return template.HTML(`<span lang="` + string(l) + `">` + template.HTMLEscapeString(s) + `</span>`)
}

// KindNames is a JSON object of the kinds' names in the page's language,
// for a script that lists records (the outbox): one attribute, since
// html/template refuses a name like data-kind-rule_revision.
func (p page) KindNames(kinds []mingbai.RecordKind) string {
	names := make(map[mingbai.RecordKind]string, len(kinds))
	for _, k := range kinds {
		names[k] = p.T("record_kind." + string(k))
	}
	b, _ := json.Marshal(names)
	return string(b)
}

// TownshipZone names the township's time zone, for pages that show times.
func (p page) TownshipZone() string { return mingbai.TownshipZoneName() }

// Dir is the text direction; every language Mingbai speaks is left to right.
func (p page) Dir() string { return "ltr" }

// render executes a page into a buffer first, so a template error becomes
// a clean 500 instead of half a page, then sends it.
func (s *server) render(c echo.Context, status int, name string, data any) error {
	body, err := s.execute(name, data)
	if err != nil {
		return err
	}
	return send(c, status, newRendered(echo.MIMETextHTMLCharsetUTF8, withTextSize(body, textSize(c))))
}

func (s *server) execute(name string, data any) ([]byte, error) {
	t := s.pages.sets[name]
	if t == nil {
		return nil, fmt.Errorf("render: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return s.assets.withFont(buf.Bytes()), nil
}

// notModified sets the validators of a page or API read built from stored
// content and reports whether the client's copy is current. The ETag is the
// store's reading generation with the build's, so a change readers can see
// (a leaflet published, edited or withdrawn), or a new template or asset,
// makes every copy stale, and nothing else does (a resident's push, a
// review); nothing is rendered to check.
func (s *server) notModified(c echo.Context) bool {
	etag := s.etags.of(s.assets.build, s.store.ReadingGeneration(), textSize(c))
	h := c.Response().Header()
	etag.set(h)
	// Pages may be kept, but must be checked each time: a phone online sees
	// a newly published correction at once; a phone offline has its copy.
	revalidate.set(h)
	if match := c.Request().Header.Get("If-None-Match"); match != "" && etagMatches(match, etag.value[0]) {
		c.Response().WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

var revalidate = newFixedHeader(echo.HeaderCacheControl, "no-cache")

// pageETags are the ETag headers of one reading generation, one for each
// text size, made when the generation is first asked for: a page read a
// thousand times between two changes builds its ETag once.
type pageETags struct {
	gen    int64
	bySize map[string]fixedHeader
}

// etagCache holds the latest generation's pageETags.
type etagCache struct{ latest atomic.Pointer[pageETags] }

func (ec *etagCache) of(build string, gen int64, size string) fixedHeader {
	tags := ec.latest.Load()
	if tags == nil || tags.gen != gen {
		tags = &pageETags{gen: gen, bySize: map[string]fixedHeader{}}
		for _, sz := range textSizes {
			tags.bySize[sz] = newFixedHeader("ETag", `W/"`+build+"-"+strconv.FormatInt(gen, 36)+"-"+sz+`"`)
		}
		ec.latest.Store(tags) // a reader of an older generation may store after; the next read builds again
	}
	return tags.bySize[size]
}

// etagMatches implements If-None-Match's weak comparison over a list.
func etagMatches(header, etag string) bool {
	weak := func(s string) string {
		if len(s) > 2 && s[:2] == "W/" {
			return s[2:]
		}
		return s
	}
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || weak(part) == weak(etag) {
			return true
		}
	}
	return false
}
