package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"mingbai/server/mingbai"
)

// InboxFilter narrows the office's inbox; zero fields do not filter.
type InboxFilter struct {
	VillageID string
	Kind      mingbai.RecordKind
	From, To  string // YYYY-MM-DD, the days the records happened, inclusive
	State     mingbai.RecordState
	Conflicts bool // only records pushed again with other content
	// Counted keeps only what the figures count (not sent back), and Topic
	// only a topic's: a figure's link opens exactly the records behind it.
	Counted bool
	Topic   string
	// Township keeps the township's own records (no village's); ByOffice
	// those the office recorded at its desk.
	Township, ByOffice bool
	Limit              int // DefaultInbox when zero, at most MaxInbox
	Offset             int
}

// Inbox page sizes.
const (
	DefaultInbox = 50
	MaxInbox     = 200
)

// Inbox lists the current version of each record matching f, newest first
// (by the day it happened, then by arrival), a page at a time, with how
// many match in all. A record a correction superseded is left out: the
// office works on the correction, whose page shows the earlier versions.
func (s *Store) Inbox(ctx context.Context, f InboxFilter) ([]*mingbai.Record, int, error) {
	where, args := inboxWhere(f)
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM records r WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("inbox: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultInbox
	}
	limit = min(limit, MaxInbox)
	rows, err := s.r.QueryContext(ctx, recordColumns+` WHERE `+where+`
		ORDER BY r.occurred_on DESC, r.received_at DESC, r.id DESC LIMIT ? OFFSET ?`,
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("inbox: %w", err)
	}
	rs, err := scanRecords(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("inbox: %w", err)
	}
	return rs, total, nil
}

// inboxWhere is the condition on "r" for the current records matching f
// (its page aside), with its arguments.
func inboxWhere(f InboxFilter) (string, []any) {
	conds := []string{`NOT EXISTS (SELECT 1 FROM records n WHERE n.supersedes = r.id)`}
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if f.VillageID != "" {
		add(`r.village_id = ?`, f.VillageID)
	}
	if f.Kind != "" {
		add(`r.kind = ?`, string(f.Kind))
	}
	if f.From != "" {
		add(`r.occurred_on >= ?`, f.From)
	}
	if f.To != "" {
		add(`r.occurred_on <= ?`, f.To)
	}
	if f.State != "" {
		add(`r.state = ?`, string(f.State))
	}
	if f.Conflicts {
		conds = append(conds, `EXISTS (SELECT 1 FROM record_conflicts c WHERE c.record_id = r.id)`)
	}
	if f.Counted {
		conds = append(conds, `r.state <> 'returned'`)
	}
	if f.Topic != "" {
		add(`r.topic = ?`, f.Topic)
	}
	if f.Township {
		conds = append(conds, `r.village_id IS NULL`)
	}
	if f.ByOffice {
		conds = append(conds, `r.author_id IN (SELECT id FROM users WHERE role = 'office')`)
	}
	return strings.Join(conds, ` AND `), args
}

// RecordHistory is everything the office sees about one record.
type RecordHistory struct {
	Record *mingbai.Record
	// Versions is the chain of corrections the record belongs to, the
	// first version first, the record itself among them.
	Versions []*mingbai.Record
	// FollowUps are the current records about any version (follow-ups,
	// surveys of an adopted rule), oldest first.
	FollowUps []*mingbai.Record
	// Reviews are the office's actions on any version, oldest first.
	Reviews []mingbai.Review
	// Conflicts are other contents pushed under any version's id.
	Conflicts []RecordConflict
}

// RecordHistory returns record id with its versions, follow-ups, reviews
// and conflicts, or ENOTFOUND.
func (s *Store) RecordHistory(ctx context.Context, id string) (*RecordHistory, error) {
	ids, err := s.versionIDs(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("record history %s: %w", id, err)
	}
	if len(ids) == 0 {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.record_not_found", "record %s", id)
	}
	h := &RecordHistory{}
	in := `r.id IN ` + placeholders(len(ids))
	if h.Versions, err = s.recordsWhere(ctx, in, ids...); err != nil {
		return nil, fmt.Errorf("record history %s: %w", id, err)
	}
	// Versions in the chain's order: ids came from the chain walk.
	slices.SortFunc(h.Versions, func(a, b *mingbai.Record) int {
		return slices.Index(ids, any(a.ID)) - slices.Index(ids, any(b.ID))
	})
	for _, v := range h.Versions {
		if v.ID == id {
			h.Record = v
		}
	}
	h.FollowUps, err = s.recordsWhere(ctx, `r.refers_to IN `+placeholders(len(ids))+`
		AND NOT EXISTS (SELECT 1 FROM records n WHERE n.supersedes = r.id)`, ids...)
	if err != nil {
		return nil, fmt.Errorf("record history %s: %w", id, err)
	}
	slices.SortStableFunc(h.FollowUps, func(a, b *mingbai.Record) int {
		return strings.Compare(a.Date, b.Date)
	})
	if h.Reviews, err = s.reviewsOf(ctx, ids); err != nil {
		return nil, fmt.Errorf("record history %s: %w", id, err)
	}
	for _, v := range ids {
		cs, err := s.Conflicts(ctx, v.(string))
		if err != nil {
			return nil, err
		}
		h.Conflicts = append(h.Conflicts, cs...)
	}
	return h, nil
}

// versionIDs walks the supersedes links from record id back to the first
// version, then forward to every correction of it, and returns the ids in
// that order (a record corrected twice branches; both branches are
// listed). None when there is no such record.
func (s *Store) versionIDs(ctx context.Context, id string) ([]any, error) {
	rows, err := s.r.QueryContext(ctx, `
		WITH RECURSIVE back(id, depth) AS (
			SELECT id, 0 FROM records WHERE id = ?
			UNION
			SELECT r.supersedes, back.depth + 1 FROM records r JOIN back ON r.id = back.id
			WHERE r.supersedes IS NOT NULL
		),
		chain(id, depth) AS (
			SELECT id, 0 FROM (SELECT id FROM back ORDER BY depth DESC LIMIT 1)
			UNION
			SELECT r.id, chain.depth + 1 FROM records r JOIN chain ON r.supersedes = chain.id
		)
		SELECT chain.id FROM chain JOIN records r ON r.id = chain.id ORDER BY chain.depth, r.received_at, r.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []any
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		ids = append(ids, v)
	}
	return ids, rows.Err()
}
