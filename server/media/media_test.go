package media

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mingbai/server/mingbai"
)

func TestPutStoresByHashOnce(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	body := "ID3 a leaflet read aloud"
	sum := sha256.Sum256([]byte(body))
	want := hex.EncodeToString(sum[:])
	for range 2 {
		sha, size, err := d.Put(strings.NewReader(body), 100)
		if err != nil {
			t.Fatal(err)
		}
		if sha != want || size != int64(len(body)) {
			t.Errorf("Put = %s, %d; want %s, %d", sha, size, want, len(body))
		}
	}
	got, err := os.ReadFile(filepath.Join(d.Root(), want[:2], want))
	if err != nil || string(got) != body {
		t.Errorf("stored file = %q, %v", got, err)
	}
	if left, _ := os.ReadDir(filepath.Join(d.Root(), "tmp")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestPutOverCapStoresNothing(t *testing.T) {
	d, _ := Open(t.TempDir())
	_, _, err := d.Put(strings.NewReader(strings.Repeat("x", 101)), 100)
	if mingbai.ErrorCode(err) != mingbai.ETOOLARGE {
		t.Fatalf("error = %v, want too large", err)
	}
	entries, _ := os.ReadDir(d.Root())
	if len(entries) != 1 { // only tmp/
		t.Errorf("media folder holds %v after a refused upload", entries)
	}
	if left, _ := os.ReadDir(filepath.Join(d.Root(), "tmp")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestOpenRefusesAnythingButAHash(t *testing.T) {
	d, _ := Open(t.TempDir())
	for _, name := range []string{"../mingbai.db", "", "ab/../../x", strings.Repeat("g", 64)} {
		if _, err := d.Open(name); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
			t.Errorf("Open(%q) error = %v, want not found", name, err)
		}
	}
}
