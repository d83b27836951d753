package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"mingbai/server/mingbai"
	"mingbai/server/search"
)

// fixedClock is a clock tests can set.
type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

func openTest(t testing.TB) (*Store, *fixedClock) {
	t.Helper()
	clock := &fixedClock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "mingbai.db"), clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clock
}

var testTopics = []mingbai.Topic{
	{Slug: "marriage-family", Sort: 1, Names: map[mingbai.Lang]string{mingbai.Chinese: "婚姻家庭", mingbai.English: "Marriage and family"}},
	{Slug: "telecom-fraud", Sort: 2, Names: map[mingbai.Lang]string{mingbai.Chinese: "电信诈骗"}},
}

func leaflet(slug, topic string, trs ...*mingbai.Translation) *mingbai.Material {
	m := &mingbai.Material{Slug: slug, Topic: topic, Status: mingbai.Published,
		Audiences: []mingbai.Audience{mingbai.Elderly}, Translations: map[mingbai.Lang]*mingbai.Translation{}}
	for _, t := range trs {
		if t.BodyText == "" {
			t.BodyText = t.BodyMD
		}
		m.Translations[t.Lang] = t
	}
	return m
}

func seedTest(t testing.TB, s *Store, ms ...*mingbai.Material) {
	t.Helper()
	loaded, err := s.LoadSample(context.Background(), testTopics, ms)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded {
		t.Fatal("LoadSample loaded nothing on a new database")
	}
}

func TestOpenMigratesAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	clock := &fixedClock{t: time.Now().UTC()}
	s, err := Open(context.Background(), path, clock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadSample(context.Background(), testTopics, []*mingbai.Material{
		leaflet("a", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "标题"}),
	}); err != nil {
		t.Fatal(err)
	}
	gen, shown := s.Generation(), s.ReadingGeneration()
	s.Close()

	s, err = Open(context.Background(), path, clock)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if got := s.Generation(); got != gen || gen == 0 {
		t.Errorf("Generation after reopen = %d, want %d (non-zero)", got, gen)
	}
	if got := s.ReadingGeneration(); got != shown || shown == 0 {
		t.Errorf("ReadingGeneration after reopen = %d, want %d (non-zero)", got, shown)
	}
	var journal string
	if err := s.r.QueryRow(`PRAGMA journal_mode`).Scan(&journal); err != nil || journal != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", journal, err)
	}
	var fk int
	if err := s.w.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
	var sync int
	if err := s.w.QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil || sync != 2 {
		t.Errorf("writer synchronous = %d, %v; want 2 (FULL)", sync, err)
	}
	if _, err := s.r.Exec(`INSERT INTO meta (key, value) VALUES ('x', 'y')`); err == nil {
		t.Error("the read pool accepted a write")
	}
}

func TestLoadSampleIsIdempotent(t *testing.T) {
	s, _ := openTest(t)
	m := leaflet("bride-price", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "彩礼"})
	seedTest(t, s, m)
	again := leaflet("other", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "别的"})
	loaded, err := s.LoadSample(context.Background(), testTopics, []*mingbai.Material{again})
	if err != nil || loaded {
		t.Fatalf("second LoadSample = %v, %v; want false, nil", loaded, err)
	}
	_, total, err := s.PublishedMaterials(context.Background(), MaterialFilter{})
	if err != nil || total != 1 {
		t.Errorf("PublishedMaterials total = %d, %v; want 1", total, err)
	}
}

func TestCreateMaterialRejectsBadInput(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s, leaflet("taken", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "t"}))
	cases := []struct {
		name string
		m    *mingbai.Material
		code string
	}{
		{"taken slug", leaflet("taken", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "t"}), mingbai.ECONFLICT},
		{"bad slug", leaflet("Bad Slug", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese, Title: "t"}), mingbai.EINVALID},
		{"unknown topic", leaflet("x", "no-such-topic", &mingbai.Translation{Lang: mingbai.Chinese, Title: "t"}), mingbai.EINVALID},
		{"no translation", leaflet("y", "marriage-family"), mingbai.EINVALID},
		{"empty title", leaflet("z", "marriage-family", &mingbai.Translation{Lang: mingbai.Chinese}), mingbai.EINVALID},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := s.CreateMaterial(context.Background(), "", c.m)
			if got := mingbai.ErrorCode(err); got != c.code {
				t.Errorf("CreateMaterial error = %v (code %q), want code %q", err, got, c.code)
			}
		})
	}
}

func TestPublishedMaterialsFilters(t *testing.T) {
	s, clock := openTest(t)
	seedTest(t, s,
		leaflet("bride-price", "marriage-family",
			&mingbai.Translation{Lang: mingbai.Chinese, Title: "彩礼"},
			&mingbai.Translation{Lang: mingbai.Tibetan, Title: "གཉེན་"}),
		leaflet("fraud", "telecom-fraud", &mingbai.Translation{Lang: mingbai.Chinese, Title: "诈骗"}),
	)
	clock.t = clock.t.Add(time.Hour)
	draft := leaflet("draft", "telecom-fraud", &mingbai.Translation{Lang: mingbai.Chinese, Title: "草稿"})
	draft.Status = mingbai.Draft
	if err := s.CreateMaterial(context.Background(), "", draft); err != nil {
		t.Fatal(err)
	}
	herders := leaflet("herders", "telecom-fraud", &mingbai.Translation{Lang: mingbai.Chinese, Title: "牧民"})
	herders.Audiences = []mingbai.Audience{mingbai.Herders}
	if err := s.CreateMaterial(context.Background(), "", herders); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		f    MaterialFilter
		want []string
	}{
		{"all published, newest first", MaterialFilter{}, []string{"herders", "fraud", "bride-price"}},
		{"topic", MaterialFilter{Topic: "telecom-fraud"}, []string{"herders", "fraud"}},
		{"audience", MaterialFilter{Audience: mingbai.Herders}, []string{"herders"}},
		{"language", MaterialFilter{Lang: mingbai.Tibetan}, []string{"bride-price"}},
		{"paged", MaterialFilter{Limit: 1, Offset: 1}, []string{"fraud"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms, _, err := s.PublishedMaterials(context.Background(), c.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range ms {
				got = append(got, m.Slug)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			}
		})
	}
	if _, err := s.PublishedMaterial(context.Background(), "draft"); mingbai.ErrorCode(err) != mingbai.ENOTFOUND {
		t.Errorf("PublishedMaterial(draft) error = %v, want not_found", err)
	}
}

func TestSearchChineseAndTibetan(t *testing.T) {
	s, _ := openTest(t)
	seedTest(t, s,
		leaflet("bride-price", "marriage-family",
			&mingbai.Translation{Lang: mingbai.Chinese, Title: "抵制高价彩礼", BodyMD: "婚姻自由，禁止借婚姻索取财物。"},
			&mingbai.Translation{Lang: mingbai.Tibetan, Title: "གཉེན་སྒྲིག", BodyMD: "ཁྲིམས་ལུགས་ལྟར་གཉེན་སྒྲིག་བྱེད།"}),
		leaflet("fraud", "telecom-fraud",
			&mingbai.Translation{Lang: mingbai.Chinese, Title: "防范电信诈骗", BodyMD: "不要把验证码告诉别人。"},
			// ཁྲི shares the letters of ཁྲིམས but is another syllable
			&mingbai.Translation{Lang: mingbai.Tibetan, Title: "ཁྲི་", BodyMD: "ཁྲི་ལ་བསྡད།"}),
	)
	cases := []struct {
		query string
		want  []string
	}{
		{"彩礼", []string{"bride-price"}},
		{"婚姻", []string{"bride-price"}},
		{"婚姻 彩礼", []string{"bride-price"}},
		{"诈骗", []string{"fraud"}},
		{"ཁྲིམས", []string{"bride-price"}},
		{"ཁྲི", []string{"fraud"}},
		{"ི", nil}, // a lone vowel sign is no syllable
		{"离婚", nil},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			q, err := search.ParseQuery(c.query)
			if err != nil {
				t.Fatal(err)
			}
			hits, err := s.Search(context.Background(), q, mingbai.Chinese)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Material.Slug)
			}
			if len(got) != len(c.want) || (len(got) > 0 && got[0] != c.want[0]) {
				t.Fatalf("Search(%q) = %v, want %v", c.query, got, c.want)
			}
			if len(hits) > 0 && hits[0].Material.Translations[mingbai.Chinese] == nil {
				t.Errorf("hit carries no titles")
			}
		})
	}
	q, _ := search.ParseQuery("索取")
	hits, err := s.Search(context.Background(), q, mingbai.Chinese)
	if err != nil || len(hits) != 1 || !hits[0].HasSnippet || hits[0].Snippet.Match != "索取" {
		t.Errorf("Search(索取) = %+v, %v; want one hit with a snippet marking 索取", hits, err)
	}
}
