package store

import (
	"errors"
	"syscall"

	"modernc.org/sqlite"

	"mingbai/server/mingbai"
)

// sqliteFull is SQLite's result code for a database that cannot grow: the
// disk (or its quota) is full.
const sqliteFull = 13

// storageFull turns a full disk into EFULL, whose message tells a phone
// that nothing was stored and its records stay on it for the next try;
// any other error is returned as it is.
func storageFull(err error) error {
	var se *sqlite.Error
	if err != nil && (errors.Is(err, syscall.ENOSPC) || (errors.As(err, &se) && se.Code()&0xff == sqliteFull)) {
		return mingbai.Errorf(mingbai.EFULL, "error.storage_full", "%v", err)
	}
	return err
}
