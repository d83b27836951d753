package store

import (
	"context"
	"fmt"
	"time"

	"mingbai/server/mingbai"
)

// TrainingSession returns one session with its attendee count, or
// ENOTFOUND.
func (s *Store) TrainingSession(ctx context.Context, id string) (*mingbai.TrainingSession, error) {
	ts, err := s.sessionsWhere(ctx, `t.id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("training session %s: %w", id, err)
	}
	if len(ts) == 0 {
		return nil, mingbai.Errorf(mingbai.ENOTFOUND, "error.training_not_found", "session %s", id)
	}
	return ts[0], nil
}

// Attendee is a resident who checked in to a training session, as the
// office's attendance list shows them.
type Attendee struct {
	RecordID   string
	ResidentID string
	Name       string
	Village    mingbai.Village
	Hours      float64
	Date       string    // the day the resident says they attended
	ReceivedAt time.Time // when their phone's record reached the server
}

// Attendance lists who checked in to session id, by name: the current
// version of each attendance record (a correction of the hours replaces
// the first).
func (s *Store) Attendance(ctx context.Context, sessionID string) ([]Attendee, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT r.id, u.id, u.display_name, v.id, v.name_zh, v.name_bo, v.active,
			json_extract(r.fields, '$.hours'), r.occurred_on, r.received_at
		FROM records r JOIN users u ON u.id = r.author_id JOIN villages v ON v.id = r.village_id
		WHERE r.kind = 'attendance' AND json_extract(r.fields, '$.session_id') = ?
			AND NOT EXISTS (SELECT 1 FROM records n WHERE n.supersedes = r.id)
		ORDER BY u.display_name, r.received_at`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("attendance of %s: %w", sessionID, err)
	}
	defer rows.Close()
	var out []Attendee
	for rows.Next() {
		var a Attendee
		var received string
		if err := rows.Scan(&a.RecordID, &a.ResidentID, &a.Name, &a.Village.ID, &a.Village.NameZH, &a.Village.NameBO,
			&a.Village.Active, &a.Hours, &a.Date, &received); err != nil {
			return nil, fmt.Errorf("attendance of %s: %w", sessionID, err)
		}
		if a.ReceivedAt, err = parseTime(received); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SetHeadcounts replaces a training session's headcounts of attendees
// without an account, by group (a group left out counts none). It returns
// EINVALID for an unknown group or a count out of range and ENOTFOUND for
// no such session.
func (s *Store) SetHeadcounts(ctx context.Context, sessionID string, counts mingbai.Counts) error {
	if err := mingbai.CheckHeadcounts(counts); err != nil {
		return err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("headcounts of %s: %w", sessionID, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM training_sessions WHERE id = ?`, sessionID).Scan(&n); err != nil {
		return fmt.Errorf("headcounts of %s: %w", sessionID, err)
	}
	if n == 0 {
		return mingbai.Errorf(mingbai.ENOTFOUND, "error.training_not_found", "session %s", sessionID)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM training_headcounts WHERE session_id = ?`, sessionID); err != nil {
		return fmt.Errorf("headcounts of %s: %w", sessionID, err)
	}
	for g, people := range counts {
		if people == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_headcounts (session_id, grp, people) VALUES (?, ?, ?)`,
			sessionID, g, people); err != nil {
			return fmt.Errorf("headcounts of %s: %w", sessionID, err)
		}
	}
	return s.commit(tx, 0)
}
