// Package media keeps uploaded files (audio, PDF, images) on disk, each
// named by the SHA-256 of its bytes and never by the name its sender gave,
// so a hostile file name cannot reach a path and the same file uploaded
// twice is stored once. The database holds what the files are; this
// package only holds bytes.
package media

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"mingbai/server/mingbai"
)

// Dir is a media folder: <root>/<first two hex digits>/<sha256 hex>, with
// uploads in progress under <root>/tmp.
type Dir struct {
	root string
}

// Open returns the media folder at root, creating it if needed.
func Open(root string) (*Dir, error) {
	if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("media folder: %w", err)
	}
	return &Dir{root: root}, nil
}

// Root is the folder's path, for backups.
func (d *Dir) Root() string { return d.root }

// Path is where the file with hash sha lives. It panics on anything but a
// hex SHA-256, so no other string can ever become a path here.
func (d *Dir) Path(sha string) string {
	if !mingbai.ValidSHA256(sha) {
		panic(fmt.Sprintf("media: %q is not a SHA-256", sha))
	}
	return filepath.Join(d.root, sha[:2], sha)
}

// Put stores the bytes of r and returns their SHA-256 and size. It writes
// to a temporary file while hashing, syncs it, then renames it into place,
// so a crash never leaves a half file under a real name. At most max bytes
// are read: a longer r gets ETOOLARGE and stores nothing.
func (d *Dir) Put(r io.Reader, max int64) (sha string, size int64, err error) {
	tmp, err := os.CreateTemp(filepath.Join(d.root, "tmp"), "upload-*")
	if err != nil {
		return "", 0, fmt.Errorf("store media: %w", err)
	}
	defer func() {
		tmp.Close()
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	size, err = io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, max+1))
	if err != nil {
		return "", 0, fmt.Errorf("store media: %w", err)
	}
	if size > max {
		return "", 0, mingbai.Errorf(mingbai.ETOOLARGE, "error.upload_too_large", "over %d bytes", max)
	}
	if err = tmp.Sync(); err != nil {
		return "", 0, fmt.Errorf("store media: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return "", 0, fmt.Errorf("store media: %w", err)
	}
	sha = hex.EncodeToString(h.Sum(nil))
	final := d.Path(sha)
	if _, statErr := os.Stat(final); statErr == nil {
		os.Remove(tmp.Name()) // the same bytes are already here
		return sha, size, nil
	}
	if err = os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return "", 0, fmt.Errorf("store media: %w", err)
	}
	if err = os.Rename(tmp.Name(), final); err != nil {
		return "", 0, fmt.Errorf("store media: %w", err)
	}
	return sha, size, nil
}

// Open opens the file with hash sha for reading, or returns ENOTFOUND.
func (d *Dir) Open(sha string) (*os.File, error) {
	if !mingbai.ValidSHA256(sha) {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.not_found", "media %q", sha)
	}
	f, err := os.Open(d.Path(sha))
	if errors.Is(err, os.ErrNotExist) {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.not_found", "media file %s missing", sha)
	}
	return f, err
}
