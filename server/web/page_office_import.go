package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// importPage brings a paper ledger in: a template per kind to download
// (CSV or XLSX), what each column takes, the upload, and what became of
// the last file: every refused row by its number and the reason, or how
// many records it stored.
type importPage struct {
	formPage
	Kind     mingbai.RecordKind
	Kinds    []mingbai.RecordKind
	Columns  []ledgerColumn
	Window   mingbai.DateWindow
	MaxRows  int
	Problems []string // "第 5 行：……", nothing stored
	Stored   int      // records stored by the file
	Already  int      // its records stored before (the same file again)
	Imported bool
}

// ledgerKind reads the kind a ledger is of; only the office's own kinds
// have one.
func ledgerKind(v string) (mingbai.RecordKind, error) {
	k, err := mingbai.ParseRecordKind(v)
	if err != nil || !isOfficeKind(k) {
		return "", mingbai.Errorf(mingbai.EINVALID, "error.record_kind", "ledger of kind %q", v)
	}
	return k, nil
}

// importForm shows the page for ?kind= (the first of the office's kinds
// by default).
func (s *server) importForm(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	kind := officeKinds()[0]
	if v := c.QueryParam("kind"); v != "" {
		if kind, err = ledgerKind(v); err != nil {
			return err
		}
	}
	p, err := s.newImportPage(c, l, kind)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "office_import", p)
}

func (s *server) newImportPage(c echo.Context, l mingbai.Lang, kind mingbai.RecordKind) (*importPage, error) {
	p := &importPage{formPage: s.newFormPage(c, l, "import.title"), Kind: kind, Kinds: officeKinds(),
		Window: mingbai.OfficeRecordWindow(s.clock.Now()), MaxRows: mingbai.MaxLedgerRows}
	cols, err := s.kindColumns(c.Request().Context(), p.page, kind)
	p.Columns = cols
	return p, err
}

// kindColumns are kind's ledger columns in p's language.
func (s *server) kindColumns(ctx context.Context, p page, kind mingbai.RecordKind) ([]ledgerColumn, error) {
	spec, err := mingbai.SpecOf(kind)
	if err != nil {
		return nil, err
	}
	var failed error
	cols := s.ledgerColumns(p, spec, func(f mingbai.Field) []choice {
		cs, err := s.fieldChoices(ctx, p, f)
		if err != nil {
			failed = err
		}
		return cs
	})
	return cols, failed
}

// importTemplateCSV and importTemplateXLSX send a kind's empty ledger.
func (s *server) importTemplateCSV(c echo.Context) error  { return s.importTemplate(c, csvFormat) }
func (s *server) importTemplateXLSX(c echo.Context) error { return s.importTemplate(c, xlsxFormat) }

func (s *server) importTemplate(c echo.Context, format exportFormat) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	kind, err := ledgerKind(c.QueryParam("kind"))
	if err != nil {
		return err
	}
	cols, err := s.kindColumns(c.Request().Context(), s.page(l), kind)
	if err != nil {
		return err
	}
	return s.sendExport(c, format, "ledger-"+string(kind)+"."+string(format), func(w exportWriter) error {
		widths := make([]float64, len(cols))
		header := make([]any, len(cols))
		for i, col := range cols {
			widths[i], header[i] = 22, col.header()
		}
		if err := w.sheet(s.page(l).T("record_kind."+string(kind)), widths); err != nil {
			return err
		}
		return w.header(header...)
	})
}

// importLedger reads an uploaded ledger and stores its records, all or
// none: a file with any refused row stores nothing and lists every
// refusal by row.
func (s *server) importLedger(c echo.Context) error {
	l, err := pathLang(c)
	if err != nil {
		return err
	}
	kind, err := ledgerKind(c.FormValue("kind"))
	if err != nil {
		return err
	}
	p, err := s.newImportPage(c, l, kind)
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return mingbai.Errorf(mingbai.EINVALID, "error.upload_missing", "no ledger: %v", err)
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, mingbai.MaxLedgerBytes+1))
	if err != nil {
		return err
	}
	if len(b) > mingbai.MaxLedgerBytes {
		return mingbai.Errorf(mingbai.ETOOLARGE, "error.import_too_large", "ledger of over %d bytes", mingbai.MaxLedgerBytes).
			With("MB", mingbai.MaxLedgerBytes>>20)
	}
	rows, err := readLedger(b)
	if err != nil {
		return err
	}
	items, err := s.ledgerItems(c.Request().Context(), p, rows)
	if err != nil {
		return err
	}
	results, stored, err := s.store.PushAll(s.auditingOutcome(c, "import.ledger", string(kind), ""), currentUser(c), items)
	if err != nil {
		return err
	}
	p.Imported = true
	for i, res := range results {
		switch {
		case res.Status == store.Duplicate:
			p.Already++
		case res.Status == store.Applied:
			p.Stored++
		case res.Status == store.Conflict:
			p.Problems = append(p.Problems, p.T("import.row", "Row", rows[i].Line, "Problem", p.T("error.record_conflict")))
		default:
			p.Problems = append(p.Problems, p.T("import.row", "Row", rows[i].Line, "Problem", s.errorText(l, res.Err)))
		}
	}
	status := http.StatusOK
	if !stored {
		p.Stored, p.Already, status = 0, 0, http.StatusBadRequest
	}
	return s.render(c, status, "office_import", p)
}

// ledgerItems turns rows into records of the page's kind, as the desk's
// form would make them, each refused row with its reason.
func (s *server) ledgerItems(ctx context.Context, p *importPage, rows []ledgerRow) ([]store.PushItem, error) {
	read, err := s.ledgerReader(ctx, p.Kind)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, col := range p.Columns {
		keys = append(keys, col.Key)
	}
	now := s.clock.Now()
	items := make([]store.PushItem, len(rows))
	for i, row := range rows {
		r := &mingbai.Record{ID: ledgerID(p.Kind, row, keys), Kind: p.Kind, Date: ledgerDay(row.Cells[ledgerDate])}
		items[i].Record = r
		if r.VillageID, items[i].Err = read.village(row.Cells[ledgerVillage]); items[i].Err != nil {
			continue
		}
		if items[i].Err = r.CheckEnvelope(p.Window); items[i].Err != nil {
			continue
		}
		raw, _ := json.Marshal(mingbai.FormValues(p.Kind, func(name string) []string { return read.values(name, row.Cells[name]) }))
		items[i].Values, r.Fields, items[i].Err = mingbai.DecodeFields(p.Kind, raw, now)
	}
	return items, nil
}

// ledgerReader reads a ledger's cells as the form's values: a choice or a
// topic by its label in any language or by its key, a village by its name.
type ledgerReader struct {
	options  map[string]map[string]string // field → label or key → key
	villages map[string]string            // name → id
	township map[string]bool              // the township's own, as written
}

func (s *server) ledgerReader(ctx context.Context, kind mingbai.RecordKind) (*ledgerReader, error) {
	spec, err := mingbai.SpecOf(kind)
	if err != nil {
		return nil, err
	}
	r := &ledgerReader{options: map[string]map[string]string{}, villages: map[string]string{}, township: map[string]bool{"": true}}
	for _, l := range mingbai.InterfaceLangs {
		p := s.page(l)
		r.township[p.T("record.township")] = true
		for _, f := range spec.Fields {
			cs, err := s.fieldChoices(ctx, p, f)
			if err != nil {
				return nil, err
			}
			if r.options[f.Name] == nil {
				r.options[f.Name] = map[string]string{}
			}
			for _, c := range cs {
				r.options[f.Name][c.Value] = c.Value
				r.options[f.Name][c.Label] = c.Value
			}
		}
	}
	villages, err := s.store.Villages(ctx)
	if err != nil {
		return nil, err
	}
	for _, v := range villages {
		r.villages[v.NameZH] = v.ID
		if v.NameBO != "" {
			r.villages[v.NameBO] = v.ID
		}
	}
	return r, nil
}

// village is the id of the village named v, "" for the township's own.
// EINVALID: a name no village has.
func (r *ledgerReader) village(v string) (string, error) {
	if r.township[v] {
		return "", nil
	}
	if id, ok := r.villages[v]; ok {
		return id, nil
	}
	return "", mingbai.Errorf(mingbai.EINVALID, "error.village_unknown", "village %q", v)
}

// values are the form values of field name's cell v: the key of a label,
// a list split at commas for the leaflets handed out.
func (r *ledgerReader) values(name, v string) []string {
	if v == "" {
		return nil
	}
	opts := r.options[name]
	if strings.ContainsAny(v, ",，、;；") && name == "materials" {
		var out []string
		for _, part := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(",，、;；", r) }) {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, orSelf(opts[part], part))
			}
		}
		return out
	}
	if key, ok := opts[v]; ok {
		return []string{key}
	}
	return []string{v}
}
