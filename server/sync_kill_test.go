package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// TestKillDuringPushes is the sync contract's fault test (DESIGN §4): the
// real binary is killed with SIGKILL while phones push. After a restart
// every record whose push was acknowledged is there, and the phones'
// retry of every batch they ever sent converges: each record stored once,
// answered applied or duplicate, never conflict or rejected.
func TestKillDuringPushes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it")
	}
	bin := buildBinary(t)
	dataDir := filepath.Join(t.TempDir(), "data")
	phones := preparePhones(t, dataDir, 4)

	// A kill counts only if it lands mid-way: after some batches were
	// acknowledged, while a push was on the wire, before the phones were
	// done. The moment depends on the scheduler, so try again (on the
	// same data, with the outboxes kept) until one does.
	landed := false
	for attempt := 1; attempt <= 5 && !landed; attempt++ {
		srv := startBinary(t, bin, dataDir)
		r := pushRound(t, srv, phones, 25, 5+rand.IntN(30))
		t.Logf("attempt %d: killed after %d acknowledged batches, %d pushes cut, %d of %d batches sent",
			attempt, r.ackedAtKill, r.cut, r.sent, r.planned)
		landed = r.ackedAtKill > 0 && r.cut > 0 && r.sent < r.planned
	}
	if !landed {
		t.Fatal("no kill landed mid-way in 5 attempts: the test proves nothing")
	}

	srv := startBinary(t, bin, dataDir)
	for i, p := range phones {
		checkAfterRestart(t, i, p, srv.pullRecordIDs(t, p.token))
	}

	// Every phone sends its whole outbox again, in order, all at once.
	var wg sync.WaitGroup
	for i, p := range phones {
		wg.Go(func() {
			for _, b := range p.outbox {
				res, err := srv.push(p.token, b)
				if err != nil {
					t.Errorf("phone %d: retry: %v", i, err)
					return
				}
				for j, r := range res {
					ok := r.Status == store.Duplicate || r.Status == store.Applied && !p.acked[r.ID]
					if r.ID != b.ids[j] || !ok {
						t.Errorf("phone %d: retried record %s (acknowledged before: %v) answered %s (%s), want duplicate, or applied if not acknowledged",
							i, b.ids[j], p.acked[b.ids[j]], r.Status, r.Error.Message)
					}
				}
			}
		})
	}
	wg.Wait()
	for i, p := range phones {
		stored := srv.pullRecordIDs(t, p.token)
		if len(stored) != len(p.made) {
			t.Errorf("phone %d: %d records stored after the retry, want the %d it made", i, len(stored), len(p.made))
		}
		for id := range p.made {
			if stored[id] != 1 {
				t.Errorf("phone %d: record %s stored %d times after the retry, want 1", i, id, stored[id])
			}
		}
	}
	srv.stop(t)
}

// checkAfterRestart checks what a phone pulls after the restart: every
// acknowledged record once, nothing it did not make, and each batch
// whole or not at all (one transaction). Records stored without an
// answer are counted: the kill came between the commit and the answer.
func checkAfterRestart(t *testing.T, i int, p *killPhone, stored map[string]int) {
	t.Helper()
	for id := range p.acked {
		if stored[id] != 1 {
			t.Errorf("phone %d: acknowledged record %s stored %d times after the restart, want 1", i, id, stored[id])
		}
	}
	for id := range stored {
		if !p.made[id] {
			t.Errorf("phone %d: pulled record %s it never made", i, id)
		}
	}
	var unanswered int
	for _, b := range p.outbox {
		var n int
		for _, id := range b.ids {
			n += stored[id]
		}
		if n != 0 && n != len(b.ids) {
			t.Errorf("phone %d: %d of a batch's %d records stored, want all or none", i, n, len(b.ids))
		}
		if n > 0 && !p.acked[b.ids[0]] {
			unanswered += n
		}
	}
	t.Logf("phone %d: %d records acknowledged, %d more stored without an answer", i, len(p.acked), unanswered)
}

// killPhone is a resident's phone: its token, the batches it has sent
// (its outbox, which a real phone keeps until acknowledged) and the ids of
// the records it made and of those the server acknowledged.
type killPhone struct {
	token  string
	outbox []pushBatch
	made   map[string]bool
	acked  map[string]bool
}

type roundResult struct {
	ackedAtKill, cut, sent, planned int
}

// pushRound has every phone push up to batches fresh batches, one after
// the other, and kills the server once killAfter batches were
// acknowledged. A phone stops at its first failed push, as offline.
func pushRound(t *testing.T, srv *binServer, phones []*killPhone, batches, killAfter int) roundResult {
	t.Helper()
	var acked, cut, sent, pushing atomic.Int64
	var killed atomic.Bool
	var wg sync.WaitGroup
	pushing.Store(int64(len(phones)))
	for i, p := range phones {
		wg.Go(func() {
			defer pushing.Add(-1)
			var previous string // a follow-up may refer to the phone's previous batch
			for n := range batches {
				b := newBatch(i, n, previous)
				previous = b.ids[0]
				p.outbox = append(p.outbox, b)
				for _, id := range b.ids {
					p.made[id] = true
				}
				sent.Add(1)
				startedLive := !killed.Load()
				res, err := srv.push(p.token, b)
				if err != nil {
					if startedLive {
						cut.Add(1)
					}
					return
				}
				for j, r := range res {
					if r.ID != b.ids[j] || (r.Status != store.Applied && r.Status != store.Duplicate) {
						t.Errorf("phone %d: record %s answered %s %s (%s), want applied", i, b.ids[j], r.ID, r.Status, r.Error.Message)
						return
					}
					p.acked[r.ID] = true
				}
				acked.Add(1)
			}
		})
	}
	for acked.Load() < int64(killAfter) && pushing.Load() > 0 {
		time.Sleep(100 * time.Microsecond)
	}
	// A few milliseconds more spread the kill over the next batch's
	// transaction: before, during or after its commit.
	time.Sleep(time.Duration(rand.IntN(4000)) * time.Microsecond)
	r := roundResult{ackedAtKill: int(acked.Load()), planned: batches * len(phones)}
	killed.Store(true)
	srv.kill(t)
	wg.Wait()
	r.cut, r.sent = int(cut.Load()), int(sent.Load())
	return r
}

// newBatch makes 50 valid records dated today with fresh UUIDv7 ids:
// consultations, mediations and follow-ups of records in the batch and,
// once, of the phone's previous batch, so a retry must keep the order.
func newBatch(phone, n int, previous string) pushBatch {
	// The binary runs on the machine's clock (nothing can move a real
	// process's time), so the records are dated today in the township.
	today := mingbai.TownshipDay(time.Now())
	type record struct {
		ID       string         `json:"id"`
		Kind     string         `json:"kind"`
		Date     string         `json:"date"`
		RefersTo string         `json:"refers_to,omitempty"`
		Fields   map[string]any `json:"fields"`
	}
	var b pushBatch
	var recs []record
	for j := range 50 {
		r := record{ID: uuid.Must(uuid.NewV7()).String(), Date: today}
		switch {
		case j%5 == 0 || j%5 == 3:
			r.Kind, r.Fields = "consultation", map[string]any{"topic": "marriage-family", "asker_group": "herder",
				"channel": "in_person", "outcome": "answered", "summary": fmt.Sprintf("彩礼能否要回 %d/%d/%d", phone, n, j)}
		case j%5 == 2:
			r.Kind, r.Fields = "mediation", map[string]any{"dispute_kind": "homestead", "parties": 2, "outcome": "agreement"}
		default:
			r.Kind, r.RefersTo = "followup", recs[j-1].ID
			if j == 1 && previous != "" {
				r.RefersTo = previous
			}
			r.Fields = map[string]any{"note": fmt.Sprintf("已回访 %d", j)}
		}
		recs = append(recs, r)
		b.ids = append(b.ids, r.ID)
	}
	b.body, _ = json.Marshal(map[string]any{"schema": 1, "records": recs})
	return b
}

// preparePhones stores n residents of one village, each with a phone
// whose token the test knows, in a new data directory.
func preparePhones(t *testing.T, dataDir string, n int) []*killPhone {
	t.Helper()
	ctx := context.Background()
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(dataDir, "mingbai.db"), mingbai.SystemClock{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	v := &mingbai.Village{NameZH: "查干村"}
	if err := st.CreateVillage(ctx, v); err != nil {
		t.Fatal(err)
	}
	var phones []*killPhone
	for i := range n {
		u := &mingbai.User{Username: fmt.Sprintf("resident%d", i), DisplayName: "Resident", Role: mingbai.Resident, VillageID: v.ID}
		if err := st.CreateUser(ctx, u, "$2a$11$not.a.real.hash.no.one.signs.in.with.it......"); err != nil {
			t.Fatal(err)
		}
		p := &killPhone{token: auth.NewToken(), made: map[string]bool{}, acked: map[string]bool{}}
		if err := st.CreateDevice(ctx, &mingbai.Device{UserID: u.ID, Name: "phone"}, auth.TokenHash(p.token)); err != nil {
			t.Fatal(err)
		}
		phones = append(phones, p)
	}
	return phones
}
