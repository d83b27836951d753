package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPhoneStaysRegisteredThroughAKill: the browser is killed the
// moment the phone says it is registered (Chromium writes localStorage to
// disk only seconds later, and a phone registered there forgot it). Opened
// again (and signed in again), the phone holds the same registration, registers no second
// device, and keeps a record made offline.
func TestBrowserPhoneStaysRegisteredThroughAKill(t *testing.T) {
	ts := startBrowserServer(t, nil)
	profile := filepath.Join(t.TempDir(), "phone")
	first := newBrowserIn(t, profile)
	firstSignIn(t, first, ts, "dolma", addResident(t, ts, "dolma"), "yak butter tea 2026",
		`.device-status[data-state="registered"]`)
	registered := readStoredDevice(t, first)
	if registered == nil {
		t.Fatal("the phone says it is registered but holds no registration")
	}
	if err := chromedp.FromContext(first).Browser.Process().Kill(); err != nil {
		t.Fatalf("kill the browser: %v", err)
	}

	// The session cookie may be lost with the browser: she signs in again.
	again := newBrowserIn(t, profile)
	signInAgain(t, again, ts, "dolma", "yak butter tea 2026", `.device-status[data-state="registered"]`)
	if d := readStoredDevice(t, again); d == nil || d.ID != registered.ID {
		t.Fatalf("after the kill the phone holds %+v, want device %s", d, registered.ID)
	}
	st := openStoreOf(t, ts)
	devices, err := st.DevicesOf(context.Background(), residentNamed(t, st, "dolma").ID)
	st.Close()
	if err != nil || len(devices) != 1 {
		t.Fatalf("dolma has %d devices (%v), want the one registered before the kill", len(devices), err)
	}
	must(t, again, "wait for the field pages to be kept offline", chromedp.Poll[bool](
		`caches.open("field").then((c) => c.keys()).then((k) => k.length >= 7)`))

	ts.Stop(t)
	saveConsultation(t, again, ts) // offline
	if items := readOutbox(t, again); len(items) != 1 || items[0].Owner != registered.User {
		t.Errorf("the outbox holds %+v, want one record of the registered resident", items)
	}
}
