package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// Benchmarks over real loopback HTTP, so the figures include the HTTP
// stack. BenchmarkCeiling is a minimal Echo handler on the same machine:
// the most any handler could do here. Run:
//
//	go test ./server/web -run '^$' -bench . -benchtime 3s
func benchmarkGET(b *testing.B, h http.Handler, path string, header ...string) {
	get, done := getter(b, h, path, header...)
	defer done()
	get()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.SetParallelism(16) // many phones at once, not one per core
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			get()
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// benchmarkLatency times one request after another: how long a reader
// waits for the page (ns/op), not how many pages the server serves.
func benchmarkLatency(b *testing.B, h http.Handler, path string, header ...string) {
	get, done := getter(b, h, path, header...)
	defer done()
	get()
	b.ReportAllocs()
	for b.Loop() {
		get()
	}
}

// getter serves h over loopback and returns a GET of path, failing the
// benchmark on an error status or an empty page.
func getter(b *testing.B, h http.Handler, path string, header ...string) (get func(), done func()) {
	srv := httptest.NewServer(h)
	tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
	client := &http.Client{Transport: tr}
	get = func() {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode >= 400 || (res.StatusCode == 200 && n == 0) {
			b.Fatalf("GET %s = %d, %d bytes", path, res.StatusCode, n)
		}
	}
	return get, func() { tr.CloseIdleConnections(); srv.Close() }
}

func BenchmarkCeiling(b *testing.B) {
	e := echo.New()
	e.GET("/hello", func(c echo.Context) error { return c.String(http.StatusOK, "hello") })
	benchmarkGET(b, e, "/hello")
}

func BenchmarkLeafletPage(b *testing.B) {
	a := newTestApp(b)
	benchmarkGET(b, a.h, "/zh/m/bride-price")
}

func BenchmarkLeafletPageGzip(b *testing.B) {
	a := newTestApp(b)
	benchmarkGET(b, a.h, "/bo/m/bride-price?view=both", "Accept-Encoding", "gzip")
}

func BenchmarkLeafletPageRevalidate(b *testing.B) {
	a := newTestApp(b)
	etag := a.do(b, "/zh/m/bride-price").Header().Get("ETag")
	benchmarkGET(b, a.h, "/zh/m/bride-price", "If-None-Match", etag)
}

func BenchmarkAPIMaterial(b *testing.B) {
	a := newTestApp(b)
	benchmarkGET(b, a.h, "/api/v1/materials/bride-price")
}

func BenchmarkSearch(b *testing.B) {
	a := newTestApp(b)
	benchmarkGET(b, a.h, "/zh/search?q=%E5%BD%A9%E7%A4%BC")
}

// BenchmarkLeafletHandler serves the leaflet page to a recorder, without
// the HTTP stack: the handler's own cost and allocations (Mingbai's
// middleware included), which the loopback benchmarks above blur with
// the client's.
func BenchmarkLeafletHandler(b *testing.B) {
	a := newTestApp(b)
	req := httptest.NewRequest(http.MethodGet, "/zh/m/bride-price", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		a.h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("GET = %d", w.Code)
		}
	}
}

// BenchmarkDecodePushedRecord reads one pushed consultation as the push
// handler does for every record of a batch, before the writer: its
// envelope, its date against the window, its fields (a Chinese summary
// among them) checked and put in composed form.
func BenchmarkDecodePushedRecord(b *testing.B) {
	raw := []byte(`{"id":"0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b","kind":"consultation","date":"2026-02-28",` +
		`"fields":{"topic":"marriage-family","asker_group":"herder","channel":"in_person","outcome":"answered",` +
		`"summary":"女方父母收了彩礼后婚事告吹，男方要求全部退还，女方只愿退一半，双方争执不下，问法律怎么规定。"}}`)
	now := time.Date(2026, 2, 28, 18, 0, 0, 0, time.UTC) // 02:00 on 1 March in the township
	b.ReportAllocs()
	for b.Loop() {
		if it := decodePushedRecord(raw, now); it.Err != nil {
			b.Fatal(it.Err)
		}
	}
}
