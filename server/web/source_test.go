package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goSources returns the text of every non-test Go file of the server.
func goSources(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir("..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		out = append(out, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHandlersReadTheirClock: every "now" of the web layer comes from the
// clock in Deps, so a test's instant is the handlers' instant too and
// "today" is never the machine's UTC day.
func TestHandlersReadTheirClock(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, call := range []string{"time.Now(", "time.Since(", "time.Until("} {
			if strings.Contains(string(b), call) {
				t.Errorf("%s calls %s: use the server's clock (Deps.Clock)", f, call)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("checked %d files; the scan is broken", checked)
	}
}
