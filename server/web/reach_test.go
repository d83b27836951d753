package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// reach flushes the tally and returns the figures of a period around
// today, wide enough that the township's day turning mid-test loses none.
func (a *testApp) reach(t *testing.T, villageID string) store.ReachFigures {
	t.Helper()
	if err := a.tally.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	now := a.clock.Now()
	f, err := a.store.Reach(t.Context(), mingbai.TownshipDay(now.Add(-24*time.Hour)),
		mingbai.TownshipDay(now.Add(24*time.Hour)), villageID)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// anonPost sends an anonymous reader's form from address addr, with the
// given header name, value pairs (Origin, Referer).
func (a *testApp) anonPost(t *testing.T, path, addr string, form url.Values, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return rec
}

const ourOrigin = "http://example.com" // httptest's requests are for example.com

func TestLeafletOpensAreCounted(t *testing.T) {
	a := newTestApp(t)
	for range 5 {
		if rec := a.do(t, "/zh/m/bride-price"); rec.Code != http.StatusOK {
			t.Fatalf("GET = %d", rec.Code)
		}
	}
	etag := a.do(t, "/zh/m/bride-price").Header().Get("ETag")
	if rec := a.do(t, "/zh/m/bride-price", "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Fatalf("revalidation = %d, want 304", rec.Code)
	}
	a.do(t, "/bo/m/bride-price?view=both")
	// None of these is a reader opening a leaflet.
	for _, c := range []struct {
		path   string
		header []string
	}{
		{"/zh/", nil}, {"/zh/t/marriage-family", nil}, {"/api/v1/materials/bride-price", nil},
		{"/qr/zh/m/bride-price.svg", nil}, {"/zh/m/no-such-leaflet", nil}, {"/zh/m/bride-price?view=bad", nil},
		{"/zh/m/bride-price?thanks=1", nil},
		{"/zh/m/bride-price", []string{"Purpose", "prefetch"}},               // kept for offline reading
		{"/zh/m/bride-price", []string{"Sec-Purpose", "prefetch;prerender"}}, // the browser's own
	} {
		a.do(t, c.path, c.header...)
	}
	f := a.reach(t, "")
	if f.OpensByLang[mingbai.Chinese] != 7 || f.OpensByLang[mingbai.Tibetan] != 1 || f.Opens != 8 {
		t.Errorf("opens = %v (%d), want zh 7 (six pages and a 304), bo 1", f.OpensByLang, f.Opens)
	}
}

func TestReachKeepsNothingAboutTheReader(t *testing.T) {
	a := newTestApp(t)
	const addr, agent, cookie = "203.0.113.77", "ReachTestAgent/1.0", "trackme1234"
	send := func(method, path string, form url.Values) {
		req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", ourOrigin)
		req.Header.Set("User-Agent", agent)
		req.Header.Set("Cookie", "t="+cookie)
		req.RemoteAddr = addr + ":5555"
		a.h.ServeHTTP(httptest.NewRecorder(), req)
	}
	send(http.MethodGet, "/zh/m/bride-price", nil)
	send(http.MethodPost, "/zh/m/bride-price/helped", nil)
	send(http.MethodPost, "/zh/requests", url.Values{"topic": {"marriage-family"}, "note": {"only a question"}})
	f := a.reach(t, "")
	if f.Opens != 1 || f.Helped != 1 || f.Requests != 1 {
		t.Fatalf("figures = %+v, want one open, one helped, one request", f)
	}
	for _, name := range []string{a.dbPath, a.dbPath + "-wal"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{addr, agent, cookie} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q", name, secret)
			}
		}
	}
}

func TestVillageQRCodes(t *testing.T) {
	a, office, _ := officeApp(t)
	vid := a.village(t, "甲村", true)
	v, err := a.store.VillageByID(t.Context(), vid)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("the village page links to its printable sheet", func(t *testing.T) {
		doc := office.page(t, "/zh/office/villages/"+vid, http.StatusOK)
		if doc.Find(`a[href="/zh/office/villages/`+vid+`/qr"]`).Length() != 1 || !strings.Contains(doc.Text(), v.Code) {
			t.Error("no link to the QR sheet, or the village code is not shown")
		}
	})

	t.Run("the sheet has every published leaflet with the village's code", func(t *testing.T) {
		_, total, err := a.store.PublishedMaterials(t.Context(), store.MaterialFilter{})
		if err != nil {
			t.Fatal(err)
		}
		rec := office.send(t, http.MethodGet, "/zh/office/villages/"+vid+"/qr?read=bo", nil)
		body := rec.Body.String()
		doc := parseStatus(t, "sheet", rec, http.StatusOK)
		if n := doc.Find(".qr-sheet li svg").Length(); n != total {
			t.Errorf("%d codes on the sheet, want %d", n, total)
		}
		if doc.Find(`.qr-sheet li p[lang=zh]:contains("彩礼")`).Length() == 0 || doc.Find(`.qr-sheet li p[lang=bo]`).Length() == 0 {
			t.Error("titles in Chinese and Tibetan are missing")
		}
		svg, _ := drawQR(ourOrigin + "/bo/m/bride-price?v=" + v.Code)
		if !strings.Contains(body, string(svg)) {
			t.Error("the sheet lacks the code of /bo/m/bride-price?v=CODE")
		}
	})

	t.Run("the QR route draws the village's address", func(t *testing.T) {
		rec := a.do(t, "/qr/zh/m/bride-price.svg?v="+v.Code)
		svg, _ := drawQR(ourOrigin + "/zh/m/bride-price?v=" + v.Code)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/svg+xml" || rec.Body.String() != string(svg) {
			t.Errorf("GET village QR = %d %q, or not the code of the village's address", rec.Code, rec.Header().Get("Content-Type"))
		}
		for _, bad := range []string{"?v=ZZZZZ2", "?v=abc"} {
			if rec := a.do(t, "/qr/zh/m/bride-price.svg"+bad); rec.Code != http.StatusNotFound {
				t.Errorf("GET QR %s = %d, want 404", bad, rec.Code)
			}
		}
	})

	t.Run("a scan counts for the village and redirects to the leaflet", func(t *testing.T) {
		for _, c := range []struct{ path, to string }{
			{"/zh/m/bride-price?v=" + v.Code, "/zh/m/bride-price"},
			{"/bo/m/bride-price?v=" + v.Code + "&view=both", "/bo/m/bride-price?view=both"},
			{"/zh/m/bride-price?v=ZZZZZ2", "/zh/m/bride-price"}, // unknown: no scan
			{"/zh/m/bride-price?v=abc", "/zh/m/bride-price"},
		} {
			rec := a.do(t, c.path)
			if rec.Code != http.StatusFound || rec.Header().Get("Location") != c.to || rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("GET %s = %d to %q (%s), want 302 to %s, not stored", c.path, rec.Code,
					rec.Header().Get("Location"), rec.Header().Get("Cache-Control"), c.to)
			}
		}
		if rec := a.do(t, "/zh/m/no-such-leaflet?v="+v.Code); rec.Code != http.StatusNotFound {
			t.Errorf("scan of an unknown leaflet = %d, want 404", rec.Code)
		}
		a.do(t, "/zh/m/bride-price") // the phone follows the first redirect
		f := a.reach(t, "")
		if f.Scans != 2 || f.ScansByVillage[vid] != 2 || f.Opens != 1 {
			t.Errorf("scans %v (%d), opens %d; want 2 for the village and the one open the redirect led to",
				f.ScansByVillage, f.Scans, f.Opens)
		}
		f = a.reach(t, vid)
		if f.OpensByLang[mingbai.Chinese] != 1 || f.OpensByLang[mingbai.Tibetan] != 1 || f.Opens != 2 {
			t.Errorf("the village's opens = %v (%d), want one in each language through its codes", f.OpensByLang, f.Opens)
		}
	})
}

func TestHelpedCountsOncePerReader(t *testing.T) {
	a := newTestApp(t)
	const path = "/zh/m/bride-price/helped"
	rec := a.anonPost(t, path, "198.51.100.1:1000", nil, "Origin", ourOrigin)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/zh/m/bride-price?thanks=1#helped" {
		t.Fatalf("helped = %d to %q, want 303 to the thank-you", rec.Code, rec.Header().Get("Location"))
	}

	t.Run("the thank-you is the reader's alone", func(t *testing.T) {
		thanks := a.locale.T("zh", "reach.helped_thanks", nil)
		rec := a.do(t, "/zh/m/bride-price?thanks=1")
		if rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("ETag") != "" {
			t.Errorf("thank-you page Cache-Control %q, ETag %q: want no-store and none",
				rec.Header().Get("Cache-Control"), rec.Header().Get("ETag"))
		}
		doc := parseStatus(t, "thank-you", rec, http.StatusOK)
		if text(doc, ".helped .notice") != thanks || doc.Find(".helped form").Length() != 0 || doc.Find(".offline-status").Length() != 0 {
			t.Error("the thank-you page lacks the thanks, offers the button again, or saves itself offline")
		}
		doc = a.page(t, "/zh/m/bride-price", http.StatusOK)
		if strings.Contains(doc.Text(), thanks) || doc.Find(`.helped form[method=post][action="`+path+`"] button`).Length() != 1 {
			t.Error("the shared page shows the thanks, or lacks the button")
		}
	})

	t.Run("the same reader again is thanked, not counted", func(t *testing.T) {
		if rec := a.anonPost(t, path, "198.51.100.1:2000", nil, "Origin", ourOrigin); rec.Code != http.StatusSeeOther {
			t.Errorf("second press = %d, want 303", rec.Code)
		}
	})

	t.Run("another reader, with a Referer only, counts", func(t *testing.T) {
		if rec := a.anonPost(t, path, "198.51.100.2:1000", nil, "Referer", ourOrigin+"/zh/m/bride-price"); rec.Code != http.StatusSeeOther {
			t.Errorf("helped with a same-site Referer = %d, want 303", rec.Code)
		}
	})

	t.Run("posts from elsewhere are refused", func(t *testing.T) {
		refused := a.locale.T("zh", "error.cross_site", nil)
		for _, h := range [][]string{
			{"Origin", "https://evil.example"},
			{"Origin", "null", "Referer", "https://evil.example/page"},
			{"Referer", "http://example.com.evil.example/"},
			nil,
		} {
			rec := a.anonPost(t, path, "198.51.100.3:1000", nil, h...)
			if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), refused) {
				t.Errorf("helped with %v = %d, want 403 saying why", h, rec.Code)
			}
		}
	})

	if rec := a.anonPost(t, "/zh/m/no-such-leaflet/helped", "198.51.100.4:1", nil, "Origin", ourOrigin); rec.Code != http.StatusNotFound {
		t.Errorf("helped on an unknown leaflet = %d, want 404", rec.Code)
	}
	f := a.reach(t, "")
	if f.Helped != 2 || f.HelpedByMaterial["bride-price"] != 2 || f.Opens != 1 {
		t.Errorf("helped %v (%d), opens %d; want 2 helped and only the shared page's open", f.HelpedByMaterial, f.Helped, f.Opens)
	}
}

func TestHelpedBehindTheConfiguredAddress(t *testing.T) {
	a := newTestAppWith(t, Config{DefaultLang: mingbai.Chinese, BaseURL: "https://pufa.example.cn"})
	rec := a.anonPost(t, "/bo/m/bride-price/helped", "198.51.100.1:1", nil, "Origin", "https://pufa.example.cn")
	if rec.Code != http.StatusSeeOther {
		t.Errorf("helped from the public address behind a proxy = %d, want 303", rec.Code)
	}
}

// TestOneAddressCannotDriveUpTheCounts: 601 opens of a leaflet from one
// address in an hour count maxReadsPerAddr; another address still counts.
func TestOneAddressCannotDriveUpTheCounts(t *testing.T) {
	a := newTestApp(t)
	leaflet := "/zh/m/" + a.sample.Materials[0].Slug
	before := a.reach(t, "").Opens
	for range 601 {
		req := httptest.NewRequest(http.MethodGet, leaflet, nil)
		req.RemoteAddr = "198.51.100.7:4000"
		a.h.ServeHTTP(httptest.NewRecorder(), req)
	}
	req := httptest.NewRequest(http.MethodGet, leaflet, nil)
	req.RemoteAddr = "203.0.113.9:4000"
	a.h.ServeHTTP(httptest.NewRecorder(), req)
	if got := a.reach(t, "").Opens - before; got != maxReadsPerAddr+1 {
		t.Errorf("601 opens from one address and one from another counted %d, want %d", got, maxReadsPerAddr+1)
	}
}
