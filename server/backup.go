package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// dbName is the database file in a data directory, and in a backup.
const dbName = "mingbai.db"

// runBackup is `mingbai backup -to DIR`: it copies the data directory (the
// database and the media folder) into DIR while the server keeps running.
// It changes nothing in the data directory and never overwrites a backup.
// It fails, after writing the rest, when a media file is damaged.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("mingbai backup", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dataDir := flags.String("data", envOr(getenv, "MINGBAI_DATA", "mingbai-data"), "data directory to back up (MINGBAI_DATA)")
	to := flags.String("to", "", "backup directory, created if missing; must not hold a backup yet")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *to == "" || flags.NArg() > 0 {
		return fmt.Errorf("usage: mingbai backup [-data DIR] -to DIR")
	}
	if err := separateDirs(*dataDir, *to); err != nil {
		return err
	}
	src := filepath.Join(*dataDir, dbName)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("nothing to back up: %w", err)
	}
	dbTo := filepath.Join(*to, dbName)
	if _, err := os.Lstat(dbTo); err == nil {
		return fmt.Errorf("%s already holds a backup; a backup never overwrites one: choose a new directory", *to)
	}
	if err := os.MkdirAll(*to, 0o750); err != nil {
		return fmt.Errorf("create backup directory: %w", err)
	}
	// The database is copied first: media files are written before the
	// rows that name them and never change, so every file this snapshot
	// names is there when the media copy begins. It takes its real name
	// last, so a directory holding mingbai.db holds a whole backup, and an
	// interrupted one can simply run again.
	partial := dbTo + ".partial"
	if err := os.Remove(partial); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove an interrupted backup: %w", err)
	}
	if err := store.Backup(ctx, src, partial); err != nil {
		return err
	}
	media, err := copyMedia(filepath.Join(*dataDir, "media"), filepath.Join(*to, "media"), stderr)
	if err != nil {
		return err
	}
	if err := os.Rename(partial, dbTo); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncPath(*to); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s: database %s, %s\n", *dataDir, *to, fileSize(dbTo), media)
	return media.damagedError("left out of the backup; the originals in the data directory are damaged: restore them from an older backup")
}

// runRestore is `mingbai restore -from DIR`: it checks the backup in DIR,
// then copies it into the data directory. It refuses a data directory
// that holds a database unless -force, and even then keeps the replaced
// files beside the restored one. The server must not be running on it.
func runRestore(ctx context.Context, clock mingbai.Clock, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("mingbai restore", flag.ContinueOnError)
	flags.SetOutput(stderr)
	from := flags.String("from", "", "backup directory written by mingbai backup")
	fromReplica := flags.String("from-replica", "", "Litestream replica URL the server wrote with -replica (the database only; media stay as they are)")
	dataDir := flags.String("data", envOr(getenv, "MINGBAI_DATA", "mingbai-data"), "data directory to restore into, created if missing (MINGBAI_DATA)")
	force := flags.Bool("force", false, "replace the data directory's database (stop the server first); the replaced files are kept")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if (*from == "") == (*fromReplica == "") || flags.NArg() > 0 {
		return fmt.Errorf("usage: mingbai restore -from DIR | -from-replica URL [-data DIR] [-force]")
	}
	dbPath := filepath.Join(*dataDir, dbName)
	src := filepath.Join(*from, dbName)
	if *from != "" {
		if err := separateDirs(*dataDir, *from); err != nil {
			return err
		}
		if err := store.Verify(ctx, src); err != nil {
			return fmt.Errorf("the backup cannot be restored: %w", err)
		}
	}
	// A stale -wal file beside the restored database would be replayed
	// into it, so it counts as a database too.
	var existing []string // suffixes of dbPath
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if _, err := os.Lstat(dbPath + suffix); err == nil {
			existing = append(existing, suffix)
		}
	}
	if len(existing) > 0 && !*force {
		return fmt.Errorf("%s already holds a database; restore into a new directory, or stop the server and add -force to replace it", *dataDir)
	}
	if err := os.MkdirAll(*dataDir, 0o750); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	// A server on the directory would go on with the database it has open
	// and what it acknowledged after the restore would be set aside.
	release, err := lockDataDir(*dataDir)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer release()
	var media mediaCopy
	if *fromReplica != "" {
		// The replica holds the database only: it is written beside the
		// data directory's, then put in its place below.
		src = dbPath + ".from-replica"
		os.Remove(src)
		if err := restoreReplica(ctx, *fromReplica, src); err != nil {
			return err
		}
		defer os.Remove(src)
	} else if media, err = copyMedia(filepath.Join(*from, "media"), filepath.Join(*dataDir, "media"), stderr); err != nil {
		return err
	}
	// The database comes last, as in a backup: an interrupted restore
	// leaves no mingbai.db and can run again.
	stamp := clock.Now().UTC().Format("20060102T150405Z")
	for _, suffix := range existing {
		// The suffix stays last: SQLite finds a database's -wal by name.
		aside := dbPath + ".replaced-" + stamp + suffix
		if err := os.Rename(dbPath+suffix, aside); err != nil {
			return fmt.Errorf("set aside %s: %w", dbPath+suffix, err)
		}
		fmt.Fprintf(stdout, "kept the replaced %s as %s\n", dbPath+suffix, aside)
	}
	if _, err := copyFile(src, dbPath, *dataDir, ""); err != nil {
		return fmt.Errorf("restore database: %w", err)
	}
	if err := syncPath(*dataDir); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := beginLife(ctx, clock, dbPath, *from+*fromReplica); err != nil {
		return err
	}
	if *fromReplica != "" {
		fmt.Fprintf(stdout, "restored the database of %s into %s: %s; media are not in a replica: they stay as they are (take missing ones from a backup)\n",
			*fromReplica, *dataDir, fileSize(dbPath))
		return nil
	}
	fmt.Fprintf(stdout, "restored %s into %s: database %s, %s\n", *from, *dataDir, fileSize(dbPath), media)
	return media.damagedError("damaged in the backup and left out: take them from another backup")
}

// beginLife names the restored database anew, so phones that synced with
// the database it replaces send again what they kept and pull from the
// start (store.Life). It brings the copy to this release's schema, as the
// server's start would.
func beginLife(ctx context.Context, clock mingbai.Clock, dbPath, from string) error {
	st, err := store.Open(ctx, dbPath, clock)
	if err != nil {
		return fmt.Errorf("restore: open the restored database: %w", err)
	}
	defer st.Close()
	if err := st.BeginLife(ctx, from); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// String is the summary line's media part.
func (m mediaCopy) String() string {
	return fmt.Sprintf("%d media files copied (%s), %d already there", m.copied, byteSize(m.bytes), m.present)
}

// damagedError lists the damaged media files, if any, with advice.
func (m mediaCopy) damagedError(advice string) error {
	if len(m.damaged) == 0 {
		return nil
	}
	return fmt.Errorf("%d media files do not match their SHA-256 names and were %s:\n  %s",
		len(m.damaged), advice, strings.Join(m.damaged, "\n  "))
}

// separateDirs refuses a backup directory that is the data directory or
// inside it (or holds it): a copy into itself never ends, and a backup on
// the same folder is lost with it.
func separateDirs(dataDir, backupDir string) error {
	a, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	b, err := filepath.Abs(backupDir)
	if err != nil {
		return err
	}
	within := func(child, parent string) bool {
		rel, err := filepath.Rel(parent, child)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	if within(a, b) || within(b, a) {
		return fmt.Errorf("the backup directory %s and the data directory %s must be apart, neither inside the other", backupDir, dataDir)
	}
	return nil
}

func fileSize(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "?"
	}
	return byteSize(fi.Size())
}

func byteSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KB", (n+1023)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
