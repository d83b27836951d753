package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"mingbai/server/internal/testclock"
	"mingbai/server/mingbai"
)

// testServer is Mingbai started through run, as `go run ./server` would,
// on a free port with its own data directory.
type testServer struct {
	URL     string
	DataDir string
	Clock   mingbai.Clock // the server's clock
	stop    context.CancelFunc
	done    chan error
	mu      sync.Mutex
	log     strings.Builder
}

// Log returns what the server has logged so far.
func (ts *testServer) Log() string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.log.String()
}

var listeningLine = regexp.MustCompile(`msg=listening addr=(https?://\S+)`)

// startServer runs the server on the tests' clock (testclock.New: fixed
// at MINGBAI_TEST_NOW, or at the real time when it is unset) until the
// test ends (or Stop is called), and returns once it accepts requests.
// extraEnv adds environment variables.
func startServer(t testing.TB, extraEnv map[string]string) *testServer {
	t.Helper()
	return startServerOn(t, testclock.New(t), extraEnv)
}

// startBrowserServer runs the server on the real clock, for browser
// tests: the phone's own day comes from the browser's clock, which no
// test moves, so the server must keep the same time.
func startBrowserServer(t testing.TB, extraEnv map[string]string) *testServer {
	t.Helper()
	return startServerOn(t, mingbai.SystemClock{}, extraEnv)
}

func startServerOn(t testing.TB, clock mingbai.Clock, extraEnv map[string]string) *testServer {
	t.Helper()
	dataDir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"MINGBAI_ADDR": "127.0.0.1:0", "MINGBAI_DATA": dataDir, "MINGBAI_LOG_LEVEL": "info"}
	for k, v := range extraEnv {
		env[k] = v
	}
	dataDir = env["MINGBAI_DATA"] // a restart names the directory it goes on with
	ctx, cancel := context.WithCancel(context.Background())
	logR, logW := io.Pipe()
	ts := &testServer{DataDir: dataDir, Clock: clock, stop: cancel, done: make(chan error, 1)}
	go func() {
		err := runOn(ctx, clock, []string{"mingbai"}, func(k string) string { return env[k] }, io.Discard, logW)
		logW.CloseWithError(fmt.Errorf("server stopped: %v", err))
		ts.done <- err
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(logR)
		for sc.Scan() {
			ts.mu.Lock()
			ts.log.WriteString(sc.Text() + "\n")
			ts.mu.Unlock()
			if m := listeningLine.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case ts.URL = <-addr:
	case err := <-ts.done:
		t.Fatalf("server exited before listening: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("server did not log its address within 30s")
	}
	t.Cleanup(func() { ts.Stop(t) })
	return ts
}

// Stop shuts the server down and waits for run to return; the network is
// then really gone, which is how browser tests go offline.
func (ts *testServer) Stop(t testing.TB) {
	t.Helper()
	if ts.stop == nil {
		return
	}
	ts.stop()
	ts.stop = nil
	if err := <-ts.done; err != nil {
		t.Errorf("run returned %v", err)
	}
}

// get fetches a path and fails the test on a transport error.
func (ts *testServer) get(t testing.TB, path string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}
