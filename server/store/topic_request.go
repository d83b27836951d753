package store

import (
	"context"
	"fmt"

	"mingbai/server/mingbai"
)

// RequestNote is a note a reader sent with a request for a topic. It may
// hold personal data whatever the form asks, so only the office reads it.
type RequestNote struct {
	ID    int64
	Day   string // YYYY-MM-DD in the township
	Topic string
	Lang  mingbai.Lang
	Note  string
}

// AddTopicRequest counts a reader's request for a topic on today's
// township day and keeps its note, if any, apart from the count. Requests
// are rare and rate-limited by the caller, so each is written at once. It
// returns EINVALID for an unknown topic or unclean text and ETOOLARGE for
// a long note.
func (s *Store) AddTopicRequest(ctx context.Context, r *mingbai.TopicRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	day := mingbai.TownshipDay(s.clock.Now())
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("add topic request: %w", err)
	}
	defer tx.Rollback()
	var known int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM topics WHERE slug = ?`, r.Topic).Scan(&known); err != nil {
		return fmt.Errorf("add topic request: %w", err)
	}
	if known == 0 {
		return mingbai.Errorf(mingbai.EINVALID, "error.request_topic", "topic %q", r.Topic)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO topic_requests (day, topic, village_id, requests) VALUES (?, ?, ?, 1)
		ON CONFLICT (day, topic, village_id) DO UPDATE SET requests = requests + 1`, day, r.Topic, r.VillageID); err != nil {
		return fmt.Errorf("add topic request: %w", err)
	}
	if r.Note != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO topic_request_notes (day, topic, lang, note) VALUES (?, ?, ?, ?)`,
			day, r.Topic, string(r.Lang), r.Note); err != nil {
			return fmt.Errorf("add topic request: %w", err)
		}
	}
	return s.commit(tx, 0)
}

// RequestNotes returns the newest notes first, at most limit.
func (s *Store) RequestNotes(ctx context.Context, limit int) ([]RequestNote, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, day, topic, lang, note FROM topic_request_notes
		ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("request notes: %w", err)
	}
	defer rows.Close()
	var out []RequestNote
	for rows.Next() {
		var n RequestNote
		if err := rows.Scan(&n.ID, &n.Day, &n.Topic, &n.Lang, &n.Note); err != nil {
			return nil, fmt.Errorf("request notes: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// DeleteRequestNote deletes a note, for one that holds personal data or
// has been answered; the request's count stays. It returns ENOTFOUND when
// there is no such note.
func (s *Store) DeleteRequestNote(ctx context.Context, id int64) error {
	err := s.execWrite(ctx, mingbai.Errorf(mingbai.ENOTFOUND, "error.request_note_unknown", "note %d", id),
		`DELETE FROM topic_request_notes WHERE id = ?`, id)
	if mingbai.ErrorCode(err) == mingbai.EINTERNAL {
		return fmt.Errorf("delete request note: %w", err)
	}
	return err
}
