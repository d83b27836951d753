package store

import (
	"errors"
	"syscall"

	"mingbai/server/mingbai"
)

// storageFull turns a full disk into EFULL, whose message tells a phone
// that nothing was stored and its records stay on it for the next try;
// any other error is returned as it is.
func storageFull(err error) error {
	if err != nil && (errors.Is(err, syscall.ENOSPC) || sqliteResult(err) == sqliteFull) {
		return mingbai.Errorf(mingbai.EFULL, "error.storage_full", "%v", err)
	}
	return err
}
