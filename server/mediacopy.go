package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// mediaCopy says what copyMedia did.
type mediaCopy struct {
	copied  int      // files written to the target
	bytes   int64    // their size
	present int      // files the target already had
	damaged []string // files whose content does not match their name, not copied
}

// hashName is a media file's name: the SHA-256 of its content in hex,
// inside a folder named by its first two characters.
var hashName = regexp.MustCompile(`^[0-9a-f]{64}$`)

// errDamaged says that a file's content does not match its SHA-256 name.
var errDamaged = errors.New("content does not match the file's SHA-256 name")

// copyMedia copies the media folder src into dst, for a backup or a
// restore. Media files never change once written (their name is their
// hash), so a file dst already has is skipped, and an interrupted copy can
// simply run again. Each file is checked against its name as it is copied:
// a damaged one is listed, not copied, so it can never reach a backup
// under a name that lies. Unfinished uploads in src/tmp are left out;
// files not named by a hash are copied unchecked; both with a note on warn.
// A missing src is an empty one.
func copyMedia(src, dst string, warn io.Writer) (mediaCopy, error) {
	var res mediaCopy
	// Temporary files go to dst/tmp, the folder every copy leaves out,
	// on the same disk as their final place so a rename moves them.
	tmpDir := filepath.Join(dst, "tmp")
	touched := map[string]struct{}{} // folders to sync at the end
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == src {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		switch {
		case d.IsDir() && rel == "tmp":
			if left, _ := os.ReadDir(path); len(left) > 0 {
				fmt.Fprintf(warn, "left out %s: %d unfinished uploads\n", path, len(left))
			}
			return fs.SkipDir
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			fmt.Fprintf(warn, "left out %s: not a regular file\n", path)
			return nil
		}
		target := filepath.Join(dst, rel)
		if _, err := os.Lstat(target); err == nil {
			res.present++
			return nil
		}
		want := d.Name()
		if !hashName.MatchString(want) || filepath.Base(filepath.Dir(path)) != want[:2] {
			fmt.Fprintf(warn, "copied %s unchecked: not named by its SHA-256\n", path)
			want = ""
		}
		n, err := copyFile(path, target, tmpDir, want)
		if errors.Is(err, errDamaged) {
			res.damaged = append(res.damaged, path)
			return nil
		}
		if err != nil {
			return err
		}
		res.copied++
		res.bytes += n
		touched[filepath.Dir(target)] = struct{}{}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("copy media: %w", err)
	}
	os.Remove(tmpDir) // only when empty: never an upload's own files
	for d := range touched {
		if err := syncPath(d); err != nil {
			return res, fmt.Errorf("copy media: %w", err)
		}
	}
	return res, nil
}

// copyFile copies src to dst through a temporary file in tmpDir, synced
// before it is renamed, so dst is either absent or whole. With wantSum (a
// SHA-256 in hex) it returns errDamaged, writing nothing, when the content
// differs. It returns the bytes copied.
func copyFile(src, dst, tmpDir, wantSum string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	if err := os.MkdirAll(tmpDir, 0o750); err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(tmpDir, ".copy-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	defer tmp.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), in)
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", src, err)
	}
	if wantSum != "" && hex.EncodeToString(h.Sum(nil)) != wantSum {
		return 0, errDamaged
	}
	if err := tmp.Sync(); err != nil {
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return 0, err
	}
	return n, nil
}

// syncPath flushes a file, or a folder's entries after a rename, to disk.
// store keeps its own copy of these lines rather than share a package of
// file helpers with main.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
