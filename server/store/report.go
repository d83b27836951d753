package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"mingbai/server/mingbai"
)

// ReportVersion is what the office wrote into a year's report in one
// language, at a version.
type ReportVersion struct {
	Year    int
	Lang    mingbai.Lang
	Version int // 0 when nothing has been written yet
	Texts   mingbai.ReportTexts
	Actor   string // display name
	At      time.Time
}

// SaveReport stores texts as the next version of a year's report in lang,
// with the audit line e, in one transaction, and returns the version. It
// returns EINVALID for a language the report is not written in, a part it
// has not or a text too long.
func (s *Store) SaveReport(ctx context.Context, e AuditEntry, year int, lang mingbai.Lang, texts mingbai.ReportTexts) (int, error) {
	if !slices.Contains(mingbai.ReportLangs, lang) {
		return 0, mingbai.Errorf(mingbai.EINVALID, "error.report_lang", "report language %q", lang)
	}
	if err := mingbai.CheckReportTexts(texts); err != nil {
		return 0, err
	}
	parts, err := json.Marshal(texts)
	if err != nil {
		return 0, fmt.Errorf("save report %d %s: %w", year, lang, err)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("save report %d %s: %w", year, lang, err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) + 1 FROM report_versions WHERE year = ? AND lang = ?`,
		year, lang).Scan(&version); err != nil {
		return 0, fmt.Errorf("save report %d %s: %w", year, lang, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO report_versions (year, lang, version, parts, actor_id, at)
		VALUES (?, ?, ?, ?, ?, ?)`, year, lang, version, string(parts), nullString(e.ActorID), formatTime(s.clock.Now())); err != nil {
		return 0, fmt.Errorf("save report %d %s: %w", year, lang, err)
	}
	e.Detail = fmt.Sprintf("%s version %d", lang, version)
	if err := s.auditTx(ctx, tx, e); err != nil {
		return 0, err
	}
	return version, s.commit(tx, 0)
}

// ReportVersions lists a year's report versions in lang, newest first;
// the first is the current text. None yet: an empty list.
func (s *Store) ReportVersions(ctx context.Context, year int, lang mingbai.Lang) ([]ReportVersion, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT t.version, t.parts, coalesce(u.display_name, ''), t.at
		FROM report_versions t LEFT JOIN users u ON u.id = t.actor_id WHERE t.year = ? AND t.lang = ? ORDER BY t.version DESC`,
		year, lang)
	if err != nil {
		return nil, fmt.Errorf("report versions %d %s: %w", year, lang, err)
	}
	defer rows.Close()
	var out []ReportVersion
	for rows.Next() {
		r := ReportVersion{Year: year, Lang: lang}
		var parts, at string
		if err := rows.Scan(&r.Version, &parts, &r.Actor, &at); err != nil {
			return nil, fmt.Errorf("report versions %d %s: %w", year, lang, err)
		}
		if err := json.Unmarshal([]byte(parts), &r.Texts); err != nil {
			return nil, fmt.Errorf("report versions %d %s v%d: %w", year, lang, r.Version, err)
		}
		if r.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("report versions %d %s: %w", year, lang, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReportHeading is the report's heading in lang; all "" until the office
// sets it.
func (s *Store) ReportHeading(ctx context.Context, lang mingbai.Lang) (mingbai.ReportHeading, error) {
	var h mingbai.ReportHeading
	err := s.r.QueryRowContext(ctx, `SELECT township, addressee, issuer FROM report_headings WHERE lang = ?`, lang).
		Scan(&h.Township, &h.Addressee, &h.Issuer)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("report heading %s: %w", lang, err)
	}
	return h, nil
}

// SaveReportHeading sets the report's heading in lang, for every year,
// with the audit line e in the same transaction. EINVALID: a language the
// report is not written in, or a line too long.
func (s *Store) SaveReportHeading(ctx context.Context, e AuditEntry, lang mingbai.Lang, h mingbai.ReportHeading) error {
	if !slices.Contains(mingbai.ReportLangs, lang) {
		return mingbai.Errorf(mingbai.EINVALID, "error.report_lang", "report language %q", lang)
	}
	if err := h.Check(); err != nil {
		return err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("save report heading %s: %w", lang, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO report_headings (lang, township, addressee, issuer, actor_id, at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lang) DO UPDATE SET township = excluded.township,
		addressee = excluded.addressee, issuer = excluded.issuer, actor_id = excluded.actor_id, at = excluded.at`,
		lang, h.Township, h.Addressee, h.Issuer, nullString(e.ActorID), formatTime(s.clock.Now())); err != nil {
		return fmt.Errorf("save report heading %s: %w", lang, err)
	}
	if err := s.auditTx(ctx, tx, e); err != nil {
		return err
	}
	return s.commit(tx, 0)
}

// FirstDay is the first day of the township's recorded work, records or
// trainings (YYYY-MM-DD), or "" for a database with none: the figures
// compare no period that ends before it. Residents appointed before it
// do not count: a roster reaching back is history, not work recorded.
func (s *Store) FirstDay(ctx context.Context) (string, error) {
	var first sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT min(d) FROM (
		SELECT min(occurred_on) AS d FROM records
		UNION ALL SELECT min(held_on) FROM training_sessions)`).Scan(&first)
	if err != nil {
		return "", fmt.Errorf("first day: %w", err)
	}
	return first.String, nil
}
