package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"mingbai/server/mingbai"
)

// reachFixture is a store with two leaflets, two villages and a tally.
func reachFixture(t *testing.T) (*Store, *fixedClock, *Tally, [2]*mingbai.Village) {
	t.Helper()
	s, clock := openTest(t)
	seedTest(t, s,
		leaflet("bride-price", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "彩礼"},
			&mingbai.Translation{Lang: mingbai.Tibetan, Title: "བག་རིན།"}),
		leaflet("fraud", "telecom-fraud", &mingbai.Translation{Lang: mingbai.Chinese, Title: "诈骗"}))
	var vs [2]*mingbai.Village
	for i, name := range []string{"甲村", "乙村"} {
		vs[i] = &mingbai.Village{NameZH: name}
		if err := s.CreateVillage(t.Context(), vs[i]); err != nil {
			t.Fatal(err)
		}
	}
	return s, clock, NewTally(s), vs
}

func TestReachAddsUpTownshipDays(t *testing.T) {
	s, clock, tally, vs := reachFixture(t)
	ctx := t.Context()
	gen := s.Generation()
	// 1 March, 16:00 in the township.
	clock.t = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for range 3 {
		tally.Open("bride-price", mingbai.Chinese)
	}
	tally.Open("bride-price", mingbai.Tibetan)
	tally.Helped("bride-price", mingbai.Chinese)
	tally.Scan("bride-price", mingbai.Tibetan, vs[0].ID)
	tally.Open("no-such-leaflet", mingbai.Chinese) // a 304 for a made-up slug
	if err := s.AddTopicRequest(ctx, &mingbai.TopicRequest{Topic: "telecom-fraud", Lang: mingbai.Chinese}); err != nil {
		t.Fatal(err)
	}
	if err := tally.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	// 17:00 UTC is already 2 March in the township.
	clock.t = time.Date(2026, 3, 1, 17, 0, 0, 0, time.UTC)
	tally.Open("fraud", mingbai.Chinese)
	tally.Open("bride-price", mingbai.Chinese)
	tally.Scan("fraud", mingbai.Chinese, vs[1].ID)
	tally.Scan("bride-price", mingbai.Chinese, vs[0].ID)
	tally.Helped("fraud", mingbai.English)
	if err := s.AddTopicRequest(ctx, &mingbai.TopicRequest{Topic: "telecom-fraud", VillageID: vs[1].ID, Lang: mingbai.Tibetan}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTopicRequest(ctx, &mingbai.TopicRequest{Topic: "marriage-family", Lang: mingbai.Chinese, Note: "彩礼能退吗"}); err != nil {
		t.Fatal(err)
	}
	if err := tally.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Generation() != gen {
		t.Error("writing counts changed the generation, which would empty the page cache")
	}

	cases := []struct {
		name           string
		from, to, vill string
		want           ReachFigures
	}{
		{"the first day", "2026-03-01", "2026-03-01", "", ReachFigures{
			OpensByLang: map[mingbai.Lang]int{"zh": 3, "bo": 1}, Opens: 4,
			ScansByVillage: map[string]int{vs[0].ID: 1}, Scans: 1,
			HelpedByMaterial: map[string]int{"bride-price": 1}, Helped: 1,
			RequestsByTopic: map[string]int{"telecom-fraud": 1}, Requests: 1}},
		{"both days", "2026-02-01", "2026-03-02", "", ReachFigures{
			OpensByLang: map[mingbai.Lang]int{"zh": 5, "bo": 1}, Opens: 6,
			ScansByVillage: map[string]int{vs[0].ID: 2, vs[1].ID: 1}, Scans: 3,
			HelpedByMaterial: map[string]int{"bride-price": 1, "fraud": 1}, Helped: 2,
			RequestsByTopic: map[string]int{"telecom-fraud": 2, "marriage-family": 1}, Requests: 3}},
		{"one village: opens through its codes only", "2026-03-01", "2026-03-02", vs[0].ID, ReachFigures{
			OpensByLang: map[mingbai.Lang]int{"bo": 1, "zh": 1}, Opens: 2,
			ScansByVillage: map[string]int{vs[0].ID: 2}, Scans: 2,
			HelpedByMaterial: map[string]int{}, RequestsByTopic: map[string]int{}}},
		{"the other village", "2026-03-02", "2026-03-02", vs[1].ID, ReachFigures{
			OpensByLang: map[mingbai.Lang]int{"zh": 1}, Opens: 1,
			ScansByVillage: map[string]int{vs[1].ID: 1}, Scans: 1,
			HelpedByMaterial: map[string]int{}, RequestsByTopic: map[string]int{"telecom-fraud": 1}, Requests: 1}},
		{"a period with nothing", "2026-04-01", "2026-04-30", "", ReachFigures{
			OpensByLang: map[mingbai.Lang]int{}, ScansByVillage: map[string]int{},
			HelpedByMaterial: map[string]int{}, RequestsByTopic: map[string]int{}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Reach(ctx, c.from, c.to, c.vill)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Reach(%s, %s, %q) =\n%+v\nwant\n%+v", c.from, c.to, c.vill, got, c.want)
			}
		})
	}

	for _, bad := range []struct{ from, to, vill, code string }{
		{"2026-03-02", "2026-03-01", "", mingbai.EINVALID},
		{"2026-3-1", "2026-03-01", "", mingbai.EINVALID},
		{"", "2026-03-01", "", mingbai.EINVALID},
		{"2026-03-01", "2026-03-01", "0190e0a0-0000-7000-8000-000000000000", mingbai.ENOTFOUND},
	} {
		if _, err := s.Reach(ctx, bad.from, bad.to, bad.vill); mingbai.ErrorCode(err) != bad.code {
			t.Errorf("Reach(%q, %q, %q) = %v, want %s", bad.from, bad.to, bad.vill, err, bad.code)
		}
	}
}

func TestTallyKeepsCountsWhenAWriteFails(t *testing.T) {
	s, _, tally, _ := reachFixture(t)
	tally.Open("bride-price", mingbai.Chinese)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := tally.Flush(ctx); err == nil {
		t.Fatal("Flush with a cancelled context succeeded")
	}
	tally.Open("bride-price", mingbai.Chinese)
	if err := tally.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	f, err := s.Reach(t.Context(), "2026-03-01", "2026-03-01", "")
	if err != nil {
		t.Fatal(err)
	}
	if f.Opens != 2 {
		t.Errorf("opens after a failed and a good flush = %d, want 2", f.Opens)
	}
}

// TestReachTablesHoldNoPersonalData pins the columns of the counting
// tables: a column for an address, a cookie, an agent or a time of day
// would have to be added here, on purpose.
func TestReachTablesHoldNoPersonalData(t *testing.T) {
	s, _ := openTest(t)
	want := map[string][]string{
		"leaflet_reach":       {"day", "material_id", "lang", "opens", "helped"},
		"village_scans":       {"day", "village_id", "material_id", "lang", "scans"},
		"topic_requests":      {"day", "topic", "village_id", "requests"},
		"topic_request_notes": {"id", "day", "topic", "lang", "note"},
	}
	for table, cols := range want {
		rows, err := s.r.Query(`SELECT name FROM pragma_table_info(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			got = append(got, n)
		}
		rows.Close()
		if !slices.Equal(got, cols) {
			t.Errorf("%s columns = %v, want %v", table, got, cols)
		}
	}
}

func TestTopicRequestRules(t *testing.T) {
	s, _, _, _ := reachFixture(t)
	ctx := t.Context()
	long := strings.Repeat("话", mingbai.MaxRequestNoteRunes+1)
	for _, c := range []struct {
		name string
		r    mingbai.TopicRequest
		code string
	}{
		{"no topic", mingbai.TopicRequest{Lang: "zh"}, mingbai.EINVALID},
		{"unknown topic", mingbai.TopicRequest{Topic: "astrology", Lang: "zh"}, mingbai.EINVALID},
		{"long note", mingbai.TopicRequest{Topic: "telecom-fraud", Lang: "zh", Note: long}, mingbai.ETOOLARGE},
		{"control characters", mingbai.TopicRequest{Topic: "telecom-fraud", Lang: "zh", Note: "a\x00b"}, mingbai.EINVALID},
	} {
		if err := s.AddTopicRequest(ctx, &c.r); mingbai.ErrorCode(err) != c.code {
			t.Errorf("%s: AddTopicRequest = %v, want %s", c.name, err, c.code)
		}
	}
	for _, note := range []string{"first", "", "second"} {
		if err := s.AddTopicRequest(ctx, &mingbai.TopicRequest{Topic: "telecom-fraud", Lang: "bo", Note: note}); err != nil {
			t.Fatal(err)
		}
	}
	notes, err := s.RequestNotes(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 || notes[0].Note != "second" || notes[1].Note != "first" || notes[0].Lang != "bo" {
		t.Fatalf("notes = %+v, want second then first, in Tibetan", notes)
	}
	if err := s.DeleteRequestNote(ctx, notes[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRequestNote(ctx, notes[0].ID); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("deleting a deleted note = %v, want ENOTFOUND", err)
	}
	f, err := s.Reach(ctx, "2026-03-01", "2026-03-01", "")
	if err != nil {
		t.Fatal(err)
	}
	if f.RequestsByTopic["telecom-fraud"] != 3 {
		t.Errorf("requests after deleting a note = %d, want 3: the count stays", f.RequestsByTopic["telecom-fraud"])
	}
}

// TestMigrationGivesExistingVillagesCodes applies the migrations one by
// one to a database that had villages before codes existed.
func TestMigrationGivesExistingVillagesCodes(t *testing.T) {
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(filepath.Join(t.TempDir(), "old.db"), "foreign_keys(ON)"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, m := range ms {
		if m.version == 8 {
			for i := range 300 {
				if _, err := db.Exec(`INSERT INTO villages (id, name_zh, created_at) VALUES (?, ?, '2026-01-01T00:00:00.000Z')`,
					fmt.Sprintf("v%03d", i), fmt.Sprintf("村%03d", i)); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("migration %s: %v", m.name, err)
		}
	}
	rows, err := db.Query(`SELECT code FROM villages`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			t.Fatal(err)
		}
		if !mingbai.ValidVillageCode(code) || seen[code] {
			t.Errorf("village code %q is malformed or repeated", code)
		}
		seen[code] = true
	}
	if len(seen) != 300 {
		t.Errorf("%d villages with codes, want 300", len(seen))
	}
}

func TestVillageByCode(t *testing.T) {
	s, _, _, vs := reachFixture(t)
	if !mingbai.ValidVillageCode(vs[0].Code) || vs[0].Code == vs[1].Code {
		t.Fatalf("new villages' codes %q, %q: want two valid, different codes", vs[0].Code, vs[1].Code)
	}
	got, err := s.VillageByCode(t.Context(), vs[1].Code)
	if err != nil || got.ID != vs[1].ID || got.Code != vs[1].Code {
		t.Errorf("VillageByCode(%s) = %+v, %v; want %s", vs[1].Code, got, err, vs[1].ID)
	}
	if _, err := s.VillageByCode(t.Context(), "ZZZZZ2"); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("VillageByCode of an unknown code = %v, want ENOTFOUND", err)
	}
}

// BenchmarkTallyOpen is the cost counting adds to each leaflet page
// served, with many readers at once.
func BenchmarkTallyOpen(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "m.db"), mingbai.SystemClock{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	tally := NewTally(s)
	slugs := []string{"bride-price", "telecom-fraud", "homestead-rules", "legal-aid"}
	b.ReportAllocs()
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			tally.Open(slugs[i%len(slugs)], mingbai.Chinese)
			i++
		}
	})
}
