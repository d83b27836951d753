package web

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"mime"
	"strconv"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"mingbai/server/mingbai"
)

// exportFormat is a file format the office downloads its numbers in.
type exportFormat string

// The export formats: CSV for any program, XLSX for the office's Excel or
// WPS, with sheets, widths and numbers that stay numbers.
const (
	csvFormat  exportFormat = "csv"
	xlsxFormat exportFormat = "xlsx"
)

// parseExportFormat reads a format a form sent, or EINVALID.
func parseExportFormat(s string) (exportFormat, error) {
	switch f := exportFormat(s); f {
	case csvFormat, xlsxFormat:
		return f, nil
	}
	return "", mingbai.Errorf(mingbai.EINVALID, "error.export_format", "export format %q", s)
}

var exportTypes = map[exportFormat]string{
	csvFormat:  "text/csv; charset=utf-8",
	xlsxFormat: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// exportWriter writes an export's tables one row at a time: sheets of a
// workbook, or runs of CSV lines with a blank line between them. A cell
// is a string, an int or a float64; nil leaves it empty.
type exportWriter interface {
	// sheet starts a table whose columns are widths characters wide.
	sheet(name string, widths []float64) error
	// header writes a row of headings, bold where the format can.
	header(cells ...any) error
	row(cells ...any) error
	// close ends the file; nothing may be written after it.
	close() error
}

// sendExport answers with a file of the format named filename (ASCII),
// which fill writes. Nothing is sent before fill starts a sheet, so an
// error before that (a bad filter, too many rows) is an error page; one
// after it can only cut the file short, and is logged.
func (s *server) sendExport(c echo.Context, format exportFormat, filename string, fill func(exportWriter) error) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, exportTypes[format])
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	var w exportWriter = &csvExport{out: c.Response()}
	if format == xlsxFormat {
		w = &xlsxExport{out: c.Response()}
	}
	err := fill(w)
	if err == nil {
		err = w.close()
	} else if x, ok := w.(*xlsxExport); ok && x.f != nil {
		x.f.Close() // removes its temporary files
	}
	if err != nil && c.Response().Committed {
		msg := "export cut short"
		if errors.Is(err, context.Canceled) {
			msg = "export client gone"
		}
		s.log.Warn(msg, "id", h.Get(echo.HeaderXRequestID), "path", c.Request().URL.Path, "err", err)
		return nil
	}
	return err
}

// exportNamer names what records refer to in the language of c's path.
func (s *server) exportNamer(c echo.Context) (*recordNamer, error) {
	l, err := pathLang(c)
	if err != nil {
		return nil, err
	}
	return s.newRecordNamer(c.Request().Context(), l)
}

// csvExport writes UTF-8 with a byte-order mark, which Excel on a Chinese
// Windows desktop needs to read it as UTF-8 rather than GBK, and CRLF line
// ends, as Excel writes them.
type csvExport struct {
	out    io.Writer
	w      *csv.Writer
	sheets int
}

func (e *csvExport) sheet(string, []float64) error {
	if e.w == nil {
		if _, err := io.WriteString(e.out, "\uFEFF"); err != nil {
			return err
		}
		e.w = csv.NewWriter(e.out)
		e.w.UseCRLF = true
	} else if err := e.w.Write(nil); err != nil {
		return err
	}
	e.sheets++
	return nil
}

func (e *csvExport) header(cells ...any) error { return e.row(cells...) }

func (e *csvExport) row(cells ...any) error {
	line := make([]string, len(cells))
	for i, v := range cells {
		switch v := v.(type) {
		case string:
			line[i] = csvText(v)
		case int:
			line[i] = strconv.Itoa(v)
		case float64:
			line[i] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return e.w.Write(line)
}

func (e *csvExport) close() error {
	if e.w == nil {
		return nil
	}
	e.w.Flush()
	return e.w.Error()
}

// csvText keeps text from being taken for a formula: a spreadsheet runs a
// cell that starts with = + - or @ (or a tab or line break before one),
// and free text a resident typed must not run anything on the office's
// computer. A leading quote shows it as text (numbers are written as
// numbers, never through here).
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r\n", rune(s[0])) {
		return "'" + s
	}
	return s
}

// xlsxExport streams rows into a workbook, so a large export needs little
// memory, and writes the workbook out when closed.
type xlsxExport struct {
	out  io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	bold int
	rows int
}

func (e *xlsxExport) sheet(name string, widths []float64) error {
	if e.f == nil {
		e.f = excelize.NewFile()
		var err error
		if e.bold, err = e.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
			return err
		}
		if err := e.f.SetSheetName(e.f.GetSheetName(0), name); err != nil {
			return err
		}
	} else {
		if err := e.sw.Flush(); err != nil {
			return err
		}
		if _, err := e.f.NewSheet(name); err != nil {
			return err
		}
	}
	var err error
	if e.sw, err = e.f.NewStreamWriter(name); err != nil {
		return err
	}
	e.rows = 0
	for i, w := range widths {
		if err := e.sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	return nil
}

func (e *xlsxExport) header(cells ...any) error {
	styled := make([]any, len(cells))
	for i, v := range cells {
		styled[i] = excelize.Cell{StyleID: e.bold, Value: v}
	}
	return e.row(styled...)
}

func (e *xlsxExport) row(cells ...any) error {
	e.rows++
	cell, err := excelize.CoordinatesToCellName(1, e.rows)
	if err != nil {
		return err
	}
	return e.sw.SetRow(cell, cells)
}

func (e *xlsxExport) close() error {
	if e.f == nil {
		return nil
	}
	defer e.f.Close()
	if err := e.sw.Flush(); err != nil {
		return err
	}
	return e.f.Write(e.out)
}

// table is an export's table held whole, so its columns can be as wide as
// their widest cell.
type table struct {
	name string
	rows []tableRow
}

type tableRow struct {
	header bool
	cells  []any
}

func (t *table) add(header bool, cells ...any) {
	t.rows = append(t.rows, tableRow{header: header, cells: cells})
}

// write writes t as one sheet of w.
func (t *table) write(w exportWriter) error {
	var widths []float64
	for _, r := range t.rows {
		for i, v := range r.cells {
			if i >= len(widths) {
				widths = append(widths, minColumn)
			}
			widths[i] = max(widths[i], cellWidth(v))
		}
	}
	if err := w.sheet(t.name, widths); err != nil {
		return err
	}
	for _, r := range t.rows {
		write := w.row
		if r.header {
			write = w.header
		}
		if err := write(r.cells...); err != nil {
			return err
		}
	}
	return nil
}

// Column widths, in characters of a Latin font.
const (
	minColumn = 8
	maxColumn = 60
)

// cellWidth is about how wide v shows: a Chinese character takes two
// Latin ones, a Tibetan letter one and a half, and the vowel signs and
// letters stacked on it nothing.
func cellWidth(v any) float64 {
	s, ok := v.(string)
	if !ok {
		return minColumn
	}
	w := 2.0 // a margin
	for _, r := range s {
		switch {
		case unicode.Is(unicode.M, r):
		case unicode.Is(unicode.Tibetan, r):
			w += 1.5
		case r >= 0x1100:
			w += 2
		default:
			w++
		}
	}
	return min(w, maxColumn)
}
