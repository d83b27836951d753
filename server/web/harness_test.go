package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"mingbai/data"
	"mingbai/locales"
	"mingbai/pwa"
	"mingbai/server/internal/testclock"
	"mingbai/server/locale"
	"mingbai/server/markdown"
	"mingbai/server/media"
	"mingbai/server/mingbai"
	"mingbai/server/seed"
	"mingbai/server/store"
)

// testApp is the real handler over a real SQLite file holding the sample
// content, as a first start would leave it.
type testApp struct {
	h      http.Handler
	srv    *server
	store  *store.Store
	media  *media.Dir
	locale *locale.Bundle
	sample seed.Content
	clock  *testclock.Clock
	tally  *store.Tally
	dbPath string
}

// newTestApp starts the app on the tests' clock (testclock.New: fixed at
// MINGBAI_TEST_NOW, or at the real time when that is unset).
func newTestApp(t testing.TB) *testApp {
	t.Helper()
	return newTestAppWith(t, Config{DefaultLang: mingbai.Chinese})
}

// newTestAppAt starts the app with its clock standing at instant, for a
// fixture that must run at a chosen hour.
func newTestAppAt(t testing.TB, instant time.Time) *testApp {
	t.Helper()
	return newTestAppClock(t, Config{DefaultLang: mingbai.Chinese}, testclock.At(instant))
}

func newTestAppWith(t testing.TB, cfg Config) *testApp {
	t.Helper()
	return newTestAppClock(t, cfg, testclock.New(t))
}

// newTestAppClock starts the app with the store and the handler on clock.
func newTestAppClock(t testing.TB, cfg Config, clock *testclock.Clock) *testApp {
	t.Helper()
	dbPath := filepath.Join(t.TempDir(), "m.db")
	st, err := store.Open(context.Background(), dbPath, clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sample, err := seed.Load(data.FS, markdown.New())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadSample(context.Background(), sample.Topics, sample.Materials); err != nil {
		t.Fatal(err)
	}
	b, err := locale.Load(locales.FS)
	if err != nil {
		t.Fatal(err)
	}
	files, err := media.Open(filepath.Join(t.TempDir(), "media"))
	if err != nil {
		t.Fatal(err)
	}
	tally := store.NewTally(st)
	srv, err := newServer(Deps{
		Config: cfg, Clock: clock,
		Store: st, Media: files, Locale: b, PWA: pwa.FS,
		Logger: testLogger(), Tally: tally,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &testApp{h: srv.e, srv: srv, store: st, media: files, locale: b, sample: sample, clock: clock, tally: tally, dbPath: dbPath}
}

// today is the township's day on the app's clock; daysAgo the day n days
// before it.
func (a *testApp) today() string { return mingbai.TownshipDay(a.clock.Now()) }

func (a *testApp) daysAgo(n int) string {
	return mingbai.TownshipDay(a.clock.Now().AddDate(0, 0, -n))
}

// do sends a GET with optional header name, value pairs.
func (a *testApp) do(t testing.TB, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return rec
}

// page fetches an HTML page, checks its status, and parses it.
func (a *testApp) page(t testing.TB, path string, wantStatus int, header ...string) *goquery.Document {
	t.Helper()
	rec := a.do(t, path, header...)
	if rec.Code != wantStatus {
		t.Fatalf("GET %s = %d, want %d; body:\n%.400s", path, rec.Code, wantStatus, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET %s Content-Type = %q, want HTML", path, ct)
	}
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// sampleWithout returns the slug of a sample leaflet lacking lang l, and
// withBoth one that has Tibetan and Chinese.
func (a *testApp) sampleWithout(t testing.TB, l mingbai.Lang) string {
	t.Helper()
	for _, m := range a.sample.Materials {
		if m.Translations[l] == nil {
			return m.Slug
		}
	}
	t.Fatalf("no sample leaflet lacks %s", l)
	return ""
}

func text(doc *goquery.Document, sel string) string {
	return strings.TrimSpace(doc.Find(sel).First().Text())
}

func (a *testApp) assets() *assets { return a.srv.assets }

// assetURL is the hashed URL of a pwa/ file.
func (a *testApp) assetURL(t testing.TB, name string) string {
	t.Helper()
	u, ok := a.srv.assets.urls[name]
	if !ok {
		t.Fatalf("no asset %s", name)
	}
	return u
}

// testLogger discards the server's log unless MINGBAI_TEST_LOG=1, for
// seeing why a test got a 500.
func testLogger() *slog.Logger {
	if os.Getenv("MINGBAI_TEST_LOG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
