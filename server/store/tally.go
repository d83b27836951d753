package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"mingbai/server/mingbai"
)

// Tally counts the public reading path in memory: leaflet opens, scans of
// a village's QR codes and "this helped" marks, per township day. A leaflet
// page is served from memory thousands of times a second; a database write
// per view would make the writer the bottleneck, so counts are added up
// here and written in one transaction a minute (Run) and at shutdown.
// Nothing about the reader is kept: a count has a day, a leaflet, a
// language and, for a scan, the village whose handout was scanned.
type Tally struct {
	s      *Store
	mu     sync.Mutex
	counts map[tallyKey]int
}

// tallyKey is what one count is kept under. The day is the township date
// as yyyymmdd, which costs no allocation per view; the slug is resolved to
// a material when written, so a slug that names no leaflet is dropped.
type tallyKey struct {
	day     int32
	kind    tallyKind
	slug    string
	lang    mingbai.Lang
	village string // the village's ID, for scans
}

type tallyKind uint8

const (
	countOpen tallyKind = iota
	countHelped
	countScan
)

// maxTallyKeys bounds the memory a minute of counts takes. The library
// has a few hundred leaflets in three languages; a spray of made-up slugs
// (a 304 is answered before the slug is looked up) stops being counted
// past this, rather than growing the map without end.
const maxTallyKeys = 100_000

// NewTally returns an empty tally that writes to s.
func NewTally(s *Store) *Tally { return &Tally{s: s, counts: map[tallyKey]int{}} }

// Open counts one open of leaflet slug's page in language l.
func (t *Tally) Open(slug string, l mingbai.Lang) { t.add(countOpen, slug, l, "") }

// Helped counts one "this helped" mark on leaflet slug read in language l.
func (t *Tally) Helped(slug string, l mingbai.Lang) { t.add(countHelped, slug, l, "") }

// Scan counts one scan of a QR code printed for village villageID that
// opens leaflet slug in language l.
func (t *Tally) Scan(slug string, l mingbai.Lang, villageID string) {
	t.add(countScan, slug, l, villageID)
}

func (t *Tally) add(kind tallyKind, slug string, l mingbai.Lang, village string) {
	y, m, d := t.s.clock.Now().In(mingbai.Township).Date()
	k := tallyKey{day: int32(y*10000 + int(m)*100 + d), kind: kind, slug: slug, lang: l, village: village}
	t.mu.Lock()
	if _, ok := t.counts[k]; ok || len(t.counts) < maxTallyKeys {
		t.counts[k]++
	}
	t.mu.Unlock()
}

// Flush writes the counts so far in one transaction and starts afresh.
// When the write fails the counts are kept for the next flush, and the
// error is returned.
func (t *Tally) Flush(ctx context.Context) error {
	t.mu.Lock()
	batch := t.counts
	if len(batch) == 0 {
		t.mu.Unlock()
		return nil
	}
	t.counts = make(map[tallyKey]int, len(batch))
	t.mu.Unlock()
	if err := t.s.addCounts(ctx, batch); err != nil {
		t.mu.Lock()
		for k, n := range batch {
			if _, ok := t.counts[k]; ok || len(t.counts) < maxTallyKeys {
				t.counts[k] += n
			}
		}
		t.mu.Unlock()
		return err
	}
	return nil
}

// Run flushes every interval until ctx ends, then flushes once more and
// returns. Start it before serving and end it after the HTTP server has
// drained, so the last requests' counts are written before the store is
// closed. Failures are logged and retried at the next flush.
func (t *Tally) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if err := t.Flush(ctx); err != nil {
				log.Error("write reach counts", "err", err)
			}
		case <-ctx.Done():
			if err := t.Flush(context.WithoutCancel(ctx)); err != nil {
				log.Error("write reach counts at shutdown", "err", err)
			}
			return
		}
	}
}

// addCounts adds a batch of counts to the daily tables in one transaction.
// It takes no change number: counts are no content, and bumping the
// generation would empty every cached page once a minute.
func (s *Store) addCounts(ctx context.Context, batch map[tallyKey]int) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("add reach counts: %w", err)
	}
	defer tx.Rollback()
	stmts := map[tallyKind]string{
		countOpen: `INSERT INTO leaflet_reach (day, material_id, lang, opens)
			SELECT ?1, id, ?2, ?3 FROM materials WHERE slug = ?4
			ON CONFLICT (day, material_id, lang) DO UPDATE SET opens = opens + excluded.opens`,
		countHelped: `INSERT INTO leaflet_reach (day, material_id, lang, helped)
			SELECT ?1, id, ?2, ?3 FROM materials WHERE slug = ?4
			ON CONFLICT (day, material_id, lang) DO UPDATE SET helped = helped + excluded.helped`,
		countScan: `INSERT INTO village_scans (day, material_id, lang, scans, village_id)
			SELECT ?1, id, ?2, ?3, ?5 FROM materials WHERE slug = ?4
			ON CONFLICT (day, village_id, material_id, lang) DO UPDATE SET scans = scans + excluded.scans`,
	}
	prepared := map[tallyKind]*sql.Stmt{}
	for kind, q := range stmts {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("add reach counts: %w", err)
		}
		defer st.Close()
		prepared[kind] = st
	}
	for k, n := range batch {
		day := fmt.Sprintf("%04d-%02d-%02d", k.day/10000, k.day/100%100, k.day%100)
		args := []any{day, string(k.lang), n, k.slug}
		if k.kind == countScan {
			args = append(args, k.village)
		}
		if _, err := prepared[k.kind].ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("add reach counts: %w", err)
		}
	}
	return s.commit(tx, 0)
}
