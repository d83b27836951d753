package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"mingbai/server/mingbai"
)

// FigureFilter chooses what the figures cover.
type FigureFilter struct {
	Period    mingbai.Period
	VillageID string // "" for every village
	Topic     string // "" for every topic; narrows the kinds that have a topic
}

// counted is the condition on "records" for the records figures count:
// current (not superseded by a correction) and not returned by the office.
// It repeats records_counted's WHERE so SQLite reads that partial index.
const counted = `superseded = 0 AND state <> 'returned'`

// countedRecords makes the figures read the partial index that holds
// every column they group and sum (records_counted, migration 0009), so
// they never parse JSON; left to itself, SQLite would often take the
// narrower kind-and-date index and read every row.
const countedRecords = `records INDEXED BY records_counted`

// Figures counts the office's figures (DESIGN §8) over a period, for the
// township or one village, from the records themselves: the records'
// figures in one read transaction, so they all come from the same moment,
// then the reach counts (written each minute by the tally) beside them.
func (s *Store) Figures(ctx context.Context, f FigureFilter) (*mingbai.Figures, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("figures: %w", err)
	}
	defer tx.Rollback()
	q := figureQuery{ctx: ctx, tx: tx, f: f}
	fig := mingbai.NewFigures(f.Period, f.VillageID, f.Topic)
	for _, step := range []func(*mingbai.Figures) error{q.kinds, q.training, q.residents, q.revisions, q.villages} {
		if err := step(fig); err != nil {
			return nil, fmt.Errorf("figures %s..%s: %w", f.Period.From, f.Period.To, err)
		}
	}
	reach, err := s.Reach(ctx, f.Period.From, f.Period.To, f.VillageID)
	if err != nil {
		return nil, fmt.Errorf("figures %s..%s: %w", f.Period.From, f.Period.To, err)
	}
	fig.OpensBo, fig.OpensZh = reach.OpensByLang[mingbai.Tibetan], reach.OpensByLang[mingbai.Chinese]
	fig.OpensOther = reach.Opens - fig.OpensBo - fig.OpensZh
	fig.Scans, fig.Helped, fig.Requests = reach.Scans, reach.Helped, reach.Requests
	fig.RequestsByTopic = mingbai.Counts(reach.RequestsByTopic)
	return fig, nil
}

// figureQuery runs the figures' queries in one transaction.
type figureQuery struct {
	ctx context.Context
	tx  *sql.Tx
	f   FigureFilter
}

// where is the condition for counted records of a kind in the period
// (and village), with its arguments.
func (q figureQuery) where(kind mingbai.RecordKind) (string, []any) {
	cond := `occurred_on BETWEEN ? AND ? AND ` + counted
	args := []any{q.f.Period.From, q.f.Period.To}
	if kind != "" {
		cond = `kind = ? AND ` + cond
		args = append([]any{string(kind)}, args...)
	}
	if q.f.VillageID != "" {
		cond += ` AND village_id = ?`
		args = append(args, q.f.VillageID)
	}
	return cond, args
}

func (q figureQuery) each(query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.tx.QueryContext(q.ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// kinds counts every kind's records in the period, grouped by the choice
// and topic fields its specification marks Figure, with its count and
// hours fields summed: one read of the figures' index a kind.
func (q figureQuery) kinds(fig *mingbai.Figures) error {
	for _, spec := range mingbai.Kinds {
		var groups, sums []string
		for _, f := range spec.Fields {
			switch {
			case !f.Figure:
			case f.IsNumber():
				sums = append(sums, f.Name)
			default:
				groups = append(groups, f.Name)
			}
		}
		cond, args := q.where(spec.Kind)
		if _, hasTopic := spec.Field("topic"); hasTopic && q.f.Topic != "" {
			cond += ` AND topic = ?`
			args = append(args, q.f.Topic)
		}
		cols := []string{"state", "count(*)"}
		for _, g := range groups {
			cols = append(cols, "coalesce("+g+", '')")
		}
		for _, x := range sums {
			cols = append(cols, "coalesce(sum("+x+"), 0)")
		}
		groupBy := "1"
		for i := range groups {
			groupBy += fmt.Sprintf(", %d", i+3)
		}
		err := q.each(`SELECT `+strings.Join(cols, ", ")+` FROM `+countedRecords+` WHERE `+cond+` GROUP BY `+groupBy,
			args, func(rows *sql.Rows) error {
				var state string
				var n int
				values := make([]string, len(groups))
				totals := make([]float64, len(sums))
				dest := []any{&state, &n}
				for i := range values {
					dest = append(dest, &values[i])
				}
				for i := range totals {
					dest = append(dest, &totals[i])
				}
				if err := rows.Scan(dest...); err != nil {
					return err
				}
				byField := make(map[string]string, len(groups))
				for i, g := range groups {
					byField[g] = values[i]
				}
				sumByField := make(map[string]float64, len(sums))
				for i, x := range sums {
					sumByField[x] = totals[i]
				}
				fig.Add(spec.Kind, n, byField, sumByField)
				if spec.Review == mingbai.ReviewReferral {
					countReferral(fig, byField["outcome"], state, n)
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("%s: %w", spec.Kind, err)
		}
	}
	return nil
}

// countReferral counts n records referred to the office, by where the
// office has taken them.
func countReferral(fig *mingbai.Figures, outcome, state string, n int) {
	if outcome != "referred" {
		return
	}
	fig.Referrals += n
	switch mingbai.RecordState(state) {
	case mingbai.Accepted:
		fig.ReferralsAccepted += n
	case mingbai.Closed:
		fig.ReferralsAccepted += n // a closed referral was accepted first
		fig.ReferralsClosed += n
	}
}

func (q figureQuery) training(fig *mingbai.Figures) error {
	cond, args := q.where(mingbai.Attendance)
	err := q.tx.QueryRowContext(q.ctx, `SELECT count(DISTINCT author_id)
		FROM `+countedRecords+` WHERE `+cond, args...).Scan(&fig.ResidentsTrained)
	if err != nil {
		return err
	}
	// Sessions are the office's own, held for the whole township.
	err = q.tx.QueryRowContext(q.ctx, `SELECT count(*), coalesce(sum(hours), 0) FROM training_sessions
		WHERE held_on BETWEEN ? AND ?`, q.f.Period.From, q.f.Period.To).Scan(&fig.TrainingSessions, &fig.TrainingHours)
	if err != nil {
		return err
	}
	return q.each(`SELECT h.grp, sum(h.people) FROM training_headcounts h JOIN training_sessions t ON t.id = h.session_id
		WHERE t.held_on BETWEEN ? AND ? GROUP BY 1`, []any{q.f.Period.From, q.f.Period.To}, func(rows *sql.Rows) error {
		var g string
		var n int
		if err := rows.Scan(&g, &n); err != nil {
			return err
		}
		fig.TrainingOthers += n
		fig.TrainingOthersByGroup[g] = n
		return nil
	})
}

// residents counts the roster by its dates, so a past period's figure
// stays what it was when a resident leaves or is deactivated later.
func (q figureQuery) residents(fig *mingbai.Figures) error {
	from, to := q.f.Period.From, q.f.Period.To
	query := `SELECT
			count(*) FILTER (WHERE appointed_on <= ? AND (left_on IS NULL OR left_on >= ?)),
			count(*) FILTER (WHERE appointed_on BETWEEN ? AND ?),
			count(*) FILTER (WHERE left_on BETWEEN ? AND ?)
		FROM users WHERE role = 'resident'`
	args := []any{to, to, from, to, from, to}
	if q.f.VillageID != "" {
		query += ` AND village_id = ?`
		args = append(args, q.f.VillageID)
	}
	return q.tx.QueryRowContext(q.ctx, query, args...).Scan(&fig.ResidentsRegistered, &fig.ResidentsAppointed, &fig.ResidentsLeft)
}

func (q figureQuery) revisions(fig *mingbai.Figures) error {
	query, args := q.filed()
	if err := q.tx.QueryRowContext(q.ctx, `SELECT count(*) FROM records WHERE `+query, args...).Scan(&fig.RevisionsFiled); err != nil {
		return err
	}
	// Reviewed: the office's legality reviews in the period, on the
	// township's days; adopted: on the day of the villagers' meeting, which
	// the office may record weeks later (a December meeting entered in
	// January counts for December).
	from, to, err := townshipDays(q.f.Period)
	if err != nil {
		return err
	}
	query = `SELECT v.action, count(DISTINCT v.record_id) FROM record_reviews v JOIN records r ON r.id = v.record_id
		WHERE r.kind = 'rule_revision' AND CASE v.action
			WHEN 'adopt' THEN v.meeting_on BETWEEN ? AND ?
			ELSE v.at >= ? AND v.at < ? END`
	args = []any{q.f.Period.From, q.f.Period.To, from, to}
	if q.f.VillageID != "" {
		query += ` AND r.village_id = ?`
		args = append(args, q.f.VillageID)
	}
	return q.each(query+` GROUP BY 1`, args, func(rows *sql.Rows) error {
		var action string
		var n int
		if err := rows.Scan(&action, &n); err != nil {
			return err
		}
		switch mingbai.ReviewAction(action) {
		case mingbai.Approve:
			fig.RevisionsApproved = n
		case mingbai.Return:
			fig.RevisionsReturned = n
		case mingbai.Adopt:
			fig.RevisionsAdopted = n
		}
		return nil
	})
}

// townshipDays turns a period's days in the township into the UTC times
// reviews are stored in: from its first midnight to after its last day.
func townshipDays(p mingbai.Period) (from, to string, err error) {
	f, err := time.ParseInLocation("2006-01-02", p.From, mingbai.Township)
	if err != nil {
		return "", "", err
	}
	t, err := time.ParseInLocation("2006-01-02", p.To, mingbai.Township)
	if err != nil {
		return "", "", err
	}
	return formatTime(f), formatTime(t.AddDate(0, 0, 1)), nil
}

// filed is the condition for village-rule revisions filed in the period:
// every current one, whatever the office made of it.
func (q figureQuery) filed() (string, []any) {
	cond := `kind = 'rule_revision' AND occurred_on BETWEEN ? AND ? AND superseded = 0`
	args := []any{q.f.Period.From, q.f.Period.To}
	if q.f.VillageID != "" {
		cond += ` AND village_id = ?`
		args = append(args, q.f.VillageID)
	}
	return cond, args
}

// villages fills the per-village table: every active village, even one
// with nothing in the period (a blank row is a figure too).
func (q figureQuery) villages(fig *mingbai.Figures) error {
	byID := map[string]*mingbai.VillageFigures{}
	query := `SELECT id, name_zh, name_bo FROM villages WHERE active = 1`
	var args []any
	if q.f.VillageID != "" {
		query = `SELECT id, name_zh, name_bo FROM villages WHERE id = ?`
		args = []any{q.f.VillageID}
	}
	err := q.each(query+` ORDER BY name_zh`, args, func(rows *sql.Rows) error {
		var v mingbai.VillageFigures
		if err := rows.Scan(&v.VillageID, &v.NameZH, &v.NameBO); err != nil {
			return err
		}
		fig.Villages = append(fig.Villages, v)
		return nil
	})
	if err != nil {
		return err
	}
	for i := range fig.Villages {
		byID[fig.Villages[i].VillageID] = &fig.Villages[i]
	}
	cond, args := q.where("")
	err = q.each(`SELECT village_id, kind, count(*), coalesce(sum(people_reached), 0), coalesce(sum(leaflets_bo), 0), coalesce(sum(leaflets_zh), 0)
		FROM `+countedRecords+` WHERE kind IN ('event', 'consultation', 'mediation') AND `+cond+` GROUP BY 1, 2`,
		args, func(rows *sql.Rows) error {
			var village, kind string
			var n, people, bo, zh int
			if err := rows.Scan(&village, &kind, &n, &people, &bo, &zh); err != nil {
				return err
			}
			v := byID[village]
			if v == nil {
				return nil // a deactivated village's old records: in the totals, not the table
			}
			switch mingbai.RecordKind(kind) {
			case mingbai.PromotionEvent:
				v.Events, v.PeopleReached, v.LeafletsBo, v.LeafletsZh = n, people, bo, zh
			case mingbai.Consultation:
				v.Consultations = n
			case mingbai.Mediation:
				v.Mediations = n
			}
			return nil
		})
	if err != nil {
		return err
	}
	// Revisions count as filed whatever the office made of them, as in
	// RevisionsFiled.
	query, args = q.filed()
	return q.each(`SELECT village_id, count(*) FROM records WHERE `+query+` GROUP BY 1`, args, func(rows *sql.Rows) error {
		var village string
		var n int
		if err := rows.Scan(&village, &n); err != nil {
			return err
		}
		if v := byID[village]; v != nil {
			v.Revisions = n
		}
		return nil
	})
}

// ReportText is what the office wrote into a year's report, at a version.
type ReportText struct {
	Year         int
	Version      int // 0 when nothing has been written yet
	Shortcomings string
	Plans        string
	Actor        string // display name
	At           time.Time
}

// SaveReportText stores a new version of a year's report text by actorID
// and returns its version number.
func (s *Store) SaveReportText(ctx context.Context, actorID string, year int, shortcomings, plans string) (int, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("save report text: %w", err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) + 1 FROM report_texts WHERE year = ?`, year).
		Scan(&version); err != nil {
		return 0, fmt.Errorf("save report text: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO report_texts (year, version, shortcomings, plans, actor_id, at)
		VALUES (?, ?, ?, ?, ?, ?)`, year, version, shortcomings, plans, nullString(actorID), formatTime(s.clock.Now())); err != nil {
		return 0, fmt.Errorf("save report text: %w", err)
	}
	return version, s.commit(tx, 0)
}

// ReportTexts lists a year's report text versions, newest first; the
// first is the current text. None yet: an empty list.
func (s *Store) ReportTexts(ctx context.Context, year int) ([]ReportText, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT t.year, t.version, t.shortcomings, t.plans, coalesce(u.display_name, ''), t.at
		FROM report_texts t LEFT JOIN users u ON u.id = t.actor_id WHERE t.year = ? ORDER BY t.version DESC`, year)
	if err != nil {
		return nil, fmt.Errorf("report texts %d: %w", year, err)
	}
	defer rows.Close()
	var out []ReportText
	for rows.Next() {
		var r ReportText
		var at string
		if err := rows.Scan(&r.Year, &r.Version, &r.Shortcomings, &r.Plans, &r.Actor, &at); err != nil {
			return nil, fmt.Errorf("report texts %d: %w", year, err)
		}
		if r.At, err = parseTime(at); err != nil {
			return nil, fmt.Errorf("report texts %d: %w", year, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
