package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mingbai/server/mingbai"
)

// ReachFigures is how far the leaflets reached over a period, from the
// counts Tally and AddTopicRequest keep. Maps are never nil.
//
// The village is unknown for most opens: a reader who finds a leaflet by
// search or a shared link comes from no village. So for one village
// (Reach with a villageID) OpensByLang and Opens count only the opens that
// came through that village's printed QR codes, that is its scans by page
// language; HelpedByMaterial and Helped are empty, since a "this helped"
// mark carries no village; ScansByVillage holds that village alone, and
// requests are those sent with its code.
type ReachFigures struct {
	OpensByLang      map[mingbai.Lang]int // opens of leaflet pages by page language
	Opens            int
	ScansByVillage   map[string]int // village ID → scans of its printed QR codes
	Scans            int
	HelpedByMaterial map[string]int // leaflet slug → "this helped" marks
	Helped           int
	RequestsByTopic  map[string]int // topic slug → requests to explain it
	Requests         int
}

// Reach adds up the counts from day from to day to, both YYYY-MM-DD in
// the township and inclusive, for every village (villageID "") or one. It
// returns EINVALID for a malformed date or a period that ends before it
// starts, and ENOTFOUND for an unknown village.
func (s *Store) Reach(ctx context.Context, from, to string, villageID string) (ReachFigures, error) {
	f := ReachFigures{OpensByLang: map[mingbai.Lang]int{}, ScansByVillage: map[string]int{},
		HelpedByMaterial: map[string]int{}, RequestsByTopic: map[string]int{}}
	if err := checkPeriod(from, to); err != nil {
		return f, err
	}
	if villageID != "" {
		if _, err := s.VillageByID(ctx, villageID); err != nil {
			return f, err
		}
	}
	// One read transaction, so the figures add up to one moment's counts.
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return f, fmt.Errorf("reach: %w", err)
	}
	defer tx.Rollback()
	// A "this helped" row may have no opens: a language read only before
	// the period, or from a saved copy.
	opens := `SELECT lang, sum(opens) FROM leaflet_reach WHERE day BETWEEN ?1 AND ?2 GROUP BY lang HAVING sum(opens) > 0`
	scans := `SELECT village_id, sum(scans) FROM village_scans WHERE day BETWEEN ?1 AND ?2 GROUP BY village_id`
	requests := `SELECT topic, sum(requests) FROM topic_requests WHERE day BETWEEN ?1 AND ?2 GROUP BY topic`
	args := []any{from, to}
	if villageID != "" {
		opens = `SELECT lang, sum(scans) FROM village_scans WHERE day BETWEEN ?1 AND ?2 AND village_id = ?3 GROUP BY lang`
		scans = `SELECT village_id, sum(scans) FROM village_scans WHERE day BETWEEN ?1 AND ?2 AND village_id = ?3 GROUP BY village_id`
		requests = `SELECT topic, sum(requests) FROM topic_requests WHERE day BETWEEN ?1 AND ?2 AND village_id = ?3 GROUP BY topic`
		args = append(args, villageID)
	}
	byLang := map[string]int{}
	if f.Opens, err = sumBy(ctx, tx, byLang, opens, args...); err != nil {
		return f, err
	}
	for l, n := range byLang {
		f.OpensByLang[mingbai.Lang(l)] = n
	}
	if f.Scans, err = sumBy(ctx, tx, f.ScansByVillage, scans, args...); err != nil {
		return f, err
	}
	if f.Requests, err = sumBy(ctx, tx, f.RequestsByTopic, requests, args...); err != nil {
		return f, err
	}
	if villageID == "" {
		if f.Helped, err = sumBy(ctx, tx, f.HelpedByMaterial, `SELECT m.slug, sum(r.helped)
			FROM leaflet_reach r JOIN materials m ON m.id = r.material_id
			WHERE r.day BETWEEN ?1 AND ?2 GROUP BY m.slug HAVING sum(r.helped) > 0`, args...); err != nil {
			return f, err
		}
	}
	return f, nil
}

// checkPeriod returns EINVALID unless from and to are YYYY-MM-DD dates
// and from is not after to.
func checkPeriod(from, to string) error {
	a, errA := time.Parse(time.DateOnly, from)
	b, errB := time.Parse(time.DateOnly, to)
	if errA != nil || errB != nil || b.Before(a) {
		return mingbai.Errorf(mingbai.EINVALID, "error.reach_period", "period %q to %q", from, to)
	}
	return nil
}

// sumBy runs a query of (key, count) rows into m and returns the total.
func sumBy(ctx context.Context, tx *sql.Tx, m map[string]int, q string, args ...any) (int, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("reach: %w", err)
	}
	defer rows.Close()
	total := 0
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return 0, fmt.Errorf("reach: %w", err)
		}
		m[k] += n
		total += n
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("reach: %w", err)
	}
	return total, nil
}
