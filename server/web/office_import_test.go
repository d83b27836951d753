package web

import (
	"bytes"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// uploadLedger posts a ledger file of kind as the import page does.
func (b *browser) uploadLedger(t *testing.T, kind mingbai.RecordKind, name string, content []byte) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", b.cookies["mingbai_csrf"].Value)
	w.WriteField("kind", string(kind))
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(content)
	w.Close()
	req := httptest.NewRequest(http.MethodPost, "/zh/office/records/import", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(t, req)
}

// ledgerCSV writes rows under header as the office's spreadsheet would.
func ledgerCSV(t *testing.T, header []string, rows ...[]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(header)
	w.WriteAll(rows)
	return buf.Bytes()
}

// TestImportPaperLedger: the office downloads a kind's template, fills it
// as a ledger is kept (choices by their Chinese names, days written
// 2025/3/8), and uploads it. A file with a bad row stores nothing and
// names every bad row and its field; a good one stores every row as the
// office's own work; the same file again stores nothing twice.
func TestImportPaperLedger(t *testing.T) {
	a := newTestApp(t)
	office := a.officeBrowser(t)
	a.village(t, "上村", true)
	ctx := t.Context()
	// Last year in the township, which the office's window always holds
	// whole (its first day can be in the year before on New Year's Day).
	thisYear, _ := strconv.Atoi(a.today()[:4])
	lastYear := strconv.Itoa(thisYear - 1)

	rec := office.send(t, http.MethodGet, "/zh/office/records/import/template.csv?kind=mediation", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("template = %d", rec.Code)
	}
	header, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\uFEFF"))).Read()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"日期 [date]", "记入 [village]", "纠纷类型 [dispute_kind]", "当事人数 [parties]"}
	if strings.Join(header[:4], "|") != strings.Join(want, "|") {
		t.Fatalf("template header = %q, want it to start %q", header, want)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h[strings.Index(h, "[")+1:len(h)-1]] = i
	}
	row := func(date, village, kind, parties, outcome string) []string {
		r := make([]string, len(header))
		r[col["date"]], r[col["village"]], r[col["dispute_kind"]], r[col["parties"]], r[col["outcome"]] = date, village, kind, parties, outcome
		return r
	}
	good := [][]string{
		row(lastYear+"/3/8", "上村", "宅基地", "2", "达成协议"),
		row(lastYear+"-12-31", "", "homestead", "3", "agreement"), // the township's own, by the options' keys
	}
	bad := append(append([][]string{}, good...),
		row(lastYear+"-05-01", "上村", "宅基地", "1", "达成协议"), // row 4: one party
		row("1999-01-01", "", "宅基地", "2", "达成协议"),        // row 5: too old
		row(lastYear+"-05-02", "下村", "宅基地", "2", "达成协议"), // row 6: no such village
	)
	count := func() int {
		fig, err := a.store.Figures(ctx, store.FigureFilter{Period: mingbai.Period{From: lastYear + "-01-01", To: a.today()}})
		if err != nil {
			t.Fatal(err)
		}
		return fig.ByOffice[mingbai.Mediation]
	}

	rec = office.uploadLedger(t, mingbai.Mediation, "ledger.csv", ledgerCSV(t, header, bad...))
	doc, _ := goquery.NewDocumentFromReader(rec.Body)
	var problems []string
	doc.Find(".import-problems li").Each(func(_ int, s *goquery.Selection) { problems = append(problems, s.Text()) })
	if rec.Code != http.StatusBadRequest || len(problems) != 3 || !strings.HasPrefix(problems[0], "第 4 行") ||
		!strings.Contains(problems[0], "当事人数") || !strings.HasPrefix(problems[1], "第 5 行") || !strings.HasPrefix(problems[2], "第 6 行") {
		t.Fatalf("a ledger with bad rows = %d, problems %q; want 400 naming rows 4 (parties), 5 and 6", rec.Code, problems)
	}
	if n := count(); n != 0 {
		t.Fatalf("a refused ledger stored %d records, want none", n)
	}

	for i, wantStored := range []string{"已导入 2 条记录；0 条", "已导入 0 条记录；2 条"} {
		rec = office.uploadLedger(t, mingbai.Mediation, "ledger.csv", ledgerCSV(t, header, good...))
		doc, _ = goquery.NewDocumentFromReader(rec.Body)
		if got := doc.Find(`p[role="status"]`).Text(); rec.Code != http.StatusOK || !strings.HasPrefix(got, wantStored) {
			t.Errorf("import %d = %d %q, want %q", i+1, rec.Code, got, wantStored)
		}
		if n := count(); n != 2 {
			t.Errorf("after import %d the office has %d mediations, want 2", i+1, n)
		}
	}
	if !a.hasAudit(t, "import.ledger", string(mingbai.Mediation)) {
		t.Error("the import is not in the audit log")
	}

	// The XLSX template, filled in Excel: an event, its audience by name.
	rec = office.send(t, http.MethodGet, "/zh/office/records/import/template.xlsx?kind=event", nil)
	f, err := excelize.OpenReader(rec.Body)
	if err != nil {
		t.Fatalf("XLSX template: %v", err)
	}
	sheet := f.GetSheetName(0)
	heads, _ := f.GetRows(sheet)
	for i, h := range heads[0] {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		switch h[strings.Index(h, "[")+1 : len(h)-1] {
		case "date":
			f.SetCellValue(sheet, cell, a.today())
		case "place":
			f.SetCellValue(sheet, cell, "乡集市")
		case "audience":
			f.SetCellValue(sheet, cell, a.locale.T("zh", "record_option.audience.herder", nil))
		case "people_reached", "leaflets_bo", "leaflets_zh":
			f.SetCellValue(sheet, cell, 40)
		}
	}
	var xlsx bytes.Buffer
	if err := f.Write(&xlsx); err != nil {
		t.Fatal(err)
	}
	rec = office.uploadLedger(t, mingbai.PromotionEvent, "ledger.xlsx", xlsx.Bytes())
	if rec.Code != http.StatusOK {
		t.Fatalf("XLSX import = %d: %.600s", rec.Code, rec.Body.String())
	}
	fig, _ := a.store.Figures(ctx, store.FigureFilter{Period: mingbai.YearOf(a.clock.Now())})
	if fig.ByOffice[mingbai.PromotionEvent] != 1 || fig.By(mingbai.PromotionEvent, "audience")["herder"] != 1 || fig.Sum(mingbai.PromotionEvent, "people_reached") != 40 {
		t.Errorf("the imported event counts %d, audience %v, people %v", fig.ByOffice[mingbai.PromotionEvent],
			fig.By(mingbai.PromotionEvent, "audience"), fig.Sum(mingbai.PromotionEvent, "people_reached"))
	}

	if rec := office.uploadLedger(t, mingbai.Mediation, "notes.csv", []byte("随便写的\n一行")); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), a.locale.T("zh", "error.import_header", nil)) {
		t.Errorf("a file without the template's header = %d, want 400 saying so", rec.Code)
	}
}
