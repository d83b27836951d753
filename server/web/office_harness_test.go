package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
)

// Helpers of the tests of the office's pages about people and phones.

func mustHash(t *testing.T, password string) string {
	t.Helper()
	h, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// hasAudit reports whether the audit log holds action on target by an
// account (not the command line).
func (a *testApp) hasAudit(t *testing.T, action, target string) bool {
	t.Helper()
	log, err := a.store.AuditLog(t.Context(), 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Action == action && e.Target == target && e.ActorID != "" {
			return true
		}
	}
	return false
}

// post sends a form with the browser's CSRF token, as its page would.
func (b *browser) post(t *testing.T, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", b.cookies["mingbai_csrf"].Value)
	return b.send(t, http.MethodPost, path, form)
}

// page opens a page, checks its status and parses it.
func (b *browser) page(t *testing.T, path string, want int) *goquery.Document {
	t.Helper()
	rec := b.send(t, http.MethodGet, path, nil)
	return parseStatus(t, "GET "+path, rec, want)
}

func parseStatus(t *testing.T, what string, rec *httptest.ResponseRecorder, want int) *goquery.Document {
	t.Helper()
	if rec.Code != want {
		t.Fatalf("%s = %d, want %d; body:\n%.600s", what, rec.Code, want, rec.Body.String())
	}
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// officeApp is a test app with a signed-in office browser and a village.
func officeApp(t *testing.T) (*testApp, *browser, string) {
	t.Helper()
	return officeAppOn(t, newTestApp(t))
}

// officeAppOn is officeApp on an app the test started (on its own clock).
func officeAppOn(t *testing.T, a *testApp) (*testApp, *browser, string) {
	t.Helper()
	a.addAccount(t, "clerk", mingbai.Office)
	office := a.browser()
	office.login(t, "clerk", testPassword)
	village, err := a.store.VillageByName(t.Context(), "示例村")
	if err != nil {
		t.Fatal(err)
	}
	return a, office, village
}

func (a *testApp) village(t *testing.T, nameZH string, active bool) string {
	t.Helper()
	v := &mingbai.Village{NameZH: nameZH}
	if err := a.store.CreateVillage(t.Context(), v); err != nil {
		t.Fatal(err)
	}
	if !active {
		if err := a.store.SetVillageActive(t.Context(), v.ID, false); err != nil {
			t.Fatal(err)
		}
	}
	return v.ID
}

// residentWithPhone adds a resident, signs them in on a phone and
// registers it.
func (a *testApp) residentWithPhone(t *testing.T, username string) (*mingbai.User, *browser, deviceCreatedJSON) {
	t.Helper()
	u := a.addAccount(t, username, mingbai.Resident)
	phone := a.browser()
	phone.login(t, username, testPassword)
	return u, phone, phone.registerPhone(t, "Android · Chrome")
}
