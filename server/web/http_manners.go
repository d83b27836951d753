package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// HTTP as clients expect it: HEAD wherever GET is answered (uptime
// monitors and link checkers ask that way), a path with a trailing slash
// sent to the path without it, and gzip only where it is welcome.

// headKey marks a HEAD request answered as its GET.
const headKey = "head"

// headAsGet answers HEAD with the GET route's status and headers and no
// body. It runs before routing, so every GET route answers HEAD; the GET's
// counting (a leaflet opened, a QR code scanned) skips it (isHead).
func headAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method == http.MethodHead {
			r.Method = http.MethodGet
			c.Set(headKey, true)
			c.Response().Writer = headWriter{c.Response().Writer}
		}
		return next(c)
	}
}

// isHead reports whether the request came as HEAD.
func isHead(c echo.Context) bool {
	head, _ := c.Get(headKey).(bool)
	return head
}

// headWriter drops a response's body.
type headWriter struct{ http.ResponseWriter }

func (w headWriter) Write(b []byte) (int, error) { return len(b), nil }

func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// noTrailingSlash sends /zh/office/ to /zh/office (the query kept). A
// language's home is the one path that ends in a slash (/zh/).
func noTrailingSlash(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := c.Request().URL.Path
		if len(p) > 1 && strings.HasSuffix(p, "/") && strings.Count(p, "/") > 2 {
			to := strings.TrimRight(p, "/")
			if q := c.Request().URL.RawQuery; q != "" {
				to += "?" + q
			}
			return c.Redirect(http.StatusMovedPermanently, to)
		}
		return next(c)
	}
}

// acceptsGzip reads Accept-Encoding as RFC 9110 has it: gzip (or *) with
// a quality above zero.
func acceptsGzip(header string) bool {
	star := false
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(k, "q") {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "gzip", "x-gzip":
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}
