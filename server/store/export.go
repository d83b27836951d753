package store

import (
	"context"
	"database/sql"
	"fmt"

	"mingbai/server/mingbai"
)

// MaxExportRecords caps a records export: a township's field records of
// several years fit many times over, and a spreadsheet past it would be
// too big to open on the office's desktop anyway.
const MaxExportRecords = 100000

// ExportRecords reads every current record matching f (its page aside),
// oldest first (by the day it happened, then by arrival), for a
// spreadsheet. It counts them first and calls begin with the count, then
// each with each record, all in one read transaction, so the count and
// the rows agree. More than limit records is ETOOLARGE, before begin: a
// cut-off export would look complete and add up wrong. An error from
// begin or each stops the export and is returned as it is.
func (s *Store) ExportRecords(ctx context.Context, f InboxFilter, limit int,
	begin func(total int) error, each func(*mingbai.Record) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("export records: %w", err)
	}
	defer tx.Rollback()
	where, args := inboxWhere(f)
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM records r WHERE `+where, args...).Scan(&total); err != nil {
		return fmt.Errorf("export records: %w", err)
	}
	if total > limit {
		return mingbai.Errorf(mingbai.ETOOLARGE, "error.export_too_many", "export of %d records, over %d", total, limit)
	}
	if err := begin(total); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, recordColumns+` WHERE `+where+`
		ORDER BY r.occurred_on, r.received_at, r.id`, args...)
	if err != nil {
		return fmt.Errorf("export records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return fmt.Errorf("export records: %w", err)
		}
		if err := each(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export records: %w", err)
	}
	return nil
}
