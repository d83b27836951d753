package main

import (
	"errors"
	"io"
	"net/http"
	"os"
	"time"

	"mingbai/server/mingbai"
)

// Request bodies have a deadline that moves while bytes arrive, instead of
// one fixed time for the whole body: a 150 KB batch from a phone on GPRS
// (2 KB/s) takes over a minute and is no attack, while a client that stops
// sending holds its connection only for the stall limit.
const (
	// bodyCeiling bounds a whole body however steadily it trickles: the
	// largest upload (an audio file) at 2G speed.
	bodyCeiling = 15 * time.Minute
)

// bodyDeadline sets each request's read deadline to the stall limit and
// moves it on with every read that brings bytes, up to bodyCeiling from
// the start. A body that stops reads as a domain error (ETIMEOUT), which
// the handlers answer 408. The deadline is the network's, so it runs on
// the wall clock, not on the handlers' clock.
func bodyDeadline(h http.Handler, stall time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		b := &movingDeadline{body: r.Body, rc: http.NewResponseController(w), stall: stall, end: start.Add(bodyCeiling)}
		if r.Body != nil && r.Body != http.NoBody && b.extend(start) == nil {
			r.Body = b
		}
		h.ServeHTTP(w, r)
	})
}

// movingDeadline is a request body whose read deadline moves on as it is
// read.
type movingDeadline struct {
	body  io.ReadCloser
	rc    *http.ResponseController
	stall time.Duration
	end   time.Time
}

func (b *movingDeadline) extend(now time.Time) error {
	d := now.Add(b.stall)
	if d.After(b.end) {
		d = b.end
	}
	return b.rc.SetReadDeadline(d)
}

func (b *movingDeadline) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if n > 0 && err == nil {
		_ = b.extend(time.Now())
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return n, mingbai.Errorf(mingbai.ETIMEOUT, "error.body_stalled", "request body: %v", err)
	}
	return n, err
}

func (b *movingDeadline) Close() error { return b.body.Close() }
