package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"mingbai/server/internal/testclock"
)

// TestBackupWhileServingThenRestore is the README's story: back up while
// the server runs and people sign in, restore into a new directory, start
// a server there, and find the leaflets, the media and the accounts.
func TestBackupWhileServingThenRestore(t *testing.T) {
	ts := startServer(t, nil)
	audio := []byte("ID3 the bride-price leaflet read aloud")
	audioRel := putMedia(t, ts.DataDir, audio)
	unfinished := filepath.Join(ts.DataDir, "media", "tmp", "upload-1")
	writeFile(t, unfinished, []byte("half an upl"))
	password := addOffice(t, ts.DataDir, "zhuren")

	// Failed sign-ins write to the audit log all through the backup. The
	// first five are slow (a password check each); past the limit each
	// refusal is quick, and the backup starts then. A backup of this small
	// database can be quicker than two sign-ins on a busy machine: then it
	// is taken again (into a new directory) until writes overlapped it.
	stop, started := make(chan struct{}), make(chan struct{})
	var signIns atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		c := newClient(t, ts)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if i == 6 {
				close(started)
			}
			c.signIn(t, "nobody", "wrong password")
			signIns.Add(1)
		}
	}()
	<-started
	var backupDir, out, errOut string
	var err error
	overlapped := false
	for attempt := range 5 {
		backupDir = filepath.Join(t.TempDir(), fmt.Sprintf("backup-2026-03-01-%d", attempt))
		before := signIns.Load()
		out, errOut, err = runCommand(t, "backup", "-data", ts.DataDir, "-to", backupDir)
		if overlapped = signIns.Load()-before >= 2; err != nil || overlapped {
			break
		}
	}
	close(stop)
	<-done
	if err == nil && !overlapped {
		t.Error("no backup in 5 overlapped two sign-ins: the test shows nothing")
	}
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "1 media files copied") {
		t.Errorf("backup summary = %q, want 1 media file copied", out)
	}
	if !strings.Contains(errOut, "1 unfinished uploads") {
		t.Errorf("backup did not say it left out the unfinished upload: %q", errOut)
	}
	if _, err := os.Stat(filepath.Join(backupDir, "media", "tmp")); err == nil {
		t.Error("the backup holds media/tmp")
	}

	restoreDir := filepath.Join(t.TempDir(), "restored")
	if out, errOut, err = runCommand(t, "restore", "-from", backupDir, "-data", restoreDir); err != nil {
		t.Fatalf("restore: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "restored") {
		t.Errorf("restore summary = %q", out)
	}
	if got, err := os.ReadFile(filepath.Join(restoreDir, audioRel)); err != nil || !bytes.Equal(got, audio) {
		t.Errorf("restored %s = %q, %v; want the original", audioRel, got, err)
	}

	ts.Stop(t)
	restored := startServer(t, map[string]string{"MINGBAI_DATA": restoreDir})
	res := restored.get(t, "/zh/m/bride-price")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "彩礼") {
		t.Errorf("restored GET /zh/m/bride-price = %d, body without 彩礼", res.StatusCode)
	}
	if res := newClient(t, restored).signIn(t, "zhuren", password); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/zh/account/password" {
		t.Errorf("sign-in on the restored server = %d to %q, want 303 to the password change",
			res.StatusCode, res.Header.Get("Location"))
	}
}

// TestBackupAndRestoreNeverOverwrite: neither command replaces what is
// there, so a slip of the finger cannot destroy the live data or an old
// backup.
func TestBackupAndRestoreNeverOverwrite(t *testing.T) {
	data, backupDir := backedUp(t)
	before, err := os.ReadFile(filepath.Join(backupDir, "mingbai.db"))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("backup into a directory with a backup", func(t *testing.T) {
		_, _, err := runCommand(t, "backup", "-data", data, "-to", backupDir)
		if err == nil || !strings.Contains(err.Error(), "already holds a backup") {
			t.Errorf("second backup into %s = %v, want a refusal", backupDir, err)
		}
		if after, _ := os.ReadFile(filepath.Join(backupDir, "mingbai.db")); !bytes.Equal(after, before) {
			t.Error("the earlier backup was changed")
		}
	})
	t.Run("backup inside the data directory", func(t *testing.T) {
		_, _, err := runCommand(t, "backup", "-data", data, "-to", filepath.Join(data, "media", "b"))
		if err == nil || !strings.Contains(err.Error(), "apart") {
			t.Errorf("backup into the data directory = %v, want a refusal", err)
		}
	})
	t.Run("backup of a directory without a database", func(t *testing.T) {
		empty := filepath.Join(t.TempDir(), "typo")
		to := filepath.Join(t.TempDir(), "b")
		if _, _, err := runCommand(t, "backup", "-data", empty, "-to", to); err == nil {
			t.Error("backed up a data directory with no database")
		}
		if _, err := os.Stat(filepath.Join(empty, "mingbai.db")); err == nil {
			t.Error("the backup created a database in the mistyped directory")
		}
		if _, err := os.Stat(to); err == nil {
			t.Error("the failed backup left a backup directory behind")
		}
	})
	t.Run("restore over a database", func(t *testing.T) {
		live, _ := os.ReadFile(filepath.Join(data, "mingbai.db"))
		_, _, err := runCommand(t, "restore", "-from", backupDir, "-data", data)
		if err == nil || !strings.Contains(err.Error(), "already holds a database") {
			t.Errorf("restore over the live data = %v, want a refusal", err)
		}
		if after, _ := os.ReadFile(filepath.Join(data, "mingbai.db")); !bytes.Equal(after, live) {
			t.Error("the live database was changed")
		}
	})
	t.Run("restore over a database with -force keeps it aside", func(t *testing.T) {
		target := t.TempDir()
		addOffice(t, target, "other")
		out, errOut, err := runCommand(t, "restore", "-from", backupDir, "-data", target, "-force")
		if err != nil {
			t.Fatalf("restore -force: %v\n%s", err, errOut)
		}
		kept, _ := filepath.Glob(filepath.Join(target, "mingbai.db.replaced-*"))
		if len(kept) == 0 || !strings.Contains(out, "kept the replaced") {
			t.Errorf("the replaced database was not kept: %v, %q", kept, out)
		}
		if _, _, err := runCommand(t, "user", "add", "-data", target, "-role", "office", "-username", "zhuren", "-name", "x"); err == nil ||
			!strings.Contains(err.Error(), "taken") {
			t.Errorf("after restore -force, zhuren from the backup is missing: adding it again = %v", err)
		}
	})
}

// TestBackupReportsDamagedMedia: a media file whose bytes no longer match
// its name is named on the way out, and the command fails so a cron job
// reports it; the other files are still backed up.
func TestBackupReportsDamagedMedia(t *testing.T) {
	data := t.TempDir()
	addOffice(t, data, "zhuren")
	good := putMedia(t, data, []byte("a whole PDF"))
	bad := putMedia(t, data, []byte("an audio file"))
	writeFile(t, filepath.Join(data, bad), []byte("an audio fil\x00 after a disk error"))

	backupDir := filepath.Join(t.TempDir(), "backup")
	out, _, err := runCommand(t, "backup", "-data", data, "-to", backupDir)
	if err == nil || !strings.Contains(err.Error(), filepath.Base(bad)) {
		t.Errorf("backup with a damaged file = %v, want an error naming %s", err, filepath.Base(bad))
	}
	if !strings.Contains(out, "1 media files copied") {
		t.Errorf("backup summary = %q, want the good file copied", out)
	}
	if _, err := os.Stat(filepath.Join(backupDir, good)); err != nil {
		t.Errorf("the good file is missing from the backup: %v", err)
	}
	if _, err := os.Stat(filepath.Join(backupDir, bad)); err == nil {
		t.Error("the damaged file was copied under a name that no longer matches it")
	}
	if _, err := os.Stat(filepath.Join(backupDir, "mingbai.db")); err != nil {
		t.Errorf("the database is missing from the backup: %v", err)
	}
}

// TestRestoreRefusesDamagedBackup: a backup whose database fails the
// integrity check is not restored, and the target stays empty.
func TestRestoreRefusesDamagedBackup(t *testing.T) {
	_, backupDir := backedUp(t)
	db := filepath.Join(backupDir, "mingbai.db")
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	copy(b[4096:8192], bytes.Repeat([]byte{0xA5}, 4096))
	writeFile(t, db, b)

	target := filepath.Join(t.TempDir(), "restored")
	_, _, err = runCommand(t, "restore", "-from", backupDir, "-data", target)
	if err == nil || !strings.Contains(err.Error(), "cannot be restored") {
		t.Errorf("restore of a damaged backup = %v, want a refusal", err)
	}
	if _, err := os.Stat(target); err == nil {
		t.Errorf("the refused restore created %s", target)
	}
}

// backedUp makes a data directory with the account zhuren and backs it
// up; it returns both directories.
func backedUp(t *testing.T) (dataDir, backupDir string) {
	t.Helper()
	dataDir = t.TempDir()
	addOffice(t, dataDir, "zhuren")
	backupDir = filepath.Join(t.TempDir(), "backup")
	if _, errOut, err := runCommand(t, "backup", "-data", dataDir, "-to", backupDir); err != nil {
		t.Fatalf("backup: %v\n%s", err, errOut)
	}
	return dataDir, backupDir
}

// runCommand runs the binary's command line with no environment.
func runCommand(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = runOn(t.Context(), testclock.New(t), append([]string{"mingbai"}, args...), func(string) string { return "" }, &out, &errOut)
	return out.String(), errOut.String(), err
}

// addOffice creates an office account with `mingbai user add` and
// returns its one-time password.
func addOffice(t *testing.T, dataDir, username string) string {
	t.Helper()
	out, errOut, err := runCommand(t, "user", "add", "-data", dataDir, "-role", "office", "-username", username, "-name", "所长")
	if err != nil {
		t.Fatalf("user add: %v\n%s", err, errOut)
	}
	m := regexp.MustCompile(`one-time password .*: (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no password printed: %q", out)
	}
	return m[1]
}

// putMedia stores content as an upload does, named by its SHA-256, and
// returns its path inside the data directory.
func putMedia(t *testing.T, dataDir string, content []byte) string {
	t.Helper()
	sum := sha256.Sum256(content)
	name := hex.EncodeToString(sum[:])
	rel := filepath.Join("media", name[:2], name)
	writeFile(t, filepath.Join(dataDir, rel), content)
	return rel
}

func writeFile(t testing.TB, path string, content []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
}

// client is a browser with cookies that does not follow redirects.
type client struct {
	ts *testServer
	c  *http.Client
}

func newClient(t *testing.T, ts *testServer) *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{ts: ts, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signIn fills in the sign-in form as a person would.
func (c *client) signIn(t *testing.T, username, password string) *http.Response {
	res, err := c.c.Get(c.ts.URL + "/zh/login")
	if err != nil {
		t.Error(err)
		return &http.Response{}
	}
	res.Body.Close()
	u, _ := url.Parse(c.ts.URL)
	var token string
	for _, k := range c.c.Jar.Cookies(u) {
		if k.Name == "mingbai_csrf" {
			token = k.Value
		}
	}
	res, err = c.c.PostForm(c.ts.URL+"/zh/login", url.Values{"_csrf": {token}, "username": {username}, "password": {password}})
	if err != nil {
		t.Error(err)
		return &http.Response{}
	}
	res.Body.Close()
	return res
}
