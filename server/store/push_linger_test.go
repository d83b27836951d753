package store

import (
	"context"
	"testing"
	"time"

	"mingbai/server/mingbai"
)

// TestTheWriterWaitsForAGroupAsLargeAsLately: once three pushes have come
// together, a push alone is not committed on its own while the next two
// are on their way; the three share one commit. The linger is made an
// hour here, so that what is tested is what the writer waits for, not
// how fast this machine is.
func TestTheWriterWaitsForAGroupAsLargeAsLately(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	s.groupLinger = time.Hour
	dolkar, phone := resident(t, s, "dolkar")
	records := make([]*mingbai.Record, 6)
	for i := range records {
		records[i] = consultation(t, s, "同来")
	}
	answers := make(chan error, len(records))
	push := func(r *mingbai.Record) {
		go func() {
			res, err := s.Push(context.Background(), dolkar, phone, items(r))
			if err == nil && res[0].Status != Applied {
				err = res[0].Err
			}
			answers <- err
		}()
	}
	answered := func(n int) {
		t.Helper()
		for range n {
			select {
			case err := <-answers:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("a push was never answered")
			}
		}
	}

	release, groups := holdWriter(t, s, dolkar, phone)
	// The writer is held: as if three had come together before, so that it
	// waits for all three below however late the last is scheduled.
	s.recent.add(3)
	for _, r := range records[:3] {
		push(r)
		time.Sleep(50 * time.Millisecond) // until it waits, before the next comes
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	answered(3)
	if *groups != 2 {
		t.Fatalf("the writer took %d groups, want 2: the one held and the three that waited", *groups)
	}

	push(records[3])
	select {
	case err := <-answers:
		t.Fatalf("a push alone was committed (%v) while the last group held three", err)
	case <-time.After(200 * time.Millisecond):
	}
	push(records[4])
	push(records[5])
	answered(3)
	if *groups != 3 {
		t.Errorf("the writer took %d groups, want 3: the last three pushes in one", *groups)
	}
	for _, r := range records {
		if _, err := s.Record(context.Background(), r.ID); err != nil {
			t.Errorf("record %s: %v", r.ID, err)
		}
	}
}

// TestALonePushIsAnsweredAfterTheLinger: when the phones that came
// together stop, the one still pushing waits for them for groupLinger,
// and is then committed alone rather than kept waiting. (That the writer
// forgets the larger groups is TestRecentGroupsForgets.)
func TestALonePushIsAnsweredAfterTheLinger(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s)
	dolkar, phone := resident(t, s, "dolkar")
	s.groupLinger = 20 * time.Millisecond
	s.recent.add(8) // eight phones came together a moment ago
	alone := consultation(t, s, "独自")
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := s.Push(context.Background(), dolkar, phone, items(alone))
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
		if waited := time.Since(start); waited < s.groupLinger {
			t.Errorf("a push alone was answered after %v, before the linger of %v: it did not wait for the others", waited, s.groupLinger)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a push alone waited for the others past the linger")
	}
}

// TestRecentGroupsForgets: the writer waits for as many pushes as the
// largest of its last groups, and forgets a large group after as many
// groups as it remembers.
func TestRecentGroupsForgets(t *testing.T) {
	var r recentGroups
	if n := r.largest(); n != 0 {
		t.Fatalf("a writer that has written nothing waits for %d pushes, want none", n)
	}
	r.add(5)
	for i := 1; i < len(r.sizes); i++ {
		r.add(1)
		if n := r.largest(); n != 5 {
			t.Fatalf("after a group of 5 and %d of 1 it waits for %d, want 5", i, n)
		}
	}
	r.add(2)
	if n := r.largest(); n != 2 {
		t.Errorf("after %d groups since the group of 5 it waits for %d, want 2", len(r.sizes), n)
	}
}
