package main

import (
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// TestReachCountsSurviveAStop reads leaflets on the real server and stops
// it well before the minute's flush: the counts must be written on the way
// down, after the last request, before the database closes.
func TestReachCountsSurviveAStop(t *testing.T) {
	ts := startServer(t, nil)
	for range 3 {
		if res := ts.get(t, "/zh/m/bride-price"); res.StatusCode != http.StatusOK {
			t.Fatalf("GET leaflet = %d", res.StatusCode)
		}
	}
	ts.get(t, "/bo/m/bride-price")
	ts.Stop(t)

	f := storedReach(t, ts)
	if f.OpensByLang[mingbai.Chinese] != 3 || f.OpensByLang[mingbai.Tibetan] != 1 {
		t.Errorf("opens after a stop = %v, want zh 3, bo 1", f.OpensByLang)
	}
}

// storedReach opens a stopped server's database and adds up the reach
// counts of a period around today.
func storedReach(t *testing.T, ts *testServer) store.ReachFigures {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(ts.DataDir, "mingbai.db"), ts.Clock)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := ts.Clock.Now()
	f, err := st.Reach(t.Context(), mingbai.TownshipDay(now.Add(-24*time.Hour)), mingbai.TownshipDay(now.Add(24*time.Hour)), "")
	if err != nil {
		t.Fatal(err)
	}
	return f
}
