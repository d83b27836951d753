package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHeadIsAnsweredWhereGetIs: an uptime monitor's HEAD gets the GET's
// status and type with no body, on pages, the API, static files and the
// health check; a HEAD of a leaflet counts no reading.
func TestHeadIsAnsweredWhereGetIs(t *testing.T) {
	a := newTestApp(t)
	leaflet := "/zh/m/" + a.sample.Materials[0].Slug
	for _, path := range []string{"/healthz", "/zh/", leaflet, "/api/v1/materials", a.assetURL(t, "style.css"), "/sw.js"} {
		get := a.do(t, path)
		req := httptest.NewRequest(http.MethodHead, path, nil)
		head := httptest.NewRecorder()
		a.h.ServeHTTP(head, req)
		if head.Code != get.Code || head.Code != http.StatusOK || head.Header().Get("Content-Type") != get.Header().Get("Content-Type") {
			t.Errorf("HEAD %s = %d %q, GET = %d %q", path, head.Code, head.Header().Get("Content-Type"), get.Code, get.Header().Get("Content-Type"))
		}
		if head.Body.Len() != 0 {
			t.Errorf("HEAD %s sent a body of %d bytes", path, head.Body.Len())
		}
	}
	before := a.reach(t, "").Opens
	req := httptest.NewRequest(http.MethodHead, leaflet, nil)
	a.h.ServeHTTP(httptest.NewRecorder(), req)
	if after := a.reach(t, "").Opens; after != before {
		t.Errorf("a HEAD of a leaflet counted %d readings", after-before)
	}
}

// TestWrongMethodAndTrailingSlash: a wrong method is 405 naming the
// allowed ones; a path with a trailing slash is sent to the path without
// it, but a language's home stays where it is.
func TestWrongMethodAndTrailingSlash(t *testing.T) {
	a := newTestApp(t)
	req := httptest.NewRequest(http.MethodPost, "/healthz", nil)
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed || !strings.Contains(rec.Header().Get("Allow"), http.MethodGet) {
		t.Errorf("POST /healthz = %d, Allow %q; want 405 allowing GET", rec.Code, rec.Header().Get("Allow"))
	}
	if rec := a.do(t, "/zh/search/?q=%E5%BD%A9%E7%A4%BC"); rec.Code != http.StatusMovedPermanently ||
		rec.Header().Get("Location") != "/zh/search?q=%E5%BD%A9%E7%A4%BC" {
		t.Errorf("GET /zh/search/?q=… = %d to %q, want 301 to /zh/search?q=…", rec.Code, rec.Header().Get("Location"))
	}
	if rec := a.do(t, "/zh/"); rec.Code != http.StatusOK {
		t.Errorf("GET /zh/ = %d, want the home page", rec.Code)
	}
}

// TestGzipOnlyWhereWelcome: gzip;q=0 means no gzip.
func TestGzipOnlyWhereWelcome(t *testing.T) {
	a := newTestApp(t)
	for header, want := range map[string]bool{"gzip": true, "br, gzip;q=0.5": true, "*": true, "gzip;q=0": false,
		"identity": false, "gzip; q=0.0, *;q=1": false, "": false} {
		rec := a.do(t, "/zh/", "Accept-Encoding", header)
		if got := rec.Header().Get("Content-Encoding") == "gzip"; got != want {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", header, got, want)
		}
	}
}
