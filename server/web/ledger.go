package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"mingbai/server/mingbai"
)

// A ledger template has a column for the record's day, one for where it
// is booked, and one for each field the kind's form asks for, in the
// specification's order. Each header names its column in the office's
// language and, in brackets, by its key ("调解结果 [outcome]"): the key is
// what the import reads, so a column may be moved or its label retyped.
const (
	ledgerDate    = "date"
	ledgerVillage = "village"
)

// ledgerColumn is one column of a kind's ledger template.
type ledgerColumn struct {
	Key   string
	Label string
	Field *mingbai.Field // nil for the day and the booking
	// Values lists what the column takes, for the import page: the
	// choices' labels, or a hint.
	Values []string
}

// ledgerColumns are kind's template columns, labelled in p's language.
func (s *server) ledgerColumns(p page, spec *mingbai.KindSpec, choices func(mingbai.Field) []choice) []ledgerColumn {
	cols := []ledgerColumn{
		{Key: ledgerDate, Label: p.T("record_field.date"), Values: []string{"2025-03-08"}},
		{Key: ledgerVillage, Label: p.T("office.record_booked_to"), Values: []string{p.T("import.village_hint")}},
	}
	for i := range spec.Fields {
		f := &spec.Fields[i]
		if f.NotAsked {
			continue
		}
		col := ledgerColumn{Key: f.Name, Label: p.T("record_field." + f.Name), Field: f}
		for _, c := range choices(*f) {
			col.Values = append(col.Values, c.Label)
		}
		cols = append(cols, col)
	}
	return cols
}

// header is the column's header cell.
func (c ledgerColumn) header() string { return c.Label + " [" + c.Key + "]" }

var headerKey = regexp.MustCompile(`\[([a-z_]+)\]\s*$`)

// ledgerRow is one row of a ledger file, by column key, with its row
// number in the sheet (the header is row 1).
type ledgerRow struct {
	Line  int
	Cells map[string]string
}

// readLedger reads a ledger file, XLSX (told by its bytes) or CSV, into
// its rows, skipping blank ones. EINVALID: not a spreadsheet, no header
// naming the columns, or more than MaxLedgerRows rows.
func readLedger(b []byte) ([]ledgerRow, error) {
	var table [][]string
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			return nil, mingbai.Errorf(mingbai.EINVALID, "error.import_file", "xlsx: %v", err)
		}
		defer f.Close()
		if table, err = f.GetRows(f.GetSheetName(0)); err != nil {
			return nil, mingbai.Errorf(mingbai.EINVALID, "error.import_file", "xlsx rows: %v", err)
		}
	} else {
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
		r.FieldsPerRecord = -1
		for {
			row, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, mingbai.Errorf(mingbai.EINVALID, "error.import_file", "csv: %v", err)
			}
			table = append(table, row)
		}
	}
	if len(table) == 0 {
		return nil, mingbai.Errorf(mingbai.EINVALID, "error.import_header", "no header row")
	}
	keys := make([]string, len(table[0]))
	found := false
	for i, h := range table[0] {
		if m := headerKey.FindStringSubmatch(strings.TrimSpace(h)); m != nil {
			keys[i], found = m[1], true
		}
	}
	if !found {
		return nil, mingbai.Errorf(mingbai.EINVALID, "error.import_header", "header %q names no column", table[0])
	}
	if len(table)-1 > mingbai.MaxLedgerRows {
		return nil, mingbai.Errorf(mingbai.EINVALID, "error.import_rows", "%d rows", len(table)-1).With("Max", mingbai.MaxLedgerRows)
	}
	var rows []ledgerRow
	for n, cells := range table[1:] {
		row := ledgerRow{Line: n + 2, Cells: map[string]string{}}
		for i, v := range cells {
			if i < len(keys) && keys[i] != "" {
				if v = strings.TrimSpace(v); v != "" {
					row.Cells[keys[i]] = v
				}
			}
		}
		if len(row.Cells) > 0 {
			rows = append(rows, row)
		}
	}
	return rows, nil
}

// ledgerNamespace makes a ledger row's record id from what the row holds,
// so the same file imported twice names the same records, stored once.
var ledgerNamespace = uuid.MustParse("6f1c2a1e-5b1e-4c4e-9a57-1d0a3c5e7b21")

// ledgerID is the id of the record of kind k made from row.
func ledgerID(k mingbai.RecordKind, row ledgerRow, keys []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\x00%d", k, row.Line)
	for _, key := range keys {
		b.WriteString("\x00" + row.Cells[key])
	}
	return uuid.NewSHA1(ledgerNamespace, []byte(b.String())).String()
}

// ledgerDay reads a day as a ledger writes it: 2025-03-08, 2025/3/8,
// 2025.3.8 or 2025年3月8日. Anything else is returned as it is, for the
// date check to refuse with its message.
func ledgerDay(v string) string {
	for _, layout := range []string{"2006-01-02", "2006/1/2", "2006.1.2", "2006年1月2日", "2006-1-2"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return v
}
