package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"mingbai/server/mingbai"
)

// Backup writes a consistent copy of the database at dbPath to the new file
// to, while a server may be reading and writing it. It opens the database
// on its own read-only connection rather than through Open: a backup must
// never change what it copies (no migration by a newer binary) and must not
// create an empty database when dbPath is mistyped. VACUUM INTO reads one
// snapshot, so writes committed meanwhile are either wholly in the copy or
// not at all; in WAL mode it does not hold up the server's writer.
//
// The copy is written under a temporary name, synced, then renamed, so to
// is either absent or whole. Errors: ENOTFOUND when there is no database at
// dbPath, ECONFLICT when to already exists (a backup never overwrites).
func Backup(ctx context.Context, dbPath, to string) error {
	if err := refuseExisting(to); err != nil {
		return err
	}
	db, err := openReadOnly(dbPath)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()

	// VACUUM INTO accepts an empty existing file, so the temporary name
	// can be taken atomically first.
	tmp, err := os.CreateTemp(filepath.Dir(to), filepath.Base(to)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp.Name()); err != nil {
		return fmt.Errorf("backup: vacuum into %s: %w", tmp.Name(), err)
	}
	// SQLite does not sync the file VACUUM INTO writes.
	if err := syncPath(tmp.Name()); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// A second backup racing for the same name between the check above
	// and here would be overwritten; os.Link would close that gap but
	// fails on the FAT-formatted USB drives backups are often kept on.
	if err := refuseExisting(to); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), to); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncPath(filepath.Dir(to)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// Verify checks that the file at path is a whole Mingbai database that
// this binary can open: SQLite's integrity check passes and its schema is
// not newer than the binary's migrations. It opens the file read-only and
// changes nothing, so a backup can be checked before it is restored.
// Errors: ENOTFOUND when there is no file, EINVALID when the check fails.
func Verify(ctx context.Context, path string) error {
	db, err := openReadOnly(path)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	defer db.Close()

	problems, err := integrityProblems(ctx, db)
	if err != nil {
		return mingbai.Errorf(mingbai.EINVALID, "", "%s is not a readable database: %v", path, err)
	}
	if len(problems) > 0 {
		return mingbai.Errorf(mingbai.EINVALID, "", "%s is damaged: %s", path, strings.Join(problems, "; "))
	}
	var version int
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return mingbai.Errorf(mingbai.EINVALID, "", "%s is not a Mingbai database: %v", path, err)
	}
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	if version > len(ms) {
		return mingbai.Errorf(mingbai.EINVALID, "", "%s has schema version %d, newer than this binary's %d: restore it with a newer mingbai",
			path, version, len(ms))
	}
	return nil
}

// openReadOnly opens one connection that cannot change the database at
// path, nor create it: ENOTFOUND when there is no file. mode=ro, not
// query_only: query_only would also forbid VACUUM INTO to write its
// output file.
func openReadOnly(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "", "no database at %s", path)
	} else if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path, busyTimeoutPragma)+"&mode=ro")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// integrityProblems runs PRAGMA integrity_check, which answers one row
// "ok" or up to a hundred rows naming what is wrong.
func integrityProblems(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			out = append(out, line)
		}
	}
	return out, rows.Err()
}

func refuseExisting(path string) error {
	if _, err := os.Lstat(path); err == nil {
		// Never shown on a page: the command line prints the detail.
		return mingbai.Errorf(mingbai.ECONFLICT, "", "%s already exists; a backup never overwrites a file", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// syncPath flushes a file, or a directory's entries after a rename, to
// the disk.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
