package auth

import (
	"testing"
	"time"
)

func TestLimiterWindow(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(3, 15*time.Minute, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if l.Blocked("user:a") {
			t.Fatalf("blocked after %d failures, limit is 3", i)
		}
		l.Fail("user:a")
	}
	if !l.Blocked("user:a") || l.Blocked("user:b") {
		t.Fatal("want a blocked after 3 failures and b free")
	}
	now = now.Add(16 * time.Minute)
	if l.Blocked("user:a") {
		t.Error("still blocked after the window passed")
	}
	l.Fail("user:a")
	l.Reset("user:a")
	if l.Blocked("user:a") {
		t.Error("blocked after Reset")
	}
}

func TestPasswords(t *testing.T) {
	h, err := HashPassword("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := CheckPassword(h, "a long enough password"); !ok || err != nil {
		t.Errorf("right password = %v, %v", ok, err)
	}
	if ok, err := CheckPassword(h, "another password"); ok || err != nil {
		t.Errorf("wrong password = %v, %v", ok, err)
	}
	if _, err := CheckPassword("not a hash", "x"); err == nil {
		t.Error("a corrupt hash must be an error, not a mismatch")
	}
	if a, b := NewPassword(), NewPassword(); a == b || len(a) != 16 {
		t.Errorf("NewPassword gave %q and %q", a, b)
	}
}

func TestLimiterTakeAllowsOncePerWindow(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	l := NewLimiter(1, time.Hour, func() time.Time { return now })
	if !l.Take("a") {
		t.Fatal("first Take refused")
	}
	if l.Take("a") {
		t.Error("second Take within the hour allowed")
	}
	if !l.Take("b") {
		t.Error("another key refused")
	}
	now = now.Add(time.Hour + time.Second)
	if !l.Take("a") {
		t.Error("Take refused after the window passed")
	}
}
