package store

import (
	"context"
	"database/sql"
	"fmt"

	"mingbai/server/mingbai"
)

// ReviewRecord applies the office's action a to record id with in, and
// returns the record as it now stands. Only the review columns change
// (state, comment, reviewer, time) and the record takes a new change
// number, so its author's phone pulls the new state and comment; the
// action is kept in the record's review history. The state is checked in
// the writer's transaction, so of two clerks acting at once the second
// learns the record moved on. It returns ENOTFOUND for no such record,
// EINVALID for an action the record's kind never takes or bad input, and
// ECONFLICT for an action its state does not allow (mingbai.CheckReview).
func (s *Store) ReviewRecord(ctx context.Context, actorID, id string, a mingbai.ReviewAction, in mingbai.ReviewInput) (*mingbai.Record, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("review record %s: %w", id, err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, recordColumns+` WHERE r.id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("review record %s: %w", id, err)
	}
	rs, err := scanRecords(rows)
	if err != nil {
		return nil, fmt.Errorf("review record %s: %w", id, err)
	}
	if len(rs) == 0 {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.record_not_found", "record %s", id)
	}
	r, now := rs[0], s.clock.Now()
	to, err := mingbai.CheckReview(r, a, in, now)
	if err != nil {
		return nil, err
	}
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE records SET state = ?, review = ?, reviewed_by = ?, reviewed_at = ?, seq = ?
		WHERE id = ?`, string(to), in.Comment, actorID, formatTime(now), seq, id); err != nil {
		return nil, fmt.Errorf("review record %s: %w", id, err)
	}
	var meeting, votesFor, votesAgainst, votesAbstain any // NULL unless an adoption
	if a == mingbai.Adopt {
		meeting, votesFor, votesAgainst, votesAbstain = in.MeetingOn, in.Votes.For, in.Votes.Against, in.Votes.Abstain
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO record_reviews (record_id, action, comment, meeting_on,
		votes_for, votes_against, votes_abstain, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, string(a), in.Comment, meeting, votesFor, votesAgainst, votesAbstain, actorID, formatTime(now)); err != nil {
		return nil, fmt.Errorf("review record %s: %w", id, err)
	}
	if err := s.commit(tx, seq); err != nil {
		return nil, fmt.Errorf("review record %s: %w", id, err)
	}
	r.State, r.Review, r.Seq = to, in.Comment, seq
	return r, nil
}

// reviewsOf lists the review actions on the records ids, oldest first,
// with the name of the account that took each.
func (s *Store) reviewsOf(ctx context.Context, ids []any) ([]mingbai.Review, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT v.record_id, v.action, v.comment, coalesce(v.meeting_on, ''),
		v.votes_for, v.votes_against, v.votes_abstain, v.actor_id, u.display_name, v.at
		FROM record_reviews v JOIN users u ON u.id = v.actor_id
		WHERE v.record_id IN `+placeholders(len(ids))+` ORDER BY v.id`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []mingbai.Review
	for rows.Next() {
		var v mingbai.Review
		var action, at string
		var votesFor, votesAgainst, votesAbstain sql.NullInt64
		if err := rows.Scan(&v.RecordID, &action, &v.Comment, &v.MeetingOn, &votesFor, &votesAgainst, &votesAbstain,
			&v.ActorID, &v.ActorName, &at); err != nil {
			return nil, err
		}
		v.Action = mingbai.ReviewAction(action)
		if votesFor.Valid {
			v.Votes = &mingbai.Votes{For: int(votesFor.Int64), Against: int(votesAgainst.Int64), Abstain: int(votesAbstain.Int64)}
		}
		if v.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
