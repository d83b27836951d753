package store

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"mingbai/server/mingbai"
)

// CreateTrainingSession stores a training session by the office with a
// fresh check-in code, and fills in its ID, Code and Seq. It returns
// EINVALID for a session that fails validation.
func (s *Store) CreateTrainingSession(ctx context.Context, actorID string, t *mingbai.TrainingSession) error {
	if err := t.Validate(s.clock.Now()); err != nil {
		return err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("create training session: %w", err)
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("create training session: %w", err)
	}
	defer tx.Rollback()
	seq, err := nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	t.ID, t.Code, t.Seq, t.CreatedAt = id.String(), checkInCode(), seq, s.clock.Now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO training_sessions
		(id, title, held_on, place, hours, code, created_by, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.Title, t.HeldOn, t.Place, t.Hours, t.Code, nullString(actorID), formatTime(t.CreatedAt), t.Seq); err != nil {
		return fmt.Errorf("create training session: %w", err)
	}
	return s.commit(tx, seq)
}

// checkInCode is a short code a resident could also type: eight letters
// and digits without the ones that look alike.
func checkInCode() string { return shortCode(8) }

// shortCode is n random characters of mingbai.VillageCodeAlphabet, which
// has no look-alikes (0/O, 1/I/L), for codes people read out and type.
func shortCode(n int) string {
	const alphabet = mingbai.VillageCodeAlphabet
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// TrainingSessions lists every session, newest first, with how many
// residents checked in.
func (s *Store) TrainingSessions(ctx context.Context) ([]*mingbai.TrainingSession, error) {
	ts, err := s.sessionsWhere(ctx, `1 = 1`)
	if err != nil {
		return nil, fmt.Errorf("training sessions: %w", err)
	}
	return ts, nil
}

// TrainingSessionByCode finds the session a check-in code names, or
// returns ENOTFOUND.
func (s *Store) TrainingSessionByCode(ctx context.Context, code string) (*mingbai.TrainingSession, error) {
	ts, err := s.sessionsWhere(ctx, `t.code = ?`, code)
	if err != nil {
		return nil, fmt.Errorf("training session by code: %w", err)
	}
	if len(ts) == 0 {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.training_not_found", "code %q", code)
	}
	return ts[0], nil
}

func (s *Store) sessionsWhere(ctx context.Context, cond string, args ...any) ([]*mingbai.TrainingSession, error) {
	return sessionsIn(ctx, s.r, cond, args...)
}

// sessionsSelect reads sessions with their attendees, before a condition.
// "+t.id" takes the comparison's affinity away, so that records_attendance
// serves it: with it, SQLite read every attendance for each session.
const sessionsSelect = `SELECT t.id, t.title, t.held_on, t.place, t.hours, t.code, t.created_at, t.seq,
	(SELECT count(DISTINCT a.author_id) FROM records a WHERE a.kind = 'attendance'
		AND json_extract(a.fields, '$.session_id') = +t.id),
	(SELECT json_group_object(grp, people) FROM training_headcounts h WHERE h.session_id = t.id)
	FROM training_sessions t WHERE `

// sessionsIn is sessionsWhere read through q (a transaction's snapshot).
func sessionsIn(ctx context.Context, q querier, cond string, args ...any) ([]*mingbai.TrainingSession, error) {
	rows, err := q.QueryContext(ctx, sessionsSelect+cond+` ORDER BY t.held_on DESC, t.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*mingbai.TrainingSession
	for rows.Next() {
		t := &mingbai.TrainingSession{}
		var created, others string
		if err := rows.Scan(&t.ID, &t.Title, &t.HeldOn, &t.Place, &t.Hours, &t.Code, &created, &t.Seq, &t.Attendees, &others); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(others), &t.Others); err != nil {
			return nil, fmt.Errorf("headcounts of %s: %w", t.ID, err)
		}
		if t.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
