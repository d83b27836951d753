package main

import (
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunEndToEnd starts the real server through run on port 0, as a
// newcomer's `go run ./server` would, and reads what a villager reads.
func TestRunEndToEnd(t *testing.T) {
	ts := startServer(t, nil)

	res := ts.get(t, "/", "Accept-Language", "bo-CN,bo;q=0.9,zh;q=0.5")
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/bo/" {
		t.Errorf("GET / with a Tibetan phone = %d to %q, want 302 to /bo/", res.StatusCode, res.Header.Get("Location"))
	}

	res = ts.get(t, "/healthz")
	var health map[string]string
	if err := json.NewDecoder(res.Body).Decode(&health); err != nil || health["status"] != "ok" {
		t.Errorf("GET /healthz = %d %v %v, want status ok", res.StatusCode, health, err)
	}

	res = ts.get(t, "/zh/m/bride-price")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "彩礼") {
		t.Errorf("GET /zh/m/bride-price = %d, body without 彩礼", res.StatusCode)
	}

	res = ts.get(t, "/api/v1/materials?per_page=100")
	var list struct {
		Total int `json:"total"`
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil || list.Total < 12 {
		t.Errorf("sample content: %d materials (%v), want at least 12", list.Total, err)
	}
}

// TestRunRestartKeepsDataAndDoesNotReseed restarts on the same data
// directory: the sample is loaded once, not twice.
func TestRunRestartKeepsDataAndDoesNotReseed(t *testing.T) {
	ts := startServer(t, nil)
	count := func(ts *testServer) int {
		var list struct {
			Total int `json:"total"`
		}
		res := ts.get(t, "/api/v1/materials")
		if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
			t.Fatal(err)
		}
		return list.Total
	}
	first := count(ts)
	ts.Stop(t)
	again := startServer(t, map[string]string{"MINGBAI_DATA": ts.DataDir})
	if got := count(again); got != first || got == 0 {
		t.Errorf("after restart %d materials, want %d", got, first)
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	err := run(t.Context(), []string{"mingbai", "-lang", "fr"}, func(string) string { return "" }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-lang") {
		t.Errorf("run -lang fr = %v, want an error naming -lang", err)
	}
	// Refused before anything is written: no data directory appears.
	dataDir := filepath.Join(t.TempDir(), "data")
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tc := range []struct{ args []string }{
		{[]string{"-tls-cert", "cert.pem"}},
		{[]string{"-domain", "pufa.example.cn", "-tls-cert", "c.pem", "-tls-key", "k.pem"}},
		{[]string{"-trusted-proxies", "10.0.0.0/99"}},
		{[]string{"-addr", busy.Addr().String()}},
	} {
		err := run(t.Context(), append([]string{"mingbai", "-data", dataDir}, tc.args...), func(string) string { return "" }, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.args[0]) {
			t.Errorf("run %v = %v, want an error naming %s", tc.args, err, tc.args[0])
		}
		if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
			t.Fatalf("run %v, refused, left a data directory behind", tc.args)
		}
	}
	for _, stall := range []string{"0s", "soon"} {
		err := run(t.Context(), []string{"mingbai", "-body-stall", stall}, func(string) string { return "" }, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "-body-stall") {
			t.Errorf("run -body-stall %s = %v, want an error naming -body-stall", stall, err)
		}
	}
}

// TestSubcommands: -h names every subcommand; version prints one; health
// is 0 against a running server and an error against none.
func TestSubcommands(t *testing.T) {
	var help strings.Builder
	err := run(t.Context(), []string{"mingbai", "-h"}, func(string) string { return "" }, io.Discard, &help)
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h = %v, want flag.ErrHelp", err)
	}
	for _, c := range commands {
		if !strings.Contains(help.String(), "  "+c.name+" ") {
			t.Errorf("-h does not list %q:\n%s", c.name, help.String())
		}
	}
	var out strings.Builder
	if err := run(t.Context(), []string{"mingbai", "version"}, func(string) string { return "" }, &out, io.Discard); err != nil ||
		!strings.HasPrefix(out.String(), "mingbai ") {
		t.Errorf("version = %q, %v", out.String(), err)
	}
	ts := startServer(t, nil)
	addr := strings.TrimPrefix(ts.URL, "http://")
	if err := run(t.Context(), []string{"mingbai", "health", "-addr", addr}, func(string) string { return "" }, io.Discard, io.Discard); err != nil {
		t.Errorf("health of a running server: %v", err)
	}
	ts.Stop(t)
	if err := run(t.Context(), []string{"mingbai", "health", "-addr", addr}, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
		t.Error("health of a stopped server says ok")
	}
}
