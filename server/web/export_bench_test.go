package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// Benchmarks of the records export: a year of a busy township's records
// (20,000) to CSV and to XLSX, the handler called directly (the export's
// own work, not the HTTP stack's). Run:
//
//	go test ./server/web -run '^$' -bench 'Export' -benchtime 3x

const benchRecords = 20000

func benchmarkExport(b *testing.B, handler func(*server) echo.HandlerFunc, path string) {
	a := newTestApp(b)
	ctx := b.Context()
	author := a.addAccount(b, "dolkar", mingbai.Resident)
	clerk := a.addAccount(b, "clerk", mingbai.Office)
	now := a.clock.Now()
	for i := 0; i < benchRecords; i += 500 {
		items := make([]store.PushItem, 0, 500)
		for j := i; j < i+500; j++ {
			_, fields, err := mingbai.DecodeFields(mingbai.Consultation, fmt.Appendf(nil,
				`{"topic":"marriage-family","asker_group":"herder","channel":"phone","summary":"第 %d 个问题：离婚时财产如何分割","outcome":"answered"}`, j), now)
			if err != nil {
				b.Fatal(err)
			}
			items = append(items, store.PushItem{Record: &mingbai.Record{ID: uuid.NewString(), Kind: mingbai.Consultation,
				Date: a.daysAgo(j % 365), Fields: fields}})
		}
		if _, err := a.store.Push(ctx, author, "", items); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	var size int
	for range b.N {
		rec := httptest.NewRecorder()
		c := a.srv.e.NewContext(httptest.NewRequest(http.MethodGet, path, nil), rec)
		c.SetParamNames("lang")
		c.SetParamValues("zh")
		c.Set(userKey, clerk)
		if err := handler(a.srv)(c); err != nil || rec.Code != http.StatusOK {
			b.Fatalf("export = %d, %v", rec.Code, err)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(benchRecords*b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(size)/(1<<20), "MB")
}

func BenchmarkExportRecordsCSV(b *testing.B) {
	benchmarkExport(b, func(s *server) echo.HandlerFunc { return s.recordsCSV }, "/zh/office/records/export.csv")
}

func BenchmarkExportRecordsXLSX(b *testing.B) {
	benchmarkExport(b, func(s *server) echo.HandlerFunc { return s.recordsXLSX }, "/zh/office/records/export.xlsx")
}
