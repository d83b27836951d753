package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The built binary run as a child process, for tests that must do what
// run() in-process cannot: kill it with SIGKILL and start it again.

// buildBinary builds the server from the module root, as a release would.
func buildBinary(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for ; ; root = filepath.Dir(root) {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		if root == filepath.Dir(root) {
			t.Fatal("no go.mod above the test's directory")
		}
	}
	bin := filepath.Join(t.TempDir(), "mingbai")
	cmd := exec.Command("go", "build", "-o", bin, "./server")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// binServer is the built binary running as a child process.
type binServer struct {
	cmd    *exec.Cmd
	url    string
	done   chan error // the process's end, once
	ended  bool       // done was received
	client *http.Client
	mu     sync.Mutex
	log    strings.Builder
}

func startBinary(t *testing.T, bin, dataDir string) *binServer {
	t.Helper()
	s := &binServer{done: make(chan error, 1), client: &http.Client{Timeout: 20 * time.Second}}
	s.cmd = exec.Command(bin)
	s.cmd.Env = append(os.Environ(), "MINGBAI_ADDR=127.0.0.1:0", "MINGBAI_DATA="+dataDir, "MINGBAI_LOG_LEVEL=info")
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.mu.Lock()
			s.log.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
			if m := listeningLine.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		s.done <- s.cmd.Wait() // after the last read of the pipe, as Wait requires
	}()
	t.Cleanup(func() {
		if !s.ended {
			s.cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			s.mu.Lock()
			t.Logf("log of the server at %s:\n%s", s.url, s.log.String())
			s.mu.Unlock()
		}
	})
	select {
	case s.url = <-addr:
	case err := <-s.done:
		t.Fatalf("server exited before listening: %v\n%s", err, s.log.String())
	case <-time.After(20 * time.Second):
		t.Fatal("server did not log its address within 20s")
	}
	return s
}

// kill sends SIGKILL: no shutdown, no deferred close, nothing flushed.
func (s *binServer) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	var exit *exec.ExitError
	s.ended = true
	if err := <-s.done; !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("server ended with %v, want killed by SIGKILL", err)
	}
}

// stop asks the server to shut down as an operator would, and checks it
// exits cleanly.
func (s *binServer) stop(t *testing.T) {
	t.Helper()
	// A connection the client dialled but never used holds a graceful
	// shutdown for 5 s (net/http waits that long on a silent new one).
	s.client.CloseIdleConnections()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	s.ended = true
	if err := <-s.done; err != nil {
		t.Errorf("server stopped with %v, want a clean exit", err)
	}
}

// pushBatch is a batch as a phone sends it, and its records' ids in order.
type pushBatch struct {
	body []byte
	ids  []string
}

type pushResult struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Error  struct {
		Message string `json:"message"`
	} `json:"error"`
}

// push sends a batch. An error means no acknowledgement: the server did
// not answer, or answered other than 200 with a result for every record.
func (s *binServer) push(token string, b pushBatch) ([]pushResult, error) {
	req, err := http.NewRequest(http.MethodPost, s.url+"/api/v1/sync/push", bytes.NewReader(b.body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var out struct{ Results []pushResult }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("push answered %d (%v)", res.StatusCode, err)
	}
	if len(out.Results) != len(b.ids) {
		return nil, fmt.Errorf("push answered %d results for %d records", len(out.Results), len(b.ids))
	}
	return out.Results, nil
}

// pullRecordIDs pulls everything a phone may see, page by page, and
// counts how often each record came.
func (s *binServer) pullRecordIDs(t *testing.T, token string) map[string]int {
	t.Helper()
	ids := map[string]int{}
	var cursor int64
	for more := true; more; {
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/sync/pull?cursor=%d&limit=500", s.url, cursor), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := s.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Changes []struct {
				Seq    int64
				Type   string
				Record struct{ ID string }
			}
			NextCursor int64 `json:"next_cursor"`
			More       bool
		}
		err = json.NewDecoder(res.Body).Decode(&page)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("pull from %d = %d, %v", cursor, res.StatusCode, err)
		}
		for _, c := range page.Changes {
			if c.Seq <= cursor {
				t.Fatalf("pull from %d sent change %d", cursor, c.Seq)
			}
			cursor = c.Seq
			if c.Type == "record" {
				ids[c.Record.ID]++
			}
		}
		if page.NextCursor != cursor {
			t.Fatalf("next_cursor %d, last change %d", page.NextCursor, cursor)
		}
		more = page.More
	}
	return ids
}
