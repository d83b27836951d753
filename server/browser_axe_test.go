package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, the accessibility checker, from the repository's
// npm dev dependencies (package.json), installed here when missing.
func axeSource(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "node_modules", "axe-core", "axe.min.js")
	if _, err := os.Stat(file); err != nil {
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			msg := "axe-core is not installed and npm ci failed: " + err.Error() + "\n" + string(out)
			if os.Getenv("MINGBAI_REQUIRE_BROWSER") == "1" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// axeJS runs axe on the page and lists its violations, a line each.
const axeJS = `axe.run(document, {resultTypes: ["violations"]}).then((r) => r.violations.map((v) =>
	v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")))`

// runAxe runs axe on the open page. A page with an outbox reloads itself
// once its first sync has pulled something (field-sync.js), which can
// come while axe runs; axe then runs again on the page as reloaded, once
// its sync is done.
func runAxe(t *testing.T, ctx context.Context, axe, path string) []string {
	t.Helper()
	var violations []string
	var err error
	for range 3 {
		if _, err = chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err == nil {
			if violations, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](axeJS, chromedp.EvalAwaitPromise)); err == nil {
				return violations
			}
		}
		if !strings.Contains(err.Error(), "navigated or closed") && !strings.Contains(err.Error(), "context was destroyed") {
			break
		}
		pollAcrossReloads(t, ctx, "wait for "+path+" to settle after its reload",
			`!document.querySelector(".outbox") || document.querySelector(".outbox").dataset.syncState === "done"`)
	}
	t.Fatalf("run axe on %s: %v (page at %s)", path, err, pageLocation(ctx))
	return nil
}

// TestBrowserPagesPassAxe: axe-core finds no accessibility violation on
// any page a reader, a resident or the office opens, in bo, zh and en.
func TestBrowserPagesPassAxe(t *testing.T) {
	axe := axeSource(t)
	ts := startBrowserServer(t, nil)
	check := func(ctx context.Context, paths []string) {
		for _, l := range []string{"bo", "zh", "en"} {
			for _, p := range paths {
				path := "/" + l + p
				mustDo(t, ctx, "open "+path, chromedp.Navigate(ts.URL+path), chromedp.WaitReady("body"))
				for _, v := range runAxe(t, ctx, axe, path) {
					t.Errorf("%s: %s", path, v)
				}
			}
		}
	}
	reader := newBrowser(t)
	check(reader, []string{"/", "/t/marriage-family", "/m/bride-price", "/m/bride-price?view=both", "/search?q=婚姻",
		"/search?q=nothing-matches", "/offline", "/login"})
	signInResident(t, reader, ts, "dolma")
	check(reader, []string{"/field", "/field/new/consultation", "/field/new/rule_revision", "/field/records", "/account/password"})

	office := newBrowser(t)
	firstSignIn(t, office, ts, "office", firstPassword(t, ts), "grassland-2026-desk", ".office-nav")
	check(office, []string{"/office", "/office/materials", "/office/materials/new", "/office/residents", "/office/residents/new",
		"/office/accounts", "/office/villages", "/office/figures", "/office/records", "/office/records/new?kind=mediation",
		"/office/records/import?kind=mediation", "/office/campaigns", "/office/trainings", "/office/requests",
		"/office/report/2026"})
}
