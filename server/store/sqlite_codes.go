package store

import (
	"errors"

	"modernc.org/sqlite"
)

// SQLite's primary result codes that the store answers in its own way.
const (
	sqliteBusy = 5  // a lock another connection holds (openFirst)
	sqliteFull = 13 // a database that cannot grow: the disk or its quota is full (storageFull)
)

// sqliteResult is err's SQLite primary result code (its extended code's
// low byte), or 0 when err did not come from SQLite.
func sqliteResult(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}
