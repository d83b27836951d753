package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"mingbai/server/mingbai"
)

// TestBackupWhileWritingRestoresWhole backs up while leaflets are being
// added, then opens the copy as a restore would and reads it: the copy is
// one moment of the database, with every leaflet it counts.
func TestBackupWhileWritingRestoresWhole(t *testing.T) {
	s, clock := openTest(t)
	seedTest(t, s, leaflet("bride-price", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "抵制高价彩礼"}))
	ctx := context.Background()

	stop, started := make(chan struct{}), make(chan struct{})
	start := sync.OnceFunc(func() { close(started) })
	written := make(chan int)
	go func() {
		n := 0
		for ; ; n++ {
			if n == 20 {
				start()
			}
			select {
			case <-stop:
				written <- n
				return
			default:
			}
			m := leaflet(fmt.Sprintf("during-%d", n), "telecom-fraud", &mingbai.Translation{Lang: mingbai.Chinese, Title: "防范诈骗"})
			if err := s.CreateMaterial(ctx, "", m); err != nil {
				t.Error(err)
				start() // do not leave the backup waiting
				written <- n
				return
			}
		}
	}()
	<-started // the backup starts in the middle of the writing
	to := filepath.Join(t.TempDir(), "backup.db")
	err := Backup(ctx, dbFile(t, s), to)
	close(stop)
	n := <-written
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if err := Verify(ctx, to); err != nil {
		t.Fatalf("Verify(backup): %v", err)
	}

	b, err := Open(ctx, to, clock)
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	defer b.Close()
	m, err := b.PublishedMaterial(ctx, "bride-price")
	if err != nil || m.Translations[mingbai.Chinese].Title != "抵制高价彩礼" {
		t.Fatalf("backup's bride-price = %+v, %v", m, err)
	}
	_, total, err := b.PublishedMaterials(ctx, MaterialFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// Every leaflet took one number from the change counter: a copy that
	// mixed two moments would count one without the other.
	if total < 21 {
		t.Errorf("backup holds %d leaflets, want at least the 21 written before it started", total)
	}
	if int64(total) != b.Generation() {
		t.Errorf("backup holds %d leaflets but its change counter is %d", total, b.Generation())
	}
	t.Logf("%d leaflets written in all, %d in the backup", n+1, total)
}

func TestBackupRefusesExistingFile(t *testing.T) {
	s, _ := openTest(t)
	to := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(to, []byte("last week's backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := Backup(context.Background(), dbFile(t, s), to)
	if mingbai.ErrorCode(err) != mingbai.ECONFLICT {
		t.Errorf("Backup onto an existing file = %v, want conflict", err)
	}
	if b, _ := os.ReadFile(to); !bytes.Equal(b, []byte("last week's backup")) {
		t.Errorf("the existing file was changed to %q", b)
	}
	if left, _ := filepath.Glob(to + ".tmp-*"); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// TestBackupOfMissingDatabaseCreatesNothing: a mistyped data directory
// must fail, not back up (and leave behind) a new empty database.
func TestBackupOfMissingDatabaseCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "mingbai.db")
	err := Backup(context.Background(), db, filepath.Join(dir, "backup.db"))
	if mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("Backup of a missing database = %v, want not_found", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("files created: %v", entries)
	}
}

func TestVerifyRejectsDamagedAndForeignFiles(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s, leaflet("bride-price", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "彩礼"}))
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	if err := Backup(ctx, dbFile(t, s), good); err != nil {
		t.Fatal(err)
	}
	if err := Verify(ctx, good); err != nil {
		t.Fatalf("Verify(a fresh backup) = %v", err)
	}

	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	// Overwrite the second page, keeping the header: the file still
	// opens, but its tables are broken.
	damaged := bytes.Clone(b)
	copy(damaged[4096:8192], bytes.Repeat([]byte{0xA5}, 4096))
	write := func(name string, content []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	foreign := filepath.Join(dir, "foreign.db")
	other, err := Open(ctx, foreign, &fixedClock{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.w.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (999, '2030-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	other.Close()

	cases := []struct{ name, path string }{
		{"damaged page", write("damaged.db", damaged)},
		{"not a database", write("notes.db", []byte("these are not the droids"))},
		{"newer schema", foreign},
		{"missing", filepath.Join(dir, "missing.db")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := Verify(ctx, c.path); err == nil {
				t.Error("Verify accepted it")
			} else {
				t.Log(err)
			}
		})
	}
}

// dbFile is the file a store was opened on.
func dbFile(t *testing.T, s *Store) string {
	t.Helper()
	var path string
	if err := s.r.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&path); err != nil {
		t.Fatal(err)
	}
	return path
}
