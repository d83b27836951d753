package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"mingbai/server/mingbai"
)

// endlessForm is a form body of n bytes, "username=aaaa…", made as it is
// read, so the test itself holds none of it.
type endlessForm struct{ head, n int }

func (f *endlessForm) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), f.n)
	for i := range k {
		p[i] = 'a'
		if f.head < len("username=") {
			p[i] = "username="[f.head]
			f.head++
		}
	}
	f.n -= k
	return k, nil
}

// hugeSignIn posts a sign-in form of n bytes; known says whether the
// request states its length (a client that hides it sends it chunked).
func hugeSignIn(t *testing.T, b *browser, n int, known bool) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/zh/login", &endlessForm{n: n})
	req.ContentLength = -1
	if known {
		req.ContentLength = int64(n)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://"+req.Host)
	return b.do(t, req)
}

// TestHugeSignInsStayBounded: 24 sign-ins with 9 MB usernames (before:
// the server grew by 375 MB and the desk's audit log became a 216 MB
// page) cost the server a bounded amount of memory, whether they say their
// length or hide it. A long name that fits in a form is logged cut to what
// a username can be.
func TestHugeSignInsStayBounded(t *testing.T) {
	a := newTestApp(t)
	anon := a.browser()
	anon.csrf(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 24 {
		rec := hugeSignIn(t, anon, 9<<20, i%2 == 0)
		if rec.Code != http.StatusRequestEntityTooLarge && rec.Code != http.StatusForbidden {
			t.Fatalf("a 9 MB sign-in = %d, want 413 (or 403 once cut off without a length)", rec.Code)
		}
	}
	runtime.ReadMemStats(&after)
	grew := after.TotalAlloc - before.TotalAlloc
	t.Logf("24 sign-ins of 9 MB allocated %.1f MB in all", float64(grew)/(1<<20))
	if grew > 24*uint64(formBytes)+8<<20 {
		t.Errorf("24 sign-ins of 9 MB allocated %d MB, more than 24 form caps (%d KB each)", grew>>20, formBytes>>10)
	}

	long := strings.Repeat("卓玛", 8000) // 48 KB, 144 KB encoded: fits a form, no account
	rec := anon.post(t, "/zh/login", url.Values{"username": {long}, "password": {"wrong"}})
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("a sign-in with a long username = %d, want 401", rec.Code)
	}
	log, err := a.store.AuditLog(t.Context(), 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if len(e.Target) > mingbai.MaxUsernameBytes || len(e.Detail) > 1000 {
			t.Errorf("audit line %s holds %d + %d bytes", e.Action, len(e.Target), len(e.Detail))
		}
	}
	if rec := anon.post(t, "/zh/login", url.Values{"username": {long}}); strings.Contains(rec.Body.String(), long[:300]) {
		t.Error("the sign-in page shows the long username back whole")
	}
}

// TestStrangersPostIsRefusedBeforeItsFormIsRead: an anonymous post to an
// office page is sent to sign in (its form never parsed for a CSRF token),
// and one over the page's cap is refused on its length.
func TestStrangersPostIsRefusedBeforeItsFormIsRead(t *testing.T) {
	a := newTestApp(t)
	anon := a.browser()
	rec := anon.send(t, http.MethodPost, "/zh/office/materials", url.Values{"title_zh": {"x"}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/zh/login") {
		t.Errorf("an anonymous post to the desk = %d %s, want a redirect to sign in", rec.Code, rec.Header().Get("Location"))
	}
	req := httptest.NewRequest(http.MethodPost, "/zh/office/materials", &endlessForm{n: 30 << 20})
	req.ContentLength = 30 << 20
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if rec := anon.do(t, req); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("an anonymous 30 MB post to the desk = %d, want 413", rec.Code)
	}
}

// TestFormTextIsComposed: a name typed decomposed on one keyboard is
// stored composed, as the same name typed on another; one with a
// direction override is refused with the reason.
func TestFormTextIsComposed(t *testing.T) {
	a, office, village := officeApp(t)
	rec := office.post(t, "/zh/office/residents/new", url.Values{"username": {"pema"}, "display_name": {"Pe\u0301ma"}, "village": {village}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("new resident = %d", rec.Code)
	}
	u, _, err := a.store.UserForLogin(t.Context(), "pema")
	if err != nil || u.DisplayName != "P\u00e9ma" {
		t.Errorf("stored name %q (%v), want it composed", u.DisplayName, err)
	}
	rec = office.post(t, "/zh/office/residents/new", url.Values{"username": {"pema2"}, "display_name": {"Pema\u202e"}, "village": {village}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "看不见的字符") {
		t.Errorf("a name with a direction override = %d, want 400 saying why", rec.Code)
	}
}

// TestJSONTextIsComposed: what a phone sends as JSON is composed at the
// boundary too: its name, as the office lists it.
func TestJSONTextIsComposed(t *testing.T) {
	a := newTestApp(t)
	a.addAccount(t, "pema", mingbai.Resident)
	phone := a.browser()
	phone.login(t, "pema", testPassword)
	created := phone.registerPhone(t, "Pe\u0301ma\u2019s phone")
	if created.Device.Name != "P\u00e9ma\u2019s phone" {
		t.Errorf("registered phone %q, want its name composed", created.Device.Name)
	}
}
