package web

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// phone is a resident's registered device, as the sync API sees it.
type phone struct {
	a     *testApp
	user  *mingbai.User
	token string
}

func (a *testApp) phone(t testing.TB, username string) *phone {
	t.Helper()
	u := a.addAccount(t, username, mingbai.Resident)
	token := auth.NewToken()
	if err := a.store.CreateDevice(t.Context(), &mingbai.Device{UserID: u.ID, Name: "test phone"}, auth.TokenHash(token)); err != nil {
		t.Fatal(err)
	}
	return &phone{a: a, user: u, token: token}
}

func (p *phone) request(method, path, body string) *http.Request {
	req := httptest.NewRequest(method, "http://localhost"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+p.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "zh")
	return req
}

// push sends a batch and checks the answer against the OpenAPI document.
func (p *phone) push(t *testing.T, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := p.request(http.MethodPost, "/api/v1/sync/push", body)
	rec := httptest.NewRecorder()
	p.a.h.ServeHTTP(rec, req)
	loadContract(t, p.a).validate(t, p.request(http.MethodPost, "/api/v1/sync/push", body), rec)
	return rec
}

func (p *phone) pull(t *testing.T, cursor int64, limit int) pullResponse {
	t.Helper()
	path := fmt.Sprintf("/api/v1/sync/pull?cursor=%d&limit=%d", cursor, limit)
	req := p.request(http.MethodGet, path, "")
	rec := httptest.NewRecorder()
	p.a.h.ServeHTTP(rec, req)
	loadContract(t, p.a).validate(t, p.request(http.MethodGet, path, ""), rec)
	if rec.Code != http.StatusOK {
		t.Fatalf("pull = %d: %s", rec.Code, rec.Body.String())
	}
	var out pullResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// fixture reads a request under testdata/sync with TODAY as today's date
// on the app's clock.
func (a *testApp) fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "sync", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "TODAY", a.today())
}

// golden compares got with testdata/sync/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, got, "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	path := filepath.Join("testdata", "sync", name)
	if *update {
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("%s differs from the golden file (run with -update to accept):\n got: %s\nwant: %s", name, pretty.Bytes(), want)
	}
}

func resultStatuses(t *testing.T, rec *httptest.ResponseRecorder) []string {
	t.Helper()
	var out pushResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("push answer %d: %v: %s", rec.Code, err, rec.Body.String())
	}
	var s []string
	for _, r := range out.Results {
		s = append(s, r.Status)
	}
	return s
}

// TestSyncPushFixture locks the push contract: a batch mixing good records
// with every kind of bad one is answered record by record, in the reader's
// language, exactly as the golden file says; pushed again, the good ones
// are duplicates and nothing changes.
func TestSyncPushFixture(t *testing.T) {
	a := newTestApp(t)
	p := a.phone(t, "dolkar")
	batch := a.fixture(t, "push_mixed.json")
	first := p.push(t, batch)
	if first.Code != http.StatusOK {
		t.Fatalf("push = %d: %s", first.Code, first.Body.String())
	}
	// A refused date is answered with the window of allowed dates, which
	// moves with the clock, and the database's life is random: the golden
	// file names them.
	w := mingbai.RecordWindow(a.clock.Now())
	golden(t, "push_mixed.golden.json", []byte(strings.NewReplacer(w.From, "EARLIEST", w.To, "LATEST",
		a.store.Life(), "DATABASE").Replace(first.Body.String())))

	again := p.push(t, batch)
	want := strings.ReplaceAll(strings.Join(resultStatuses(t, first), " "), "applied", "duplicate")
	if got := strings.Join(resultStatuses(t, again), " "); got != want {
		t.Errorf("pushed again: %s\nwant:         %s", got, want)
	}
	var n int
	changes := p.pull(t, 0, 500)
	for _, c := range changes.Changes {
		if c.Record != nil {
			n++
		}
	}
	if n != 6 {
		t.Errorf("pulled %d records after two pushes, want the 6 applied once", n)
	}
}

// TestSyncPushRefusesAmbiguousRecords: a record that could be read two
// ways (a key given twice, even with the same value; a key in another
// case, which encoding/json took for the key) is refused alone, keeping
// its id; the good record beside it is applied.
func TestSyncPushRefusesAmbiguousRecords(t *testing.T) {
	a := newTestApp(t)
	p := a.phone(t, "dolkar")
	record := func(n int, envelope, fields string) string {
		return fmt.Sprintf(`{"id":"018f0000-0000-7000-8000-00000000010%d","kind":"consultation","date":%q%s,`+
			`"fields":{"topic":"marriage-family","asker_group":"herder","channel":"in_person","outcome":"answered",`+
			`"summary":"问彩礼能否退还"%s}}`, n, a.today(), envelope, fields)
	}
	body := `{"schema":1,"records":[` + strings.Join([]string{
		record(1, "", ""),
		record(2, `,"date":"`+a.today()+`"`, ""),
		record(3, `,"Kind":"consultation"`, ""),
		record(4, "", `,"summary":"问彩礼"`),
	}, ",") + `]}`
	rec := p.push(t, body)
	var out pushResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Results) != 4 {
		t.Fatalf("push = %d %s", rec.Code, rec.Body.String())
	}
	for i, r := range out.Results {
		want := store.Rejected
		if i == 0 {
			want = store.Applied
		}
		if r.Status != want || r.ID != fmt.Sprintf("018f0000-0000-7000-8000-00000000010%d", i+1) {
			t.Errorf("record %d: %s %s %+v, want %s with its id", i+1, r.ID, r.Status, r.Error, want)
		}
		if i > 0 && (r.Error == nil || r.Error.Code != mingbai.EINVALID || r.Error.Message == "") {
			t.Errorf("record %d refused with %+v, want invalid with a message", i+1, r.Error)
		}
	}
}

func TestSyncPushSameBatchTenTimesConcurrently(t *testing.T) {
	a := newTestApp(t)
	p := a.phone(t, "dolkar")
	batch := a.fixture(t, "push_mixed.json")
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			req := p.request(http.MethodPost, "/api/v1/sync/push", batch)
			rec := httptest.NewRecorder()
			a.h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Errorf("concurrent push = %d", rec.Code)
			}
		})
	}
	wg.Wait()
	for range 10 {
		p.push(t, batch)
	}
	ids := map[string]int{}
	for _, c := range p.pull(t, 0, 500).Changes {
		if c.Record != nil {
			ids[c.Record.ID]++
		}
	}
	if len(ids) != 6 {
		t.Errorf("after 20 pushes %d distinct records, want 6: %v", len(ids), ids)
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("record %s pulled %d times", id, n)
		}
	}
}

func TestSyncRefusals(t *testing.T) {
	a := newTestApp(t)
	p := a.phone(t, "dolkar")
	many := `{"schema":1,"records":[` + strings.TrimSuffix(strings.Repeat(`{},`, maxPushRecords+1), ",") + `]}`
	huge := `{"schema":1,"records":[{"id":"` + strings.Repeat("x", maxPushBytes) + `"}]}`
	cases := []struct {
		name, body string
		status     int
		code       string
	}{
		{"not JSON", `{"schema":1,"records":[`, 400, mingbai.EINVALID},
		{"an unknown envelope field", `{"schema":1,"records":[],"token":"x"}`, 400, mingbai.EINVALID},
		{"no records array", `{"schema":1}`, 400, mingbai.EINVALID},
		{"an old phone", `{"schema":0,"records":[]}`, 426, mingbai.EUPGRADE},
		{"a phone newer than the server", `{"schema":2,"records":[]}`, 400, mingbai.EINVALID},
		{"too many records", many, 413, mingbai.ETOOLARGE},
		{"too many bytes", huge, 413, mingbai.ETOOLARGE},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := p.push(t, c.body)
			var e apiError
			json.Unmarshal(rec.Body.Bytes(), &e)
			if rec.Code != c.status || e.Error.Code != c.code || e.Error.Message == "" {
				t.Errorf("= %d %+v, want %d %s with a message", rec.Code, e, c.status, c.code)
			}
		})
	}
	t.Run("a revoked phone", func(t *testing.T) {
		devices, _ := a.store.DevicesOf(t.Context(), p.user.ID)
		if _, err := a.store.RevokeDevice(t.Context(), p.user.ID, devices[0].ID); err != nil {
			t.Fatal(err)
		}
		rec := p.push(t, a.fixture(t, "push_mixed.json"))
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("push from a revoked phone = %d, want 401", rec.Code)
		}
	})
}

func TestSyncPullScope(t *testing.T) {
	a := newTestApp(t)
	dolkar, tashi := a.phone(t, "dolkar"), a.phone(t, "tashi")
	dolkar.push(t, a.fixture(t, "push_mixed.json"))
	first := tashi.pull(t, 0, 500)
	var materials int
	for _, c := range first.Changes {
		if c.Record != nil {
			t.Errorf("tashi pulled dolkar's record %s", c.Record.ID)
		}
		if c.Material != nil {
			materials++
		}
	}
	if materials != len(a.sample.Materials) || first.More {
		t.Errorf("first pull: %d materials (more %v), want the %d published", materials, first.More, len(a.sample.Materials))
	}
	var paged []changeJSON
	for cursor, more := int64(0), true; more; {
		page := dolkar.pull(t, cursor, 3)
		paged = append(paged, page.Changes...)
		cursor, more = page.NextCursor, page.More
	}
	if len(paged) != len(a.sample.Materials)+6 {
		t.Errorf("paged pull: %d changes, want %d materials and 6 records", len(paged), len(a.sample.Materials))
	}
	for i := 1; i < len(paged); i++ {
		if paged[i].Seq <= paged[i-1].Seq {
			t.Fatalf("changes out of order at %d: %d after %d", i, paged[i].Seq, paged[i-1].Seq)
		}
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, dolkar.request(http.MethodGet, "/api/v1/sync/pull?cursor=-1", ""))
	if rec.Code != http.StatusBadRequest {
		t.Errorf("a negative cursor = %d, want 400", rec.Code)
	}
}

// FuzzSyncPushDecode feeds the push decoder any bytes: it must never
// panic, and whatever it refuses, it refuses with a domain error.
func FuzzSyncPushDecode(f *testing.F) {
	f.Add([]byte(`{"schema":1,"records":[{"id":"018f0000-0000-7000-8000-000000000001","kind":"followup","date":"2026-06-01","refers_to":"018f0000-0000-7000-8000-000000000002","fields":{"note":"x"}}]}`))
	f.Add([]byte(`{"schema":1,"records":[42,null,{},{"fields":[]},{"kind":"event","fields":{"materials":[1]}}]}`))
	f.Add([]byte(`{"schema":1e9,"records":{}}`))
	now := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := decodePush(body)
		if err != nil {
			if mingbai.ErrorCode(err) == mingbai.EINTERNAL {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		for _, raw := range req.Records {
			it := decodePushedRecord(raw, now)
			if it.Err != nil && mingbai.ErrorCode(it.Err) == mingbai.EINTERNAL {
				t.Fatalf("internal error for %s: %v", raw, it.Err)
			}
			if it.Err == nil && (it.Record.CheckEnvelope(mingbai.RecordWindow(now)) != nil || len(it.Record.Fields) == 0) {
				t.Fatalf("accepted a bad record %s", raw)
			}
		}
	})
}
