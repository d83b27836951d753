package mingbai

import "time"

// Clock gives the current time. The store takes one so tests can fix time;
// production uses SystemClock.
type Clock interface {
	Now() time.Time
}

// SystemClock reads the machine's clock, in UTC since every stored time is UTC.
type SystemClock struct{}

// Now returns the current UTC time.
func (SystemClock) Now() time.Time { return time.Now().UTC() }
