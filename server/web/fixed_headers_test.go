package web

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestFixedHeadersAreNotShared: two responses given the same fixed
// header and then added to each keep their own values.
func TestFixedHeadersAreNotShared(t *testing.T) {
	vary := newFixedHeader("vary", "Accept-Encoding")
	first, second := http.Header{}, http.Header{}
	vary.add(first)
	vary.add(second)
	first.Add("Vary", "Cookie")
	second.Add("Vary", "Origin")
	vary.add(second)
	if got := first.Values("Vary"); !slices.Equal(got, []string{"Accept-Encoding", "Cookie"}) {
		t.Errorf("first response's Vary = %q", got)
	}
	if got := second.Values("Vary"); !slices.Equal(got, []string{"Accept-Encoding", "Origin", "Accept-Encoding"}) {
		t.Errorf("second response's Vary = %q", got)
	}
	if got := vary.value; !slices.Equal(got, []string{"Accept-Encoding"}) {
		t.Errorf("the fixed value became %q", got)
	}
}

// TestLeafletHeadersOnEveryVisit: the leaflet page, served from memory,
// carries the same headers on each visit, each once: its type and true
// length, plain or gzipped, the security headers, its validators, and the
// language cookie for a reader who has none (Secure over HTTPS); only
// the request's id differs.
func TestLeafletHeadersOnEveryVisit(t *testing.T) {
	a := newTestApp(t)
	get := func(target string, header ...string) *httptest.ResponseRecorder {
		t.Helper()
		rec := a.do(t, target, header...)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", target, rec.Code)
		}
		return rec
	}
	var want http.Header
	ids := map[string]bool{}
	for visit := range 3 {
		for _, gzipped := range []bool{false, true} {
			var rec *httptest.ResponseRecorder
			if gzipped {
				rec = get("/zh/m/bride-price", "Accept-Encoding", "gzip")
			} else {
				rec = get("/zh/m/bride-price")
			}
			h := rec.Header()
			if got, _ := strconv.Atoi(h.Get("Content-Length")); got != rec.Body.Len() {
				t.Errorf("visit %d: Content-Length %q for a body of %d bytes", visit, h.Get("Content-Length"), rec.Body.Len())
			}
			if (h.Get("Content-Encoding") == "gzip") != gzipped {
				t.Errorf("visit %d: Content-Encoding %q, gzip asked %v", visit, h.Get("Content-Encoding"), gzipped)
			}
			if gzipped {
				continue
			}
			for name, values := range h {
				if len(values) != 1 {
					t.Errorf("visit %d: %s %q, want one", visit, name, values)
				}
			}
			ids[h.Get("X-Request-Id")] = true
			h.Del("X-Request-Id")
			if want == nil {
				want = h.Clone()
				continue
			}
			for name := range want {
				if h.Get(name) != want.Get(name) {
					t.Errorf("visit %d: %s %q, first visit %q", visit, name, h.Get(name), want.Get(name))
				}
			}
		}
	}
	if len(ids) != 3 || ids[""] {
		t.Errorf("three visits had the request ids %v, want three", ids)
	}
	for _, name := range []string{"Content-Type", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
		"ETag", "Cache-Control", "Vary", "Set-Cookie"} {
		if want.Get(name) == "" {
			t.Errorf("the leaflet has no %s", name)
		}
	}
	if ck := want.Get("Set-Cookie"); !strings.HasPrefix(ck, "lang=zh;") || strings.Contains(ck, "Secure") {
		t.Errorf("over HTTP the language cookie is %q", ck)
	}
	if ck := get("https://example.org/zh/m/bride-price").Header().Get("Set-Cookie"); !strings.Contains(ck, "; Secure") {
		t.Errorf("over HTTPS the language cookie is %q, want Secure", ck)
	}
	if ck := get("/zh/m/bride-price", "Cookie", "lang=zh").Header().Values("Set-Cookie"); len(ck) != 0 {
		t.Errorf("a reader whose cookie says zh is sent %q", ck)
	}
	if rec := a.do(t, "/zh/m/bride-price", "If-None-Match", want.Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("revalidating with the page's ETag = %d, want 304", rec.Code)
	}
}
