package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// Benchmarks of the sync path's store side (DESIGN §9: a batch of 100
// records applied in one transaction), on a real SQLite file with the
// production pragmas (WAL, synchronous=FULL on the writer). Run:
//
//	go test ./server/store -run '^$' -bench 'Push|Pull' -benchtime 3s

// benchStore opens a store in b.TempDir() as Open does in production,
// with the test topics, and a resident with a phone.
func benchStore(b *testing.B) (*Store, *mingbai.User, string) {
	b.Helper()
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "mingbai.db"), mingbai.SystemClock{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.LoadSample(context.Background(), testTopics, nil); err != nil {
		b.Fatal(err)
	}
	u, device := resident(b, s, "dolkar")
	return s, u, device
}

// benchRecords makes n consultations of about 300 bytes each, with ids
// from newID. The fields are built in their canonical form directly, as
// a decoded record would carry them; the first is checked against
// DecodeFields so the benchmark stores what the handler would.
func benchRecords(b *testing.B, n int, newID func() (uuid.UUID, error)) []PushItem {
	b.Helper()
	now := time.Now().UTC()
	items := make([]PushItem, n)
	for i := range items {
		id, err := newID()
		if err != nil {
			b.Fatal(err)
		}
		fields := fmt.Appendf(nil, `{"topic":"marriage-family","asker_group":"herder","channel":"in_person",`+
			`"summary":"女方父母收了彩礼后婚事告吹，男方要求全部退还，女方只愿退一半，双方争执不下，问法律怎么规定。第%06d号","outcome":"answered"}`, i)
		items[i] = PushItem{Record: &mingbai.Record{ID: id.String(), Kind: mingbai.Consultation,
			Date: now.Format("2006-01-02"), ClientCreatedAt: now.Format(time.RFC3339), Fields: fields}}
	}
	if _, canonical, err := mingbai.DecodeFields(mingbai.Consultation, items[0].Record.Fields, now); err != nil ||
		!bytes.Equal(canonical, items[0].Record.Fields) {
		b.Fatalf("benchmark fields are not canonical: %v\n%s\n%s", err, canonical, items[0].Record.Fields)
	}
	return items
}

// pushAll stores items in batches of size and returns the results.
func pushAll(b *testing.B, s *Store, u *mingbai.User, device string, items []PushItem, size int) []PushResult {
	b.Helper()
	var out []PushResult
	for len(items) > 0 {
		n := min(size, len(items))
		res, err := s.Push(context.Background(), u, device, items[:n])
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if r.Status != Applied {
				b.Fatalf("record %s %s: %v", r.ID, r.Status, r.Err)
			}
		}
		out, items = append(out, res...), items[n:]
	}
	return out
}

// BenchmarkPush100 pushes batches of 100 new records. The phone makes
// UUIDv7 ids; random UUIDv4 ids are measured beside them because DESIGN
// §3 expects them to insert several times slower.
func BenchmarkPush100(b *testing.B) {
	for _, ids := range []struct {
		name  string
		newID func() (uuid.UUID, error)
	}{{"uuidv7", uuid.NewV7}, {"uuidv4", uuid.NewRandom}} {
		b.Run(ids.name, func(b *testing.B) {
			s, u, device := benchStore(b)
			// A store that already holds records, as after some weeks.
			pushAll(b, s, u, device, benchRecords(b, 20000, ids.newID), 500)
			var records int
			for b.Loop() {
				b.StopTimer()
				batch := benchRecords(b, 100, ids.newID)
				b.StartTimer()
				pushAll(b, s, u, device, batch, 100)
				records += len(batch)
			}
			b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkPush1Parallel pushes one new record at a time from PHONES
// phones at once (default 8), as scripts/load.sh's "batches of 1" does
// over HTTP: the writer's cost for a push rather than a record, with the
// commits of the pushes that wait together shared.
func BenchmarkPush1Parallel(b *testing.B) {
	s, u, device := benchStore(b)
	pushAll(b, s, u, device, benchRecords(b, 20000, uuid.NewV7), 500)
	items := benchRecords(b, b.N, uuid.NewV7)
	var next atomic.Int64
	b.SetParallelism(max(1, benchPhones(b)/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) - 1
			res, err := s.Push(context.Background(), u, device, items[i:i+1])
			if err != nil || res[0].Status != Applied {
				b.Errorf("push %d: %v %+v", i, err, res)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pushes/s")
}

// benchPhones is how many phones push at once: PHONES, or 8.
func benchPhones(b *testing.B) int {
	v := os.Getenv("PHONES")
	if v == "" {
		return 8
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("PHONES=%q: want a count of phones", v)
	}
	return n
}

// BenchmarkPull pulls pages of 500 over a resident's 100,000 records,
// from cursors spread over the whole history.
func BenchmarkPull(b *testing.B) {
	s, u, device := benchStore(b)
	res := pushAll(b, s, u, device, benchRecords(b, 100000, uuid.NewV7), 500)
	var cursors []int64 // the last seq before each full page
	for i := MaxPull; i < len(res); i += MaxPull {
		cursors = append(cursors, res[i-MaxPull].Seq-1)
	}
	ctx := context.Background()
	var records, page int
	for b.Loop() {
		changes, more, err := s.Pull(ctx, u, cursors[page%len(cursors)], MaxPull)
		if err != nil {
			b.Fatal(err)
		}
		if len(changes) != MaxPull || !more || changes[MaxPull-1].Record == nil {
			b.Fatalf("page from %d: %d changes, more %v", cursors[page%len(cursors)], len(changes), more)
		}
		records += len(changes)
		page++
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}
