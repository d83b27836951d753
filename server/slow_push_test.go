package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mingbai/server/mingbai"
)

// trickle is a request body that arrives chunk bytes at a time, gap apart,
// pausing once for pause after half of it: a phone on GPRS.
type trickle struct {
	rest       []byte
	chunk      int
	gap, pause time.Duration
	half, sent int
	paused     bool
}

func (b *trickle) Read(p []byte) (int, error) {
	if len(b.rest) == 0 {
		return 0, io.EOF
	}
	time.Sleep(b.gap)
	if b.pause > 0 && !b.paused && b.sent >= b.half {
		b.paused = true
		time.Sleep(b.pause)
	}
	n := copy(p[:min(len(p), b.chunk)], b.rest)
	b.rest = b.rest[n:]
	b.sent += n
	return n, nil
}

// TestSlowButMovingPushCompletes sends a batch that takes several times
// the stall limit to arrive but never stops for long: it is stored. The
// same batch stopping for longer than the limit half way is answered 408
// with a reason, and nothing of it is stored.
func TestSlowButMovingPushCompletes(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	phone := preparePhones(t, dataDir, 1)[0]
	const stall = time.Second
	ts := startServerOn(t, mingbai.SystemClock{}, map[string]string{"MINGBAI_DATA": dataDir, "MINGBAI_BODY_STALL": stall.String()})
	srv := &binServer{url: ts.URL, client: &http.Client{Timeout: time.Minute}}

	send := func(b pushBatch, pause time.Duration) *http.Response {
		t.Helper()
		body := &trickle{rest: b.body, chunk: 256, gap: 100 * time.Millisecond, pause: pause, half: len(b.body) / 2}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/sync/push", body)
		req.Header.Set("Authorization", "Bearer "+phone.token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", "zh")
		start := time.Now()
		res, err := srv.client.Do(req)
		if err != nil {
			t.Fatalf("push: %v", err)
		}
		t.Logf("%d bytes in %v: %d", len(b.body), time.Since(start).Round(time.Millisecond), res.StatusCode)
		return res
	}

	moving := newBatch(0, 0, "")
	if took := time.Duration(len(moving.body)/256) * 100 * time.Millisecond; took < 3*stall {
		t.Fatalf("the batch arrives in %v, not several stall limits (%v): the test proves nothing", took, stall)
	}
	res := send(moving, 0)
	var out struct{ Results []pushResult }
	err := json.NewDecoder(res.Body).Decode(&out)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || err != nil || len(out.Results) != len(moving.ids) {
		t.Fatalf("slow moving push = %d (%v), %d results; want 200 with %d", res.StatusCode, err, len(out.Results), len(moving.ids))
	}

	stalled := newBatch(0, 1, moving.ids[len(moving.ids)-1])
	res = send(stalled, 3*stall)
	var refusal struct {
		Error struct{ Code, Message string }
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	json.NewDecoder(bytes.NewReader(body)).Decode(&refusal)
	if res.StatusCode != http.StatusRequestTimeout || refusal.Error.Code != mingbai.ETIMEOUT ||
		!strings.Contains(refusal.Error.Message, "没有保存") {
		t.Fatalf("stalled push = %d %s; want 408 %s saying nothing was stored", res.StatusCode, body, mingbai.ETIMEOUT)
	}
	if !strings.Contains(ts.Log(), "status=408") {
		t.Errorf("the stalled push is not in the log at warn level:\n%s", ts.Log())
	}

	held := srv.pullRecordIDs(t, phone.token)
	for _, id := range moving.ids {
		if held[id] != 1 {
			t.Errorf("record %s of the slow push pulled %d times, want 1", id, held[id])
		}
	}
	for _, id := range stalled.ids {
		if held[id] != 0 {
			t.Errorf("record %s of the stalled push was stored", id)
		}
	}
}
