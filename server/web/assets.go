package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"path"
	"regexp"
	"sort"
	"strings"
)

// asset is one static file, kept in memory with its gzip copy: the whole
// shell is a few tens of KB, and compressing once beats every request.
type asset struct {
	url string // /static/<name>.<hash>.<ext>
	*renderedPage
}

// assets are the PWA's files under content-hashed URLs, cached forever by
// browsers, plus the service worker, which must keep a fixed URL.
type assets struct {
	byFile map[string]*asset // hashed file name → asset
	urls   map[string]string // source name → hashed URL
	// build hashes every asset and template: it versions the service
	// worker's caches and is part of every page's ETag.
	build string
	sw    *asset
	// HasFont is true when a Tibetan font file is served.
	HasFont bool
	// fontFace goes into the head of every page (withFont): the face is
	// downloaded only when Tibetan is drawn (unicode-range), which on a
	// Chinese page may be a saved leaflet's title the offline list adds,
	// or what a reader types. fontPreload goes only into pages that show
	// Tibetan as they are served, to start the download early.
	fontFace, fontPreload []byte
	// styleHash is the CSP hash of fontFace's inline style.
	styleHash string
	// tibetanName is the Tibetan word for Tibetan drawn from the font, for
	// the language switcher of pages that load no Tibetan font.
	tibetanName *drawnWord
}

// drawnWord is a word as an image: its URL, its ratio, and its text, for
// the image's alt.
type drawnWord struct {
	URL           string
	Width, Height int
	Alt           template.HTMLAttr
}

// hashedFiles are the files of pwa/ served under /static/. sw.js is served
// apart, at the root, and lists these for precaching.
var hashedFiles = []string{
	"style.css", "sw-register.js", "offline-status.js", "saved-list.js", "keep-audio.js", "form-validity.js",
	// Modules come after the modules they import (see linkImports).
	"uuid.js", "field-date.js", "field-db.js", "device.js", "field-sync.js", "field-transfer.js", "field-signout.js",
	"field-library.js", "field-form.js", "field-records.js", "field-home.js",
	"icons/icon-192.png", "icons/icon-512.png",
}

// loadAssets reads the PWA's files and the Tibetan font (fontPath, none
// when empty), which names tibetanName for the switcher; version (the
// messages' fingerprint) joins the build hash, since pages carry the
// messages.
func loadAssets(pwa fs.FS, fontPath, tibetanName, version string) (*assets, error) {
	as := &assets{byFile: map[string]*asset{}, urls: map[string]string{}, build: hashString(version)}
	for _, name := range hashedFiles {
		b, err := fs.ReadFile(pwa, name)
		if err != nil {
			return nil, fmt.Errorf("read asset %s: %w", name, err)
		}
		if path.Ext(name) == ".js" {
			if b, err = as.linkImports(name, b); err != nil {
				return nil, err
			}
		}
		as.add(name, b)
	}
	if fontPath != "" {
		if err := as.addFont(fontPath, tibetanName); err != nil {
			return nil, err
		}
	}
	if err := as.addTemplates(); err != nil {
		return nil, err
	}
	sw, err := fs.ReadFile(pwa, "sw.js")
	if err != nil {
		return nil, fmt.Errorf("read sw.js: %w", err)
	}
	as.sw = as.serviceWorker(sw)
	return as, nil
}

// importSpec finds a module's imports of its sibling modules, named
// (from "./x.js") or for their effect (import "./x.js").
var importSpec = regexp.MustCompile(`(from |import )"\./([a-z0-9-]+\.js)"`)

// linkImports points a module's imports of sibling modules at their
// hashed URLs, so an import is cached as immutably as the page's own
// script tag, and a module a page loads and another imports is the same
// URL, run once. The imported module must already be added, so its hash
// (and through it, its own imports') is part of this module's hash.
func (as *assets) linkImports(name string, b []byte) ([]byte, error) {
	var missing string
	out := importSpec.ReplaceAllFunc(b, func(m []byte) []byte {
		sub := importSpec.FindSubmatch(m)
		dep := string(sub[2])
		u, ok := as.urls[dep]
		if !ok {
			missing = dep
			return m
		}
		return []byte(string(sub[1]) + `"` + u + `"`)
	})
	if missing != "" {
		return nil, fmt.Errorf("asset %s imports %s, which must come before it in hashedFiles", name, missing)
	}
	return out, nil
}

// add stores a file under its hashed name and folds it into the build hash.
func (as *assets) add(name string, b []byte) *asset {
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])[:10]
	ext := path.Ext(name)
	base := strings.TrimSuffix(path.Base(name), ext)
	file := base + "." + h + ext
	ctype := mime.TypeByExtension(ext)
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	a := &asset{url: "/static/" + file, renderedPage: newPage(ctype, b, gzipIfSmaller(b))}
	as.byFile[file] = a
	as.urls[name] = a.url
	as.build = hashString(as.build + h)
	return a
}

// addTemplates folds the page templates into the build hash, so a new
// binary with new markup invalidates pages cached under the old ETag.
func (as *assets) addTemplates() error {
	return fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(p)
		if err != nil {
			return err
		}
		as.build = hashString(as.build + string(b))
		return nil
	})
}

// serviceWorker fills the worker's version and precache list: the shell,
// the offline page in every language, and the icons.
func (as *assets) serviceWorker(src []byte) *asset {
	precache := []string{"/bo/offline", "/zh/offline", "/en/offline"}
	for _, u := range as.urls {
		if !strings.HasSuffix(u, ".ttf") && !strings.HasSuffix(u, ".otf") && !strings.HasSuffix(u, ".woff2") {
			precache = append(precache, u)
		}
	}
	sort.Strings(precache)
	list, _ := json.Marshal(precache)
	b := bytes.Replace(src, []byte(`"__VERSION__"`), []byte(`"`+as.build+`"`), 1)
	b = bytes.Replace(b, []byte(`["__PRECACHE__"]`), list, 1)
	return &asset{url: "/sw.js", renderedPage: newPage("text/javascript; charset=utf-8", b, gzipIfSmaller(b))}
}

// URL returns the hashed URL of a pwa/ file, for templates. An unknown
// name is a template bug; it yields a URL that 404s rather than a panic.
func (as *assets) URL(name string) string {
	if u, ok := as.urls[name]; ok {
		return u
	}
	return "/static/missing-" + name
}

func gzipIfSmaller(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	if buf.Len() >= len(b)*9/10 {
		return nil
	}
	return buf.Bytes()
}

func hashString(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:12]
}
