package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"
)

// pageCache keeps rendered public pages, plain and gzipped, for as long as
// the store's reading generation stays the same. A leaflet is read thousands of
// times for each time it changes, so rendering and compressing once per
// change is what brings a page near the HTTP stack's own speed.
type pageCache struct {
	mu      sync.RWMutex
	gen     int64
	entries map[string]*renderedPage
}

// renderedPage is one response body, as sent and gzipped, with the
// headers that describe it made once (fixed_headers.go).
type renderedPage struct {
	ctype string
	body  []byte
	gz    []byte // nil when too small to be worth compressing

	typeHeader, bodyLength, gzLength fixedHeader
}

// newPage makes a rendered page of body and its gzipped form (nil for
// none).
func newPage(ctype string, body, gz []byte) *renderedPage {
	return &renderedPage{ctype: ctype, body: body, gz: gz,
		typeHeader: newFixedHeader(echo.HeaderContentType, ctype),
		bodyLength: newFixedHeader(echo.HeaderContentLength, strconv.Itoa(len(body))),
		gzLength:   newFixedHeader(echo.HeaderContentLength, strconv.Itoa(len(gz))),
	}
}

// The headers send adds.
var (
	varyEncoding = newFixedHeader(echo.HeaderVary, echo.HeaderAcceptEncoding)
	gzipEncoding = newFixedHeader(echo.HeaderContentEncoding, "gzip")
)

// maxCachedPages bounds the cache: every key is canonical (language,
// leaflet, view), so this holds the whole library several times over.
const maxCachedPages = 2048

func newPageCache() *pageCache { return &pageCache{entries: map[string]*renderedPage{}} }

func (pc *pageCache) get(key string, gen int64) *renderedPage {
	pc.mu.RLock()
	defer pc.mu.RUnlock()
	if pc.gen != gen {
		return nil
	}
	return pc.entries[key]
}

func (pc *pageCache) put(key string, gen int64, p *renderedPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if gen < pc.gen {
		return // rendered from data that has changed since
	}
	if gen > pc.gen {
		pc.gen, pc.entries = gen, map[string]*renderedPage{}
	}
	if len(pc.entries) < maxCachedPages {
		pc.entries[key] = p
	}
}

// gzipPool reuses compressors; building one allocates ~800 KB.
var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return w
}}

// minGzip is the size below which compressing costs more than it saves.
const minGzip = 512

func compress(b []byte) []byte {
	if len(b) < minGzip {
		return nil
	}
	var buf bytes.Buffer
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(&buf)
	zw.Write(b)
	zw.Close()
	gzipPool.Put(zw)
	return buf.Bytes()
}

// send writes a body, compressed when the client accepts gzip. All
// compression happens here (or precomputed, in assets.go), never in
// middleware, so a cached body is compressed once, not per request.
func send(c echo.Context, status int, p *renderedPage) error {
	h := c.Response().Header()
	varyEncoding.add(h)
	// The length, known, spares net/http chunking a page over its 2 KiB
	// buffer (and the phone reading the chunks).
	body, length := p.body, p.bodyLength
	if p.gz != nil && acceptsGzip(c.Request().Header.Get(echo.HeaderAcceptEncoding)) {
		gzipEncoding.set(h)
		body, length = p.gz, p.gzLength
	}
	length.set(h)
	p.typeHeader.set(h)
	return c.Blob(status, p.ctype, body)
}

func newRendered(ctype string, body []byte) *renderedPage {
	return newPage(ctype, body, compress(body))
}

// serveCached answers from the cache under key, or builds the response,
// caches it, and answers. build must depend on nothing but the key and
// the stored data readers see: the cache is dropped whenever that changes
// (store.ReadingGeneration).
func (s *server) serveCached(c echo.Context, key string, build func() (*renderedPage, error)) error {
	gen := s.store.ReadingGeneration()
	size := textSize(c)
	if size != "" {
		key += "|" + size // a page for each text size readers chose
	}
	if p := s.cache.get(key, gen); p != nil {
		return send(c, http.StatusOK, p)
	}
	p, err := build()
	if err != nil {
		return err
	}
	if size != "" && p.ctype == echo.MIMETextHTMLCharsetUTF8 {
		p = newRendered(p.ctype, withTextSize(p.body, size))
	}
	s.cache.put(key, gen, p)
	return send(c, http.StatusOK, p)
}

// html builds a page for serveCached.
func (s *server) html(name string, data any) (*renderedPage, error) {
	body, err := s.execute(name, data)
	if err != nil {
		return nil, err
	}
	return newRendered(echo.MIMETextHTMLCharsetUTF8, body), nil
}

// sendJSON writes v as JSON through send.
func sendJSON(c echo.Context, status int, v any) error {
	p, err := jsonBody(v)
	if err != nil {
		return err
	}
	return send(c, status, p)
}

func jsonBody(v any) (*renderedPage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	return newRendered(echo.MIMEApplicationJSON, b), nil
}
