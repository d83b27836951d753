package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"mingbai/server/internal/testclock"
)

// TestOneProcessPerDataDirectory: a second server on a data directory in
// use, and a restore into it, are refused with a message that says why;
// once the first server stops, the directory serves again.
func TestOneProcessPerDataDirectory(t *testing.T) {
	ts := startServer(t, nil)
	env := func(k string) string {
		return map[string]string{"MINGBAI_ADDR": "127.0.0.1:0", "MINGBAI_DATA": ts.DataDir, "MINGBAI_LOG_LEVEL": "error"}[k]
	}
	var stderr bytes.Buffer
	err := runOn(context.Background(), testclock.New(t), []string{"mingbai"}, env, &bytes.Buffer{}, &stderr)
	if err == nil || !strings.Contains(err.Error(), "in use by another Mingbai process") {
		t.Fatalf("a second server on %s: %v, want a refusal naming the other process", ts.DataDir, err)
	}

	backup := filepath.Join(t.TempDir(), "backup")
	if err := runBackup(context.Background(), []string{"-data", ts.DataDir, "-to", backup}, env, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatalf("backup while serving: %v", err)
	}
	err = runRestore(context.Background(), testclock.New(t), []string{"-from", backup, "-data", ts.DataDir, "-force"}, env, &bytes.Buffer{}, &stderr)
	if err == nil || !strings.Contains(err.Error(), "in use by another Mingbai process") {
		t.Fatalf("restore -force under a running server: %v, want a refusal", err)
	}

	ts.Stop(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runOn(ctx, testclock.New(t), []string{"mingbai"}, env, &bytes.Buffer{}, &bytes.Buffer{})
	}()
	cancel()
	if err := <-done; err != nil && strings.Contains(err.Error(), "in use") {
		t.Errorf("the directory is still taken after its server stopped: %v", err)
	}
}
