package auth

import (
	"sync"
	"time"
)

// Limiter counts failed logins per key (an account name, an address) in a
// window and refuses further tries past a limit until the window passes.
// It counts names that match no account the same way, so being refused
// says nothing about whether an account exists.
type Limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

// NewLimiter allows max failures per key within window.
func NewLimiter(max int, window time.Duration, now func() time.Time) *Limiter {
	return &Limiter{max: max, window: window, now: now, fails: map[string][]time.Time{}}
}

// Blocked reports whether key has used up its failures.
func (l *Limiter) Blocked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(key)) >= l.max
}

// Fail records a failure for key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.record(key, l.recent(key))
}

// record appends now to key's recent times ts.
func (l *Limiter) record(key string, ts []time.Time) {
	l.fails[key] = append(ts, l.now())
	if len(l.fails) > 100_000 { // bound memory under a spray of names
		l.prune()
	}
}

// Take records one use of key unless key has used up its allowance, and
// reports whether it did: one check and record under one lock, so two
// requests at once cannot both slip through. Anonymous counters use it
// with an allowance of one per window.
func (l *Limiter) Take(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	ts := l.recent(key)
	if len(ts) >= l.max {
		return false
	}
	l.record(key, ts)
	return true
}

// Reset forgets key's failures after a successful login.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}

func (l *Limiter) recent(key string) []time.Time {
	cut := l.now().Add(-l.window)
	ts := l.fails[key]
	i := 0
	for i < len(ts) && ts[i].Before(cut) {
		i++
	}
	if i == len(ts) {
		delete(l.fails, key)
		return nil
	}
	return ts[i:]
}

func (l *Limiter) prune() {
	for k := range l.fails {
		l.recent(k)
	}
}
