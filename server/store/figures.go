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

// Figures counts the office's figures (DESIGN §8) over a period, for the
// township or one village: the records' figures from their tallies
// (figure_tallies.go) in one read transaction, so they all come from the
// same moment, then the reach counts (written each minute by the tally)
// beside them.
func (s *Store) Figures(ctx context.Context, f FigureFilter) (*mingbai.Figures, error) {
	return s.figures(ctx, f, false)
}

// figures is Figures; fromRecords reads every day of the period from the
// records, not their tallies, for a test to hold the two side by side.
func (s *Store) figures(ctx context.Context, f FigureFilter, fromRecords bool) (*mingbai.Figures, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("figures: %w", err)
	}
	defer tx.Rollback()
	q := figureQuery{ctx: ctx, tx: tx, f: f, fromRecords: fromRecords}
	fig := mingbai.NewFigures(f.Period, f.VillageID, f.Topic)
	for _, step := range []func(*mingbai.Figures) error{q.villages, q.tallied, q.training, q.residents, q.reviews} {
		if err := step(fig); err != nil {
			return nil, fmt.Errorf("figures %s..%s: %w", f.Period.From, f.Period.To, err)
		}
	}
	// Reach reads through a connection of its own: the transaction's goes
	// back to the pool first, or enough figures at once would each hold a
	// reader while waiting for another, and none would ever get one.
	tx.Rollback()
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
	ctx         context.Context
	tx          *sql.Tx
	f           FigureFilter
	fromRecords bool
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

// tallyRow is what the records of one village, kind and state add to one
// tally term over the period.
type tallyRow struct {
	village, kind, state, field, value string
	n                                  int
	total                              float64
}

// tallyKeys are the columns the figures group tallies by.
const tallyKeys = "village_id, kind, state, field, value"

// tallyRows reads the period's tallies: its whole months from
// figure_tallies, the days around them from the records.
func (q figureQuery) tallyRows(fn func(tallyRow)) error {
	first, last, edges, err := wholeMonths(q.f.Period)
	if err != nil {
		return err
	}
	if q.fromRecords {
		first, last, edges = "", "", []mingbai.Period{q.f.Period}
	}
	scan := func(rows *sql.Rows) error {
		var r tallyRow
		if err := rows.Scan(&r.village, &r.kind, &r.state, &r.field, &r.value, &r.n, &r.total); err != nil {
			return err
		}
		fn(r)
		return nil
	}
	if first != "" {
		cond := `month BETWEEN ? AND ?`
		args := []any{first, last}
		if q.f.VillageID != "" {
			cond += ` AND village_id = ?`
			args = append(args, q.f.VillageID)
		}
		if q.f.Topic != "" {
			cond += ` AND (topic = ? OR kind IN (` + quotedKinds(false) + `))`
			args = append(args, q.f.Topic)
		}
		// The months' tallies are summed here, not by SQLite: it would
		// sort them first, and could not sum inside their counts.
		type group struct{ village, kind, state string }
		type sums struct {
			n       int
			entries map[string]float64
		}
		groups := map[group]*sums{}
		err := q.each(`SELECT village_id, kind, state, n, json(counts) FROM figure_tallies WHERE `+cond, args, func(rows *sql.Rows) error {
			var g group
			var n int
			var counts []byte
			if err := rows.Scan(&g.village, &g.kind, &g.state, &n, &counts); err != nil {
				return err
			}
			sum := groups[g]
			if sum == nil {
				sum = &sums{entries: map[string]float64{}}
				groups[g] = sum
			}
			sum.n += n
			return eachCount(counts, func(key string, x float64) { sum.entries[key] += x })
		})
		if err != nil {
			return fmt.Errorf("tallies %s..%s: %w", first, last, err)
		}
		for g, sum := range groups {
			if sum.n != 0 {
				fn(tallyRow{village: g.village, kind: g.kind, state: g.state, n: sum.n})
			}
			for key, x := range sum.entries {
				if x == 0 {
					continue
				}
				r := tallyRow{village: g.village, kind: g.kind, state: g.state}
				if field, value, ok := strings.Cut(key, ":"); ok {
					r.field, r.value, r.n = field, value, int(x)
				} else {
					r.field, r.total = key, x
				}
				fn(r)
			}
		}
	}
	for _, p := range edges {
		query := tallySelect(tallyKeys, func(spec mingbai.KindSpec) string {
			cond := `r.occurred_on BETWEEN ?1 AND ?2`
			if q.f.VillageID != "" {
				cond += ` AND r.village_id = ?3`
			}
			if _, ok := spec.Field("topic"); ok && q.f.Topic != "" {
				cond += ` AND ` + tallyTopic(spec, "r") + ` = ?4`
			}
			return cond
		})
		if err := q.each(query, []any{p.From, p.To, q.f.VillageID, q.f.Topic}, scan); err != nil {
			return fmt.Errorf("records %s..%s: %w", p.From, p.To, err)
		}
	}
	return nil
}

// quotedKinds lists, for SQL, the kinds with a topic field (or without).
func quotedKinds(withTopic bool) string {
	var out []string
	for _, spec := range mingbai.Kinds {
		if _, ok := spec.Field("topic"); ok == withTopic {
			out = append(out, "'"+string(spec.Kind)+"'")
		}
	}
	if len(out) == 0 {
		return "NULL"
	}
	return strings.Join(out, ", ")
}

// wholeMonths splits a period into the whole months it covers (first and
// last as YYYY-MM, "" when none) and the days around them.
func wholeMonths(p mingbai.Period) (first, last string, edges []mingbai.Period, err error) {
	from, err := time.Parse(time.DateOnly, p.From)
	if err != nil {
		return "", "", nil, err
	}
	to, err := time.Parse(time.DateOnly, p.To)
	if err != nil {
		return "", "", nil, err
	}
	start := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	if !start.Equal(from) {
		start = start.AddDate(0, 1, 0)
	}
	end := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0) // after to's month
	if !end.AddDate(0, 0, -1).Equal(to) {
		end = end.AddDate(0, -1, 0)
	}
	if !start.Before(end) {
		return "", "", []mingbai.Period{p}, nil
	}
	if from.Before(start) {
		edges = append(edges, mingbai.Period{From: p.From, To: start.AddDate(0, 0, -1).Format(time.DateOnly)})
	}
	if end.AddDate(0, 0, -1).Before(to) {
		edges = append(edges, mingbai.Period{From: end.Format(time.DateOnly), To: p.To})
	}
	return start.Format("2006-01"), end.AddDate(0, -1, 0).Format("2006-01"), edges, nil
}

// tallied fills what the records' tallies say: every kind's count, its
// Figure fields broken down and summed, the referrals, the residents who
// attended a training, the revisions filed and the villages' table.
func (q figureQuery) tallied(fig *mingbai.Figures) error {
	byVillage := map[string]*mingbai.VillageFigures{}
	for i := range fig.Villages {
		byVillage[fig.Villages[i].VillageID] = &fig.Villages[i]
	}
	trained := map[string]bool{}
	err := q.tallyRows(func(r tallyRow) {
		kind := mingbai.RecordKind(r.kind)
		spec, err := mingbai.SpecOf(kind)
		if err != nil {
			return // a kind this binary no longer has
		}
		v := byVillage[r.village] // nil: the township's own, or a deactivated village's: in the totals only
		if r.field == "" && kind == mingbai.RuleRevision {
			// Filed, whatever the office made of it.
			fig.RevisionsFiled += r.n
			if v != nil {
				v.Revisions += r.n
			}
		}
		if mingbai.RecordState(r.state) == mingbai.Returned {
			return
		}
		switch field, _ := spec.Field(r.field); {
		case r.field == "":
			fig.AddCount(kind, r.n)
			if v != nil {
				v.AddCount(kind, r.n)
			}
		case r.field == roleField:
			if mingbai.Role(r.value) == mingbai.Office {
				fig.AddByOffice(kind, r.n)
			}
		case r.field == authorField:
			if kind == mingbai.Attendance && r.n > 0 {
				trained[r.value] = true
			}
		case field.IsNumber():
			fig.AddSum(kind, r.field, r.total)
			if v != nil {
				v.AddSum(kind, r.field, r.total)
			}
		default:
			fig.AddBy(kind, r.field, r.value, r.n)
			if spec.Review == mingbai.ReviewReferral && r.field == "outcome" {
				countReferral(fig, r.value, r.state, r.n)
			}
		}
	})
	fig.ResidentsTrained = len(trained)
	return err
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
	// Sessions are the office's own, held for the whole township.
	err := q.tx.QueryRowContext(q.ctx, `SELECT count(*), coalesce(sum(hours), 0) FROM training_sessions
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

// reviews counts the office's legality reviews of village-rule revisions.
func (q figureQuery) reviews(fig *mingbai.Figures) error {
	// Reviewed: the office's legality reviews in the period, on the
	// township's days; adopted: on the day of the villagers' meeting, which
	// the office may record weeks later (a December meeting entered in
	// January counts for December).
	from, to, err := townshipDays(q.f.Period)
	if err != nil {
		return err
	}
	// CROSS JOIN keeps SQLite from reading every revision to find the few
	// reviewed in the period.
	query := `SELECT v.action, count(DISTINCT v.record_id) FROM record_reviews v CROSS JOIN records r ON r.id = v.record_id
		WHERE r.kind = 'rule_revision' AND CASE v.action
			WHEN 'adopt' THEN v.meeting_on BETWEEN ? AND ?
			ELSE v.at >= ? AND v.at < ? END`
	args := []any{q.f.Period.From, q.f.Period.To, from, to}
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

// villages lists the rows of the per-village table, filled by tallied:
// every active village, even one with nothing in the period (a blank row
// is a figure too).
func (q figureQuery) villages(fig *mingbai.Figures) error {
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
	return err
}
