package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"mingbai/server/mingbai"
)

// TestReplicaRestoreAfterADeadDisk: the server replicates its database
// with Litestream to a second disk (a file replica). Phones push; a
// second later the first disk dies: the test copies the replica as it
// stands then, without the last send a clean stop makes. The database
// restored from that copy into a new data directory holds every record
// acknowledged before the last second, each once, and has a new life, so
// the phones send again what it lacks. The test logs how many records of
// a batch pushed just before the death the replica had.
func TestReplicaRestoreAfterADeadDisk(t *testing.T) {
	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	replica := filepath.Join(dir, "disk2", "mingbai")
	phones := preparePhones(t, dataDir, 2)
	ts := startServerOn(t, mingbai.SystemClock{}, map[string]string{"MINGBAI_DATA": dataDir, "MINGBAI_REPLICA": "file://" + replica})
	srv := &binServer{url: ts.URL, client: &http.Client{Timeout: 30 * time.Second}}

	// push sends each phone a batch, or the batches given again.
	push := func(round int, again []pushBatch) ([]pushBatch, []string) {
		t.Helper()
		var sent []pushBatch
		var ids []string
		for i, p := range phones {
			b := newBatch(i, round, "")
			if again != nil {
				b = again[i]
			}
			if _, err := srv.push(p.token, b); err != nil {
				t.Fatalf("push: %v", err)
			}
			sent = append(sent, b)
			ids = append(ids, b.ids...)
		}
		return sent, ids
	}
	_, first := push(0, nil)
	_, second := push(1, nil)
	settled := append(first, second...)
	time.Sleep(3 * time.Second) // Litestream sends every second
	lastBatches, last := push(2, nil)
	atDeath := filepath.Join(dir, "replica-at-death")
	if out, err := exec.Command("cp", "-a", filepath.Dir(replica), atDeath).CombinedOutput(); err != nil {
		t.Fatalf("copy the replica: %v\n%s", err, out)
	}
	before := openStoreOf(t, ts)
	oldLife := before.Life()
	before.Close()
	ts.Stop(t)

	restored := filepath.Join(dir, "new-disk")
	stdout, stderr, err := runCommand(t, "restore", "-from-replica", "file://"+filepath.Join(atDeath, "mingbai"), "-data", restored)
	if err != nil {
		t.Fatalf("restore from the replica: %v\n%s", err, stderr)
	}
	t.Log(stdout)
	if _, err := os.Stat(filepath.Join(restored, "mingbai.db.from-replica")); !os.IsNotExist(err) {
		t.Errorf("the restore left its temporary file behind (%v)", err)
	}
	after := startServerOn(t, mingbai.SystemClock{}, map[string]string{"MINGBAI_DATA": restored, "MINGBAI_REPLICA": "file://" + replica})
	srv.url = after.URL
	st := openStoreOf(t, after)
	life := st.Life()
	st.Close()
	if life == oldLife {
		t.Error("the database restored from the replica has the old life: phones would not send again")
	}
	held := map[string]int{}
	for _, p := range phones {
		for id, n := range srv.pullRecordIDs(t, p.token) {
			held[id] += n
		}
	}
	for _, id := range settled {
		if held[id] != 1 {
			t.Errorf("record %s, acknowledged 3 s before the disk died, is held %d times after the restore", id, held[id])
		}
	}
	kept := 0
	for _, id := range last {
		kept += held[id]
	}
	t.Logf("of %d records acknowledged just before the disk died, the replica held %d; the phones send the rest again", len(last), kept)
	if len(held) > len(settled)+len(last) {
		t.Errorf("the restored database holds %d records, more than the %d pushed", len(held), len(settled)+len(last))
	}
	// The phones' resend: what the replica lacked is stored, the rest
	// are duplicates; every record is then held once.
	push(2, lastBatches)
	held = map[string]int{}
	for _, p := range phones {
		for id, n := range srv.pullRecordIDs(t, p.token) {
			held[id] += n
		}
	}
	for _, id := range append(settled, last...) {
		if held[id] != 1 {
			t.Errorf("after the phones sent again, record %s is held %d times, want once", id, held[id])
		}
	}
}
