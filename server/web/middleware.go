package web

import (
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/labstack/echo/v4"
)

// requestIDs makes the id a request's log lines and X-Request-Id carry: a
// counter from a random start, mixed (mixBits), so ids never repeat
// within a run and say nothing of how many requests came before. Echo's
// own generator reads crypto/rand under a lock for each request, which is
// more than a log's id needs.
func requestIDs() func() string {
	var n atomic.Uint64
	n.Store(rand.Uint64())
	return func() string { return strconv.FormatUint(mixBits(n.Add(1)), 36) }
}

// mixBits is splitmix64's finalizer: it spreads every input bit over the
// output and is a bijection, so distinct counts give distinct ids.
func mixBits(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// logRequests writes one structured line per request with its request id.
// It logs no query strings: a search can hold what a reader worries about.
func (s *server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := s.clock.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		res := c.Response()
		level := slog.LevelDebug
		switch {
		case res.Status >= 500:
			level = slog.LevelError
		case res.Status == http.StatusRequestTimeout, res.Status == http.StatusRequestEntityTooLarge,
			res.Status == http.StatusTooManyRequests:
			// A phone meeting a limit: what an operator looks for when a
			// resident says their records do not go up.
			level = slog.LevelWarn
		}
		ctx := c.Request().Context()
		if !s.log.Enabled(ctx, level) {
			return nil // the line's arguments cost allocations a server at info level throws away
		}
		s.log.Log(ctx, level, "request",
			"id", res.Header().Get(echo.HeaderXRequestID),
			"method", c.Request().Method,
			"path", c.Request().URL.Path,
			"status", res.Status,
			"bytes", res.Size,
			"dur", s.clock.Now().Sub(start))
		return nil
	}
}

// contentSecurityPolicy allows only this origin's scripts, styles and
// images (and data: images, which the QR code never needs but a pasted
// leaflet image may): no inline script can run, whatever a page contains.
// The one inline style is the Tibetan font's declaration, allowed by its
// hash (styleHash).
func contentSecurityPolicy(styleHash string) string {
	style := "style-src 'self'"
	if styleHash != "" {
		style += " '" + styleHash + "'"
	}
	return "default-src 'self'; " + style + "; img-src 'self' data:; media-src 'self'; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}

// securityHeaders sets the headers every response carries. They are made
// here, once: Echo calls a middleware function for every request, to wrap
// the handler.
func (s *server) securityHeaders() echo.MiddlewareFunc {
	fixed := []fixedHeader{
		newFixedHeader("Content-Security-Policy", contentSecurityPolicy(s.assets.styleHash)),
		newFixedHeader("X-Content-Type-Options", "nosniff"),
		newFixedHeader("Referrer-Policy", "same-origin"),
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			for _, f := range fixed {
				f.set(h)
			}
			return next(c)
		}
	}
}
