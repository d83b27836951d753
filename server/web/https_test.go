package web

import (
	"net"
	"net/http"
	"testing"

	"mingbai/server/mingbai"
)

// TestBehindATrustedProxy: behind the proxy the operator names, a
// reader's address comes from X-Forwarded-For and HTTPS from
// X-Forwarded-Proto, so sign-in limits and the audit log see the reader,
// and cookies are Secure with HSTS. The same headers from anyone else are
// not believed.
func TestBehindATrustedProxy(t *testing.T) {
	_, proxies, _ := net.ParseCIDR("10.0.0.0/8")
	a := newTestAppWith(t, Config{DefaultLang: mingbai.Chinese, TrustedProxies: []*net.IPNet{proxies}})
	a.addAccount(t, "clerk", mingbai.Office)
	forwarded := http.Header{"X-Forwarded-For": {"203.0.113.5"}, "X-Forwarded-Proto": {"https"}}
	for _, tc := range []struct {
		name, remote, wantAddr string
		secure                 bool
	}{
		{"through the proxy", "10.1.2.3:5000", "203.0.113.5", true},
		{"straight, with the same headers", "198.51.100.9:5000", "198.51.100.9", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := a.browser()
			b.remote, b.header = tc.remote, forwarded
			b.login(t, "clerk", "wrong password")
			log, err := a.store.AuditLog(t.Context(), 1)
			if err != nil || len(log) != 1 || log[0].Action != "login.fail" || log[0].Detail != tc.wantAddr {
				t.Fatalf("the failed sign-in is logged as %+v (%v), want from %s", log, err, tc.wantAddr)
			}
			rec := b.login(t, "clerk", testPassword)
			var session *http.Cookie
			for _, c := range rec.Result().Cookies() {
				if c.Name == sessionCookie {
					session = c
				}
			}
			if session == nil {
				t.Fatalf("sign-in = %d, set no session cookie", rec.Code)
			}
			if session.Secure != tc.secure || (rec.Header().Get("Strict-Transport-Security") != "") != tc.secure {
				t.Errorf("session cookie Secure = %v, HSTS %q; want Secure and HSTS %v", session.Secure,
					rec.Header().Get("Strict-Transport-Security"), tc.secure)
			}
		})
	}
}
