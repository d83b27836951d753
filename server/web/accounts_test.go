package web

import (
	"cmp"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
)

const testPassword = "correct horse battery"

// addAccount stores an account with testPassword.
func (a *testApp) addAccount(t testing.TB, username string, role mingbai.Role) *mingbai.User {
	t.Helper()
	u := &mingbai.User{Username: username, DisplayName: "Test " + username, Role: role}
	if role == mingbai.Resident {
		id, err := a.store.VillageByName(t.Context(), "示例村")
		if err != nil {
			t.Fatal(err)
		}
		u.VillageID = id
	}
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.store.CreateUser(t.Context(), u, hash); err != nil {
		t.Fatal(err)
	}
	return u
}

// browser is a client with a cookie jar that fills in CSRF tokens the way
// a real form would.
type browser struct {
	a       *testApp
	cookies map[string]*http.Cookie
	// remote is the peer's address ("192.0.2.7:1234" when empty) and
	// header what every request adds: a browser behind a proxy.
	remote string
	header http.Header
}

func (a *testApp) browser() *browser { return &browser{a: a, cookies: map[string]*http.Cookie{}} }

func (b *browser) send(t testing.TB, method, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var req *http.Request
	if method == http.MethodPost {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://"+req.Host) // as browsers send with a form's POST
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	return b.do(t, req)
}

// do sends req with the browser's cookies and keeps the cookies it gets.
func (b *browser) do(t testing.TB, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	req.RemoteAddr = cmp.Or(b.remote, "192.0.2.7:1234")
	for k, v := range b.header {
		req.Header[k] = v
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.a.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return rec
}

// csrf opens the login page to get a form token.
func (b *browser) csrf(t testing.TB) string {
	t.Helper()
	b.send(t, http.MethodGet, "/zh/login", nil)
	c := b.cookies["mingbai_csrf"]
	if c == nil {
		t.Fatal("login page set no CSRF cookie")
	}
	return c.Value
}

func (b *browser) login(t testing.TB, username, password string) *httptest.ResponseRecorder {
	t.Helper()
	return b.send(t, http.MethodPost, "/zh/login", url.Values{
		"_csrf": {b.csrf(t)}, "username": {username}, "password": {password}})
}

func TestLoginAndLogout(t *testing.T) {
	a := newTestApp(t)
	a.addAccount(t, "clerk", mingbai.Office)
	b := a.browser()
	rec := b.login(t, "Clerk", testPassword) // usernames are case-insensitive
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/zh/office" {
		t.Fatalf("login = %d to %q, want 303 to /zh/office", rec.Code, rec.Header().Get("Location"))
	}
	sc := b.cookies[sessionCookie]
	if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie = %+v, want HttpOnly and SameSite", sc)
	}
	rec = b.send(t, http.MethodGet, "/zh/office", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), a.locale.T("zh", "audit.login.ok", nil)) {
		t.Errorf("desk = %d, or its audit log lacks the login", rec.Code)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("desk Cache-Control = %q, want no-store", cc)
	}
	rec = b.send(t, http.MethodPost, "/zh/logout", url.Values{"_csrf": {b.cookies["mingbai_csrf"].Value}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("logout = %d", rec.Code)
	}
	// The old token must be dead on the server, not only forgotten here.
	b.cookies[sessionCookie] = sc
	if rec := b.send(t, http.MethodGet, "/zh/office", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("desk with a logged-out token = %d, want a redirect to login", rec.Code)
	}
}

func TestLoginFailuresAreLimitedWithoutRevealingAccounts(t *testing.T) {
	a := newTestApp(t)
	a.addAccount(t, "clerk", mingbai.Office)
	b := a.browser()
	wrong := a.locale.T("zh", "error.login_failed", nil)
	for i := 0; i < maxLoginFailures; i++ {
		for _, name := range []string{"clerk", "nobody"} {
			rec := b.login(t, name, "wrong password!")
			if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), wrong) {
				t.Fatalf("wrong password for %s = %d; want 401 with the same message for both", name, rec.Code)
			}
		}
	}
	blocked := a.locale.T("zh", "error.login_blocked", nil)
	for _, name := range []string{"clerk", "nobody"} {
		rec := b.login(t, name, testPassword)
		if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), blocked) {
			t.Errorf("login for %s past the limit = %d; want 429 with the same message", name, rec.Code)
		}
	}
	log, err := a.store.AuditLog(t.Context(), 50)
	if err != nil {
		t.Fatal(err)
	}
	fails, lines := 0, 0
	for _, e := range log {
		if e.Action == "login.fail" {
			fails += e.Repeats
			lines++
		}
		if strings.Contains(e.Detail+e.Target, "wrong password") {
			t.Error("the audit log holds a password")
		}
	}
	if fails != 2*maxLoginFailures || lines != 1 {
		t.Errorf("audit log has %d failed logins on %d lines, want %d on one (one address, one burst)", fails, lines, 2*maxLoginFailures)
	}
}

func TestFormsRequireCSRF(t *testing.T) {
	a := newTestApp(t)
	a.addAccount(t, "clerk", mingbai.Office)
	b := a.browser()
	b.csrf(t)
	rec := b.send(t, http.MethodPost, "/zh/login", url.Values{"username": {"clerk"}, "password": {testPassword}})
	if rec.Code != http.StatusForbidden || b.cookies[sessionCookie] != nil {
		t.Errorf("login without a CSRF token = %d; want 403 and no session", rec.Code)
	}
	rec = b.send(t, http.MethodPost, "/zh/login", url.Values{"_csrf": {"forged"}, "username": {"clerk"}, "password": {testPassword}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("login with a forged CSRF token = %d, want 403", rec.Code)
	}
}

func TestMustChangePasswordFirst(t *testing.T) {
	a := newTestApp(t)
	u := a.addAccount(t, "newbie", mingbai.Office)
	hash, _ := auth.HashPassword(testPassword)
	if err := a.store.ResetPassword(t.Context(), u.ID, hash); err != nil {
		t.Fatal(err)
	}
	b := a.browser()
	if rec := b.login(t, "newbie", testPassword); rec.Header().Get("Location") != "/zh/account/password" {
		t.Fatalf("login with a one-time password goes to %q, want the password page", rec.Header().Get("Location"))
	}
	if rec := b.send(t, http.MethodGet, "/zh/office", nil); rec.Header().Get("Location") != "/zh/account/password" {
		t.Errorf("desk before changing the password goes to %q", rec.Header().Get("Location"))
	}
	tok := b.cookies["mingbai_csrf"].Value
	rec := b.send(t, http.MethodPost, "/zh/account/password", url.Values{"_csrf": {tok}, "current": {testPassword}, "new": {"short"}, "confirm": {"short"}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), a.locale.T("zh", "error.password_short", nil)) {
		t.Errorf("a short new password = %d, want 400 with the rule", rec.Code)
	}
	rec = b.send(t, http.MethodPost, "/zh/account/password", url.Values{"_csrf": {tok}, "current": {testPassword}, "new": {"a much better one"}, "confirm": {"a much better one"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("password change = %d", rec.Code)
	}
	if rec := b.send(t, http.MethodGet, "/zh/office", nil); rec.Code != http.StatusOK {
		t.Errorf("desk after the change = %d", rec.Code)
	}
}

// TestPasswordChangeEndsOtherSessions: a guessable new password is
// refused with the reason; a good one ends the account's other sessions
// (whoever knew the old password is out) and keeps the one that changed
// it.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	a := newTestApp(t)
	a.addAccount(t, "clerk", mingbai.Office)
	here, elsewhere := a.browser(), a.browser()
	here.login(t, "clerk", testPassword)
	elsewhere.login(t, "clerk", testPassword)
	guessable := a.locale.T("zh", "error.password_guessable", nil)
	for _, p := range []string{"1111111111", "1234567890", "qwertyuiop", "woaini1314520", "clerk20262026", "abababababab"} {
		rec := here.post(t, "/zh/account/password", url.Values{"current": {testPassword}, "new": {p}, "confirm": {p}})
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), guessable) {
			t.Errorf("new password %q = %d, want 400 saying it is guessable", p, rec.Code)
		}
	}
	const good = "barley fields after rain"
	if rec := here.post(t, "/zh/account/password", url.Values{"current": {testPassword}, "new": {good}, "confirm": {good}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("a good new password = %d", rec.Code)
	}
	if rec := here.send(t, http.MethodGet, "/zh/office", nil); rec.Code != http.StatusOK {
		t.Errorf("the session that changed the password: desk = %d, want 200", rec.Code)
	}
	if rec := elsewhere.send(t, http.MethodGet, "/zh/office", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("another session after the change: desk = %d, want a redirect to sign in", rec.Code)
	}
	if !a.hasAudit(t, "password.change", "clerk") {
		t.Error("the change is not in the audit log")
	}
}

func TestDeactivatedAccountLosesItsSession(t *testing.T) {
	a := newTestApp(t)
	u := a.addAccount(t, "clerk", mingbai.Office)
	a.addAccount(t, "typist", mingbai.Office) // the office goes on: clerk is not its last account
	b := a.browser()
	b.login(t, "clerk", testPassword)
	if err := a.store.SetUserActive(t.Context(), u.ID, false); err != nil {
		t.Fatal(err)
	}
	if rec := b.send(t, http.MethodGet, "/zh/office", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("desk for a deactivated account = %d, want a redirect to login", rec.Code)
	}
	if rec := a.browser().login(t, "clerk", testPassword); rec.Code != http.StatusUnauthorized {
		t.Errorf("login of a deactivated account = %d, want 401", rec.Code)
	}
}

// TestRoutesByRole walks every route with each role and checks it gets
// exactly what it may: public routes for all, the desk for the office.
func TestRoutesByRole(t *testing.T) {
	a := newTestApp(t)
	clerk := a.addAccount(t, "clerk", mingbai.Office)
	typist := a.addAccount(t, "typist", mingbai.Office) // the office's actions on office accounts fall on them
	a.addAccount(t, "resident1", mingbai.Resident)
	// resident2 is someone else: resident1 must not reach their data, and
	// the office's actions in the table fall on them.
	other := a.addAccount(t, "resident2", mingbai.Resident)
	otherToken := auth.NewToken()
	otherDevice := &mingbai.Device{UserID: other.ID, Name: "Android · Chrome"}
	if err := a.store.CreateDevice(t.Context(), otherDevice, auth.TokenHash(otherToken)); err != nil {
		t.Fatal(err)
	}
	anon, office, resident := a.browser(), a.browser(), a.browser()
	anon.csrf(t) // so its posts are refused for the role, not the token
	office.login(t, "clerk", testPassword)
	resident.login(t, "resident1", testPassword)
	ofOther := "/zh/office/residents/" + other.ID
	ofVillage := "/zh/office/villages/" + other.VillageID
	ofRecord := "/zh/office/records/" + a.storedReferral(t, other, otherDevice.ID)
	ofTraining := "/zh/office/trainings/" + a.trainingSession(t, clerk).ID
	public := 200
	sample, publicFile, draftFile := a.mediaFixtures(t)
	training := &mingbai.TrainingSession{Title: "民法典培训", HeldOn: a.today(), Hours: 2}
	if err := a.store.CreateTrainingSession(t.Context(), "", training); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		method, path                 string
		anon, resident, officeStatus int
	}{
		{"GET", "/healthz", public, public, public},
		{"GET", "/api/openapi.json", public, public, public},
		{"GET", "/api/v1/materials", public, public, public},
		{"GET", "/api/v1/materials/bride-price", public, public, public},
		{"GET", "/sw.js", public, public, public},
		{"GET", a.assetURL(t, "style.css"), public, public, public},
		{"GET", "/favicon.ico", public, public, public},
		{"GET", "/qr/zh/m/bride-price.svg", public, public, public},
		{"GET", "/", 302, 302, 302},
		{"GET", "/zh", 301, 301, 301},
		{"GET", "/zh/", public, public, public},
		{"GET", "/zh/manifest.webmanifest", public, public, public},
		{"GET", "/zh/t/marriage-family", public, public, public},
		{"GET", "/zh/m/bride-price", public, public, public},
		{"GET", "/zh/search?q=彩礼", public, public, public},
		{"GET", "/zh/offline", public, public, public},
		{"GET", "/zh/text-size?size=large", 303, 303, 303},
		{"GET", "/zh/login", public, public, public},
		{"GET", "/zh/account/password", 303, public, public},
		{"GET", "/zh/office", 303, 403, public},
		{"GET", "/zh/field", 303, public, 403},
		{"GET", "/zh/field/new/consultation", 303, public, 403},
		{"GET", "/zh/field/records", 303, public, 403},
		{"GET", "/zh/field/checkin/" + training.Code, 303, public, 403},
		{"GET", "/api/v1/me", 401, 401, 401}, // a session cookie is no device token
		{"GET", "/api/v1/sync/pull", 401, 401, 401},
		{"GET", "/zh/office/residents", 303, 403, public},
		{"GET", "/zh/office/accounts", 303, 403, public},
		{"GET", "/zh/office/residents/new", 303, 403, public},
		{"GET", ofOther, 303, 403, public},
		{"GET", "/zh/office/villages", 303, 403, public},
		{"GET", ofVillage, 303, 403, public},
		{"GET", "/zh/office/figures", 303, 403, public},
		{"GET", "/zh/office/report/2026", 303, 403, public},
		{"GET", "/zh/office/report/2026/report.docx?doc=bo", 303, 403, public},
		{"GET", "/zh/office/materials", 303, 403, public},
		{"GET", "/zh/office/materials/new", 303, 403, public},
		{"GET", "/zh/office/materials/" + sample.ID, 303, 403, public},
		{"GET", "/zh/office/materials/" + sample.ID + "/history", 303, 403, public},
		{"GET", "/media/" + publicFile, public, public, public},
		{"GET", "/media/" + draftFile, 404, 404, public},
		{"GET", "/zh/office/records", 303, 403, public},
		{"GET", "/zh/office/records/new?kind=mediation", 303, 403, public},
		{"GET", "/zh/office/campaigns", 303, 403, public},
		{"GET", "/zh/office/records/import?kind=mediation", 303, 403, public},
		{"GET", "/zh/office/records/import/template.csv?kind=mediation", 303, 403, public},
		{"GET", "/zh/office/records/import/template.xlsx?kind=event", 303, 403, public},
		{"GET", "/zh/office/records?kind=consultation&state=received&from=2026-01-01", 303, 403, public},
		{"GET", ofRecord, 303, 403, public},
		{"GET", "/zh/office/trainings", 303, 403, public},
		{"GET", ofTraining, 303, 403, public},
		{"GET", "/zh/office/figures/export.csv", 303, 403, public},
		{"GET", "/zh/office/figures/export.xlsx?period=quarter&value=2026-Q1", 303, 403, public},
		{"GET", "/zh/office/records/export.csv?kind=consultation", 303, 403, public},
		{"GET", "/zh/office/records/export.xlsx", 303, 403, public},
		{"GET", ofVillage + "/qr", 303, 403, public},
		{"GET", "/zh/office/requests", 303, 403, public},
	}
	// Posts carry the browser's own CSRF token, so a 403 is the role's
	// refusal (checked by its message). Bodies are empty or harmless; the
	// office's actions fall on resident2; logout comes last.
	posts := []struct {
		path                         string
		form                         url.Values
		json                         string
		anon, resident, officeStatus int
	}{
		{"/zh/login", nil, "", 401, 401, 401},
		{"/zh/field/records", nil, "", 303, 400, 403},
		{"/zh/office/report/2026", nil, "", 303, 403, 303},
		{"/zh/office/report/2026/heading", nil, "", 303, 403, 303},
		{"/zh/office/records/new", nil, "", 303, 403, 400},
		{"/zh/office/campaigns", nil, "", 303, 403, 400},
		{"/zh/office/records/import", nil, "", 303, 403, 400},
		{"/zh/account/password", nil, "", 303, 400, 400},
		{"/api/v1/devices", nil, `{"name": "Android · Chrome"}`, 401, 201, 403},
		{"/api/v1/sync/push", nil, `{"schema": 1, "records": []}`, 401, 401, 401},
		{"/zh/office/residents/new", nil, "", 303, 403, 400},
		{"/zh/office/accounts", nil, "", 303, 403, 400},
		{"/zh/office/accounts/" + typist.ID + "/password", nil, "", 303, 403, 303},
		{"/zh/office/accounts/" + typist.ID + "/active", url.Values{"active": {"true"}}, "", 303, 403, 303},
		{ofOther, nil, "", 303, 403, 400},
		{ofOther + "/password", nil, "", 303, 403, 303},
		{ofOther + "/active", url.Values{"active": {"true"}}, "", 303, 403, 303},
		{ofOther + "/devices/" + otherDevice.ID + "/revoke", nil, "", 303, 403, 303},
		{"/zh/office/villages", nil, "", 303, 403, 400},
		{ofVillage, nil, "", 303, 403, 400},
		{ofVillage + "/active", url.Values{"active": {"true"}}, "", 303, 403, 303},
		{"/zh/office/materials", nil, "", 303, 403, public}, // a preview
		{"/zh/office/materials/" + sample.ID, nil, "", 303, 403, public},
		{"/zh/office/materials/" + sample.ID + "/status", nil, "", 303, 403, 400},
		{"/zh/office/materials/" + sample.ID + "/media", nil, "", 303, 403, 400},
		{"/zh/office/materials/" + sample.ID + "/media/999999/delete", nil, "", 303, 403, 404},
		{ofRecord + "/review", nil, "", 303, 403, 400},
		{"/zh/office/trainings", nil, "", 303, 403, 400},
		{ofTraining + "/headcounts", url.Values{"group_cadre": {"4"}}, "", 303, 403, 303},
		{"/zh/office/records/export", nil, "", 303, 403, 400},
		{"/zh/office/records/export", url.Values{"format": {"csv"}, "unmasked": {"1"}, "reason": {"县司法局检查"},
			"confirm": {"1"}}, "", 303, 403, public},
		{"/zh/m/bride-price/helped", nil, "", 303, 303, 303}, // anonymous readers too
		{"/zh/requests", nil, "", 400, 400, 400},             // no topic chosen, whoever asks
		{"/zh/office/requests/notes/999999/delete", nil, "", 303, 403, 404},
		{"/zh/logout", nil, "", 303, 303, 303},
	}
	type who struct {
		name string
		b    *browser
		want int
	}
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.method+" "+routePattern(a.srv.e, c.method, c.path)] = true
		for _, w := range []who{{"anonymous", anon, c.anon}, {"resident", resident, c.resident}, {"office", office, c.officeStatus}} {
			if rec := w.b.send(t, c.method, c.path, nil); rec.Code != w.want {
				t.Errorf("%s %s as %s = %d, want %d", c.method, c.path, w.name, rec.Code, w.want)
			}
		}
	}
	forbidden := a.locale.T("zh", "error.forbidden", nil)
	for _, c := range posts {
		seen["POST "+routePattern(a.srv.e, http.MethodPost, c.path)] = true
		for _, w := range []who{{"anonymous", anon, c.anon}, {"resident", resident, c.resident}, {"office", office, c.officeStatus}} {
			var rec *httptest.ResponseRecorder
			if c.json != "" {
				rec = w.b.postJSON(t, c.path, c.json, w.b.cookies["mingbai_csrf"].Value)
			} else {
				rec = w.b.post(t, c.path, c.form)
			}
			if rec.Code != w.want || (w.want == http.StatusForbidden && !strings.Contains(rec.Body.String(), forbidden)) {
				t.Errorf("POST %s as %s = %d, want %d: %.200s", c.path, w.name, rec.Code, w.want, rec.Body.String())
			}
		}
	}
	// resident1 holding resident2's token, revoked by the office above,
	// reads nothing, whatever cookie comes along.
	req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+otherToken)
	if rec := a.browser().do(t, req); rec.Code != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/me with resident2's revoked token = %d, want 401", rec.Code)
	}
	// Every route must be in these tables, so a new route cannot slip in
	// unchecked.
	for _, r := range a.srv.e.Routes() {
		key := r.Method + " " + r.Path
		if r.Method == "echo_route_any" || strings.HasSuffix(r.Path, "/*") {
			continue
		}
		if !seen[key] {
			t.Errorf("route %s has no row in TestRoutesByRole", key)
		}
	}
}

// routePattern is the route a sample path hits, as Echo's router finds it.
func routePattern(e *echo.Echo, method, p string) string {
	p, _, _ = strings.Cut(p, "?")
	c := e.NewContext(nil, nil)
	e.Router().Find(method, p, c)
	return c.Path()
}
