package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// maxExportReason caps the reason given for an unmasked export: a line.
const maxExportReason = 200

// recordsExportForm is what the inbox offers to export its records: masked
// downloads of the filtered records, and the filter again for the form
// that asks for them unmasked.
type recordsExportForm struct {
	CSV, XLSX string
	Filter    url.Values
}

func newRecordsExportForm(l mingbai.Lang, f store.InboxFilter) recordsExportForm {
	q := inboxValues(f)
	query := ""
	if len(q) > 0 {
		query = "?" + q.Encode()
	}
	return recordsExportForm{CSV: officeLink(l, "records", "export.csv") + query,
		XLSX: officeLink(l, "records", "export.xlsx") + query, Filter: q}
}

// recordsCSV and recordsXLSX send the records the inbox's filter in the
// query matches, masked whatever else the query holds.
func (s *server) recordsCSV(c echo.Context) error {
	return s.recordsExport(c, csvFormat, c.QueryParam, "")
}

func (s *server) recordsXLSX(c echo.Context) error {
	return s.recordsExport(c, xlsxFormat, c.QueryParam, "")
}

// recordsExportUnmasked sends the records with the residents' names and
// the free text they wrote: only by a form, which a link cannot forge,
// with a reason the audit log keeps and the office's confirmation that it
// will keep the file safe. No reason, no confirmation or a format other
// than csv and xlsx is EINVALID.
func (s *server) recordsExportUnmasked(c echo.Context) error {
	format, err := parseExportFormat(c.FormValue("format"))
	if err != nil {
		return err
	}
	reason := formText(c, "reason")
	switch {
	case c.FormValue("unmasked") != "1":
		return mingbai.Errorf(mingbai.EINVALID, "error.bad_request", "unmasked=%q", c.FormValue("unmasked"))
	case reason == "" || utf8.RuneCountInString(reason) > maxExportReason || strings.ContainsRune(reason, '\n'):
		return mingbai.Errorf(mingbai.EINVALID, "error.export_reason", "reason of %d runes", utf8.RuneCountInString(reason))
	case c.FormValue("confirm") != "1":
		return mingbai.Errorf(mingbai.EINVALID, "error.export_confirm", "not confirmed")
	}
	return s.recordsExport(c, format, c.FormValue, reason)
}

// recordsExport sends every current record the inbox's filter (read with
// get) matches, not a page of them: masked unless a reason is given, when
// the residents' names and their free text are in it too. The export is
// logged with its filter before a row leaves.
func (s *server) recordsExport(c echo.Context, format exportFormat, get func(string) string, reason string) error {
	n, err := s.exportNamer(c)
	if err != nil {
		return err
	}
	f, _, err := parseInboxFilter(get)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	unmasked := reason != ""
	cols := exportColumns(f.Kind, unmasked)
	action, name := "export.records", "mingbai-records-"
	if unmasked {
		action, name = "export.records_unmasked", "mingbai-records-unmasked-"
	}
	name += s.clock.Now().In(mingbai.Township).Format("20060102") + "." + string(format)
	return s.sendExport(c, format, name, func(w exportWriter) error {
		return s.store.ExportRecords(ctx, f, store.MaxExportRecords, func(total int) error {
			detail := fmt.Sprintf("format=%s %s rows=%d", format, exportFilterText(n, f), total)
			if unmasked {
				detail += fmt.Sprintf(" reason=%q", reason)
			}
			if err := s.audit(c, action, string(format), detail); err != nil {
				return err
			}
			widths, headers := make([]float64, len(cols)), make([]any, len(cols))
			for i, col := range cols {
				headers[i] = n.t(col.label)
				widths[i] = max(cellWidth(headers[i]), col.width)
			}
			if err := w.sheet("records", widths); err != nil {
				return err
			}
			return w.header(headers...)
		}, func(r *mingbai.Record) error {
			return w.row(n.exportRow(r, cols, unmasked)...)
		})
	})
}

// exportFilterText is f as the audit log shows it: what was exported.
func exportFilterText(n *recordNamer, f store.InboxFilter) string {
	village := ""
	if f.VillageID != "" {
		village = orSelf(n.villages[f.VillageID], f.VillageID)
	}
	return fmt.Sprintf("village=%s kind=%s state=%s from=%s to=%s conflicts=%t",
		village, f.Kind, f.State, f.From, f.To, f.Conflicts)
}

// exportColumn is a column of the records export: a record's own
// property, or one of its kind's fields.
type exportColumn struct {
	label string // message of its heading
	field string // the record field, or "" for the record's own columns
	own   func(n *recordNamer, r *mingbai.Record, unmasked bool) any
	width float64
}

// exportOwnColumns are what every record has, before its fields.
var exportOwnColumns = []exportColumn{
	{label: "export.id", width: 38, own: func(_ *recordNamer, r *mingbai.Record, _ bool) any { return r.ID }},
	{label: "office.record_kind", width: 14, own: func(n *recordNamer, r *mingbai.Record, _ bool) any {
		return n.t("record_kind." + string(r.Kind))
	}},
	{label: "office.record_date", width: 12, own: func(_ *recordNamer, r *mingbai.Record, _ bool) any { return r.Date }},
	{label: "office.village", width: 14, own: func(n *recordNamer, r *mingbai.Record, _ bool) any {
		return n.villages[r.VillageID]
	}},
	{label: "office.resident", width: 12, own: func(n *recordNamer, r *mingbai.Record, unmasked bool) any {
		if unmasked {
			return n.people[r.AuthorID]
		}
		return mingbai.MaskName(n.people[r.AuthorID])
	}},
	{label: "office.record_state", width: 14, own: func(n *recordNamer, r *mingbai.Record, _ bool) any {
		return n.t("record_state." + string(r.State))
	}},
	{label: "office.record_refers_to", width: 38, own: func(_ *recordNamer, r *mingbai.Record, _ bool) any {
		return r.RefersTo
	}},
}

// reviewColumn is the office's latest comment on a record: free text too.
var reviewColumn = exportColumn{label: "office.record_review_comment", width: 40,
	own: func(_ *recordNamer, r *mingbai.Record, _ bool) any { return r.Review }}

// exportColumns lists the columns for records of kind k (every kind when
// empty): the record's own, then each field once, in the kinds' order.
// Masked, free text is left out: no column, so nothing to leak.
func exportColumns(k mingbai.RecordKind, unmasked bool) []exportColumn {
	cols := slices.Clone(exportOwnColumns)
	var seen []string
	for _, spec := range mingbai.Kinds {
		if k != "" && spec.Kind != k {
			continue
		}
		for _, f := range spec.Fields {
			if slices.Contains(seen, f.Name) || (f.FreeText && !unmasked) {
				continue
			}
			seen = append(seen, f.Name)
			width := 12.0
			if f.FreeText {
				width = maxColumn
			}
			cols = append(cols, exportColumn{label: "record_field." + f.Name, field: f.Name, width: width})
		}
	}
	if unmasked {
		cols = append(cols, reviewColumn)
	}
	return cols
}

// exportRow is r's cells under cols: numbers as numbers, choices by their
// labels, ids by the names of what they name.
func (n *recordNamer) exportRow(r *mingbai.Record, cols []exportColumn, unmasked bool) []any {
	raw := map[string]json.RawMessage{}
	json.Unmarshal(r.Fields, &raw) // stored fields were checked on the way in
	shown := map[string][]valueView{}
	for _, f := range n.fields(r.Kind, r.Fields) {
		shown[f.Name] = f.Values
	}
	out := make([]any, len(cols))
	for i, col := range cols {
		if col.own != nil {
			out[i] = col.own(n, r, unmasked)
			continue
		}
		vs, ok := shown[col.field]
		if !ok {
			continue
		}
		if x, err := strconv.ParseFloat(string(raw[col.field]), 64); err == nil {
			out[i] = number(x)
			continue
		}
		texts := make([]string, len(vs))
		for j, v := range vs {
			texts[j] = v.Text
		}
		out[i] = strings.Join(texts, ", ")
	}
	return out
}

// number is x as an int when it is whole, so a spreadsheet shows 40, not
// 40.0, and 2.5 hours stay 2.5.
func number(x float64) any {
	if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		return int(x)
	}
	return x
}
