package web

import (
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// HTTPS, served here or by a reverse proxy in front. The service worker
// (offline reading, the outbox) works only over HTTPS, so a public site
// must be reached that way: cookies are then Secure and browsers are told
// (HSTS) never to come back over plain HTTP.

// secureKey marks, in a request's context, that it came over HTTPS.
const secureKey = "https"

// hstsHeader keeps browsers on HTTPS for a year once they have seen it.
const hstsHeader = "max-age=31536000"

// markSecure finds whether the request came over HTTPS: to this server
// over TLS, to a public address that is https:// (Config.BaseURL), or to a
// trusted proxy that says so (X-Forwarded-Proto). Such a request's
// cookies are Secure and its answer carries HSTS.
func (s *server) markSecure(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		secure := r.TLS != nil || s.cfg.https() ||
			(s.fromTrustedProxy(r) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
		if secure {
			c.Set(secureKey, true)
			c.Response().Header().Set("Strict-Transport-Security", hstsHeader)
		}
		return next(c)
	}
}

// isSecure reports whether markSecure found the request came over HTTPS.
func isSecure(c echo.Context) bool {
	secure, _ := c.Get(secureKey).(bool)
	return secure
}

// fromTrustedProxy is true when the request's peer is one of the
// proxies the operator named (Config.TrustedProxies).
func (s *server) fromTrustedProxy(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	for _, n := range s.cfg.TrustedProxies {
		if ip != nil && n.Contains(ip) {
			return true
		}
	}
	return false
}

// ipExtractor is where a request's address comes from: the peer itself,
// unless the operator named trusted proxies; then X-Forwarded-For, read
// from the right and believed only as far as those proxies go. No
// private range is trusted by default, or anyone on the same network
// could dodge the per-address sign-in limit.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
