// Package testclock is the clock of every test that starts a server or a
// store: fixed, so a fixture's "today" and the server's are the same day
// however long the test runs, and moved only when the test says so.
//
// It starts at MINGBAI_TEST_NOW (RFC 3339) when that is set, so the whole
// suite can be run at a chosen instant, such as 02:30 in the township or
// the last seconds of New Year's Eve:
//
//	MINGBAI_TEST_NOW=2026-12-31T15:59:30Z go test ./...
//
// Otherwise it starts at the real time, so plain runs at different hours
// try different instants. Fixtures that need a particular instant use At.
package testclock

import (
	"os"
	"sync"
	"testing"
	"time"
)

// Env names the variable that sets the instant tests start at.
const Env = "MINGBAI_TEST_NOW"

// Clock is a mingbai.Clock that stands still until moved.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a clock at MINGBAI_TEST_NOW, or at the real time when it is
// unset. A value that is not RFC 3339 fails the test rather than running
// it at another instant than the one asked for.
func New(tb testing.TB) *Clock {
	tb.Helper()
	return At(Start(tb))
}

// Start is the instant tests start at: MINGBAI_TEST_NOW, or now.
func Start(tb testing.TB) time.Time {
	tb.Helper()
	v := os.Getenv(Env)
	if v == "" {
		return time.Now().UTC()
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		tb.Fatalf("%s=%q is not an RFC 3339 time: %v", Env, v, err)
	}
	return t.UTC()
}

// At returns a clock standing at t.
func At(t time.Time) *Clock { return &Clock{t: t.UTC()} }

// Now returns the clock's time, in UTC as stored times are.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock d ahead.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
