package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/uuid"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// Benchmarks of the sync API over real loopback HTTP: the store's work
// (see store's BenchmarkPush100 and BenchmarkPull) plus the bearer token
// check, JSON decoding and validation, and the JSON answer. One phone at a
// time; scripts/load.sh measures many at once. Run:
//
//	go test ./server/web -run '^$' -bench 'Sync' -benchtime 3s

// syncBench is a resident's phone talking to the real handler over HTTP.
type syncBench struct {
	url, token string
	client     *http.Client
	app        *testApp
}

func newSyncBench(b *testing.B) *syncBench {
	b.Helper()
	a := newTestApp(b)
	ctx := b.Context()
	village, err := a.store.VillageByName(ctx, "示例村")
	if err != nil {
		b.Fatal(err)
	}
	u := &mingbai.User{Username: "dolkar", DisplayName: "Dolkar", Role: mingbai.Resident, VillageID: village}
	if err := a.store.CreateUser(ctx, u, "$2a$11$not.a.real.hash.no.one.signs.in.with.it......"); err != nil {
		b.Fatal(err)
	}
	token := auth.NewToken()
	if err := a.store.CreateDevice(ctx, &mingbai.Device{UserID: u.ID, Name: "phone"}, auth.TokenHash(token)); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(a.h)
	b.Cleanup(srv.Close)
	// Compression is left to the test: a phone's browser asks for gzip,
	// and the body is counted as it travels.
	tr := &http.Transport{DisableCompression: true}
	b.Cleanup(tr.CloseIdleConnections)
	return &syncBench{url: srv.URL, token: token, client: &http.Client{Transport: tr}, app: a}
}

// do sends a request as a phone's browser would, asking for gzip, and
// returns the answer's size on the wire and, when plain is set, its body
// uncompressed.
func (p *syncBench) do(b *testing.B, method, path string, body []byte, plain bool) (int, []byte) {
	req, err := http.NewRequest(method, p.url+path, bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+p.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := p.client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		b.Fatalf("%s %s = %d, %v", method, path, res.StatusCode, err)
	}
	wire := len(got)
	if plain && res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(got))
		if err != nil {
			b.Fatal(err)
		}
		if got, err = io.ReadAll(zr); err != nil {
			b.Fatal(err)
		}
	}
	return wire, got
}

// push sends n new consultations of about 300 bytes each, as a phone
// encodes them, and checks that each was applied; it returns the
// records' change numbers.
func (p *syncBench) push(b *testing.B, n int) []int64 {
	b.Helper()
	today, createdAt := p.app.today(), p.app.clock.Now().Format(time.RFC3339)
	body := []byte(`{"schema":1,"records":[`)
	for i := range n {
		if i > 0 {
			body = append(body, ',')
		}
		body = fmt.Appendf(body, `{"id":%q,"kind":"consultation","date":%q,"created_at":%q,"fields":{"topic":"marriage-family",`+
			`"asker_group":"herder","channel":"in_person","outcome":"answered",`+
			`"summary":"女方父母收了彩礼后婚事告吹，男方要求全部退还，女方只愿退一半，双方争执不下，问法律怎么规定。第%06d号"}}`,
			uuid.Must(uuid.NewV7()).String(), today, createdAt, i)
	}
	body = append(body, "]}"...)
	_, got := p.do(b, http.MethodPost, "/api/v1/sync/push", body, true)
	var out pushResponse
	if err := json.Unmarshal(got, &out); err != nil {
		b.Fatal(err)
	}
	seqs := make([]int64, len(out.Results))
	for i, r := range out.Results {
		if r.Status != store.Applied {
			b.Fatalf("record %s %s: %+v", r.ID, r.Status, r.Error)
		}
		seqs[i] = r.Seq
	}
	return seqs
}

// BenchmarkSyncPush100 pushes batches of 100 new records.
func BenchmarkSyncPush100(b *testing.B) {
	p := newSyncBench(b)
	for range 200 { // a store that already holds records, as after some weeks
		p.push(b, 100)
	}
	var records int
	for b.Loop() {
		records += len(p.push(b, 100))
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkSyncPull500 pulls pages of 500 records, gzipped as a phone's
// browser asks, over a resident's 100,000 records, from cursors spread
// over the whole history.
func BenchmarkSyncPull500(b *testing.B) {
	p := newSyncBench(b)
	var cursors []int64 // the last seq before each full page
	for range 200 {
		seqs := p.push(b, store.MaxPull)
		cursors = append(cursors, seqs[0]-1)
	}
	cursors = cursors[:len(cursors)-1] // the last page has nothing after it
	path := func(page int) string {
		return fmt.Sprintf("/api/v1/sync/pull?cursor=%d&limit=%d", cursors[page%len(cursors)], store.MaxPull)
	}
	n, got := p.do(b, http.MethodGet, path(0), nil, true)
	var first pullResponse
	if err := json.Unmarshal(got, &first); err != nil {
		b.Fatal(err)
	}
	if len(first.Changes) != store.MaxPull || !first.More || first.Changes[0].Record == nil || n >= len(got) {
		b.Fatalf("first page: %d changes, more %v, %d bytes on the wire for %d", len(first.Changes), first.More, n, len(got))
	}
	var records, page, wire int
	for b.Loop() {
		n, _ := p.do(b, http.MethodGet, path(page), nil, false)
		wire += n
		records += store.MaxPull
		page++
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(wire)/float64(page), "gzip-B/page")
}
