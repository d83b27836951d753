package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"mingbai/server/mingbai"
)

// postJSON sends a JSON body as the page's script would, with the CSRF
// token in its header when csrf is not empty.
func (b *browser) postJSON(t *testing.T, path, body, csrf string) *httptest.ResponseRecorder {
	t.Helper()
	_, rec := b.postJSONRequest(t, path, body, csrf)
	return rec
}

// postJSONRequest is postJSON that also returns the request, for the
// OpenAPI contract.
func (b *browser) postJSONRequest(t *testing.T, path, body, csrf string) (*http.Request, *httptest.ResponseRecorder) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://localhost"+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	return req, b.do(t, req)
}

// fieldCSRF opens the resident's field page and returns the CSRF token
// its script sends.
func (b *browser) fieldCSRF(t *testing.T) string {
	t.Helper()
	if rec := b.send(t, http.MethodGet, "/zh/field", nil); rec.Code != http.StatusOK {
		t.Fatalf("GET /zh/field = %d", rec.Code)
	}
	return b.cookies["mingbai_csrf"].Value
}

// registerPhone registers a phone for the resident signed in on b and
// returns the answer.
func (b *browser) registerPhone(t *testing.T, name string) deviceCreatedJSON {
	t.Helper()
	rec := b.postJSON(t, "/api/v1/devices", `{"name": "`+name+`"}`, b.fieldCSRF(t))
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /api/v1/devices = %d: %s", rec.Code, rec.Body.String())
	}
	var out deviceCreatedJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// me calls GET /api/v1/me with a bearer token (none when empty).
func (a *testApp) me(t *testing.T, token string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	if token != "" {
		header = append(header, "Authorization", "Bearer "+token)
	}
	return a.do(t, "/api/v1/me", header...)
}

// apiErrorOf decodes an API error body.
func apiErrorOf(t *testing.T, rec *httptest.ResponseRecorder) apiErrorBody {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body %q: %v", rec.Body.String(), err)
	}
	return e.Error
}

func TestResidentLandsOnFieldPage(t *testing.T) {
	a := newTestApp(t)
	a.addAccount(t, "dolma", mingbai.Resident)
	b := a.browser()
	if rec := b.login(t, "dolma", testPassword); rec.Header().Get("Location") != "/zh/field" {
		t.Fatalf("resident login goes to %q, want /zh/field", rec.Header().Get("Location"))
	}
	rec := b.send(t, http.MethodGet, "/bo/field", nil)
	if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("GET /bo/field = %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	body := rec.Body.String()
	for _, want := range []string{"Test dolma", "示例村", a.locale.T("bo", "field.device_needs_js", nil)} {
		if !strings.Contains(body, want) {
			t.Errorf("field page lacks %q", want)
		}
	}
	if !strings.Contains(body, `data-csrf="`+b.cookies["mingbai_csrf"].Value+`"`) || !strings.Contains(body, "device.") {
		t.Error("field page gives its script no CSRF token, or loads no device script")
	}
}

func TestDeviceRegistrationAndMe(t *testing.T) {
	a := newTestApp(t)
	c := loadContract(t, a)
	u := a.addAccount(t, "dolma", mingbai.Resident)
	b := a.browser()
	b.login(t, "dolma", testPassword)
	req, rec := b.postJSONRequest(t, "/api/v1/devices", `{"name": "Android · Chrome"}`, b.fieldCSRF(t))
	c.validate(t, req, rec)
	var got deviceCreatedJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusCreated {
		t.Fatalf("POST /api/v1/devices = %d (%v)", rec.Code, err)
	}
	if got.Device.Name != "Android · Chrome" || got.Token == "" || got.Device.ID == "" {
		t.Fatalf("registration = %+v", got)
	}
	rec = c.check(t, a, "/api/v1/me", "Authorization", "Bearer "+got.Token)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/me = %d: %s", rec.Code, rec.Body.String())
	}
	var me meJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &me); err != nil {
		t.Fatal(err)
	}
	if me.User.ID != u.ID || me.User.Role != "resident" || me.User.Village.NameZH != "示例村" || me.Device.ID != got.Device.ID {
		t.Errorf("me = %+v; want dolma of 示例村 on device %s", me, got.Device.ID)
	}
	if !a.hasAudit(t, "device.register", "dolma") {
		t.Error("no audit entry for the registration")
	}

	// Used within the minute, last_seen stays; a minute later it moves.
	first := me.Device.LastSeenAt
	a.clock.Advance(30 * time.Second)
	a.me(t, got.Token)
	if d := a.devicesOf(t, u.ID)[0]; !d.LastSeenAt.Equal(first) {
		t.Errorf("last seen after 30 s = %v, want unchanged %v", d.LastSeenAt, first)
	}
	a.clock.Advance(time.Minute)
	a.me(t, got.Token)
	if d := a.devicesOf(t, u.ID)[0]; !d.LastSeenAt.After(first.Add(time.Minute)) {
		t.Errorf("last seen after 90 s = %v, want it a minute past %v", d.LastSeenAt, first)
	}
}

func (a *testApp) devicesOf(t *testing.T, userID string) []mingbai.Device {
	t.Helper()
	ds, err := a.store.DevicesOf(t.Context(), userID)
	if err != nil || len(ds) == 0 {
		t.Fatalf("DevicesOf = %v, %v", ds, err)
	}
	return ds
}

func TestDeviceRegistrationRefusals(t *testing.T) {
	a := newTestApp(t)
	c := loadContract(t, a)
	clerk := a.addAccount(t, "clerk", mingbai.Office)
	dolma := a.addAccount(t, "dolma", mingbai.Resident)
	resident, office, anon := a.browser(), a.browser(), a.browser()
	resident.login(t, "dolma", testPassword)
	office.login(t, "clerk", testPassword)
	csrf := resident.fieldCSRF(t)
	cases := []struct {
		name   string
		b      *browser
		body   string
		csrf   string
		status int
		msgID  string
	}{
		{"anonymous", anon, `{"name": "x"}`, "", 401, "error.sign_in_first"},
		{"office account", office, `{"name": "x"}`, office.cookies["mingbai_csrf"].Value, 403, "error.forbidden"},
		{"no CSRF token", resident, `{"name": "x"}`, "", 403, "error.csrf"},
		{"forged CSRF token", resident, `{"name": "x"}`, "forged", 403, "error.csrf"},
		{"not JSON", resident, `name=x`, csrf, 400, "error.bad_request"},
		{"empty name", resident, `{"name": "  "}`, csrf, 400, "error.device_name_invalid"},
		{"long name", resident, `{"name": "` + strings.Repeat("机", 81) + `"}`, csrf, 400, "error.device_name_invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, rec := tc.b.postJSONRequest(t, "/api/v1/devices", tc.body, tc.csrf)
			c.validate(t, req, rec)
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d: %s", rec.Code, tc.status, rec.Body.String())
			}
			if e := apiErrorOf(t, rec); e.Message != a.locale.T("zh", tc.msgID, nil) {
				t.Errorf("message = %q, want %s", e.Message, tc.msgID)
			}
		})
	}
	for _, u := range []*mingbai.User{clerk, dolma} {
		if ds, err := a.store.DevicesOf(t.Context(), u.ID); err != nil || len(ds) != 0 {
			t.Errorf("refused registrations stored devices of %s: %v %v", u.Username, ds, err)
		}
	}
	// Registering is how a phone gets a token, not how a password is
	// dodged: an account that must change its password must do that first.
	if err := a.store.ResetPassword(t.Context(), dolma.ID, mustHash(t, testPassword)); err != nil {
		t.Fatal(err)
	}
	fresh := a.browser()
	fresh.login(t, "dolma", testPassword)
	rec := fresh.postJSON(t, "/api/v1/devices", `{"name": "x"}`, fresh.cookies["mingbai_csrf"].Value)
	if rec.Code != http.StatusForbidden || apiErrorOf(t, rec).Message != a.locale.T("zh", "error.password_must_change", nil) {
		t.Errorf("registration before the password change = %d %s, want 403 password_must_change", rec.Code, rec.Body.String())
	}
}

func TestDeviceTokenRefusals(t *testing.T) {
	a := newTestApp(t)
	c := loadContract(t, a)
	a.addAccount(t, "dolma", mingbai.Resident)
	b := a.browser()
	b.login(t, "dolma", testPassword)
	cases := []struct{ name, auth, msgID string }{
		{"no header", "", "error.device_token_missing"},
		{"another scheme", "Basic ZG9sbWE6eA==", "error.device_token_missing"},
		{"empty bearer", "Bearer ", "error.device_token_missing"},
		{"unknown token", "Bearer not-a-token", "error.device_unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := c.check(t, a, "/api/v1/me", "Authorization", tc.auth, "Accept-Language", "bo")
			if rec.Code != http.StatusUnauthorized || !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("status = %d, WWW-Authenticate %q; want 401 with a Bearer challenge", rec.Code, rec.Header().Get("WWW-Authenticate"))
			}
			if e := apiErrorOf(t, rec); e.Code != mingbai.EUNAUTHORIZED || e.Message != a.locale.T("bo", tc.msgID, nil) {
				t.Errorf("error = %+v, want %s in Tibetan", e, tc.msgID)
			}
		})
	}
	// A session cookie is no device token.
	req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
	if rec := b.do(t, req); rec.Code != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/me with a session cookie only = %d, want 401", rec.Code)
	}
}
