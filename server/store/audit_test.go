package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestAuditRepeatedCountsABurstOnOneLine: failed sign-ins from one address
// within the window are one line that counts them; another address, or
// the same one after the window, starts a line of its own; a long target
// is cut.
func TestAuditRepeatedCountsABurstOnOneLine(t *testing.T) {
	s, clock := openTest(t)
	ctx := context.Background()
	fail := func(target, addr string) {
		t.Helper()
		if err := s.AuditRepeated(ctx, AuditEntry{Action: "login.fail", Target: target, Detail: addr}, 15*time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 30 {
		fail(strings.Repeat("x", 1000+i), "192.0.2.7")
		clock.t = clock.t.Add(10 * time.Second)
	}
	fail("office", "198.51.100.1")
	clock.t = clock.t.Add(16 * time.Minute)
	fail("office", "192.0.2.7")

	log, err := s.AuditLog(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, e := range log {
		got = append(got, e.Repeats)
		if len([]rune(e.Target)) > maxAuditRunes {
			t.Errorf("a line's target holds %d characters", len([]rune(e.Target)))
		}
	}
	if len(got) != 3 || got[0] != 1 || got[1] != 1 || got[2] != 30 {
		t.Fatalf("lines newest first count %v, want [1 1 30]: a new line after the window, one for the other address, one for the burst", got)
	}
	if burst := log[2]; !burst.LastAt.Equal(burst.At.Add(29 * 10 * time.Second)) {
		t.Errorf("the burst ran from %v to %v, want its last try 290 s after the first", burst.At, burst.LastAt)
	}
}
