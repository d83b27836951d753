package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestTextSizeIsRemembered: a reader who chooses larger text gets it on
// every page after, cached apart (its own ETag) from everyone else's; a
// size that is not one of the choices is the normal one, and the way back
// never leaves the site.
func TestTextSizeIsRemembered(t *testing.T) {
	a := newTestApp(t)
	reader := a.browser()
	rec := reader.send(t, http.MethodGet, "/zh/text-size?size=larger&back=/zh/m/bride-price", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/zh/m/bride-price" {
		t.Fatalf("choosing larger text = %d to %q, want back to the leaflet", rec.Code, rec.Header().Get("Location"))
	}
	for _, path := range []string{"/zh/m/bride-price", "/bo/", "/en/login"} {
		if doc := reader.page(t, path, http.StatusOK); doc.Find("html.text-larger").Length() != 1 {
			t.Errorf("%s after choosing larger text: <html> lacks text-larger", path)
		}
	}
	plain := a.do(t, "/zh/m/bride-price")
	if strings.Contains(plain.Body.String(), "text-larger") {
		t.Error("a reader who chose nothing gets the larger page (one cache for all)")
	}
	larger := reader.send(t, http.MethodGet, "/zh/m/bride-price", nil)
	if plain.Header().Get("ETag") == larger.Header().Get("ETag") {
		t.Error("the larger page has the normal page's ETag: a phone would keep the wrong one")
	}
	if doc := a.page(t, "/zh/", http.StatusOK); doc.Find(`.text-size a[data-size="large"]`).Length() != 1 {
		t.Error("pages have no text-size choice")
	}

	ref := httptest.NewRequest(http.MethodGet, "/zh/text-size?size=large&back=/zh/m/bride-price", nil)
	ref.Header.Set("Referer", "http://example.com/zh/m/bride-price?view=both")
	if rec := reader.do(t, ref); rec.Header().Get("Location") != "/zh/m/bride-price?view=both" {
		t.Errorf("from the side-by-side view, back to %q, want the view itself", rec.Header().Get("Location"))
	}
	other := httptest.NewRequest(http.MethodGet, "/zh/text-size?size=large&back=/zh/t/marriage-family", nil)
	other.Header.Set("Referer", "http://evil.example/zh/")
	if rec := reader.do(t, other); rec.Header().Get("Location") != "/zh/t/marriage-family" {
		t.Errorf("from another site, back to %q, want ?back=", rec.Header().Get("Location"))
	}
	for _, c := range []struct{ query, location string }{
		{"size=huge&back=/zh/t/marriage-family", "/zh/t/marriage-family"},
		{"size=large&back=//evil.example/", "/zh/"},
	} {
		rec := reader.send(t, http.MethodGet, "/zh/text-size?"+c.query, nil)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != c.location {
			t.Errorf("text-size?%s = %d to %q, want %q", c.query, rec.Code, rec.Header().Get("Location"), c.location)
		}
	}
	if doc := reader.page(t, "/zh/", http.StatusOK); doc.Find("html.text-large").Length() != 1 {
		t.Error("the last choice (large) is not the one kept")
	}
}
