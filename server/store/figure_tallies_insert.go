package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"mingbai/server/mingbai"
)

// A push adds the records it inserts to the figures' tallies itself, once
// a tally for all the records it inserts together (flush), not a trigger
// a record: the trigger rewrote the same tally's counts for each of a
// batch's hundred records, and was more than half of the insert's cost.
// What a record adds is read from the same specification as the
// triggers' and the recount's terms (tallyTerms): each Figure field, a
// choice or topic counted under its value, a number summed, each item of
// a list counted; the author's role; for an attendance, its author.
// TestPushedTalliesAreTheRecount holds the two to each other.

// figureKey is a tally's key: figure_tallies' primary key.
type figureKey struct{ month, village, kind, state, topic string }

// figureDelta is what records add to one tally.
type figureDelta struct {
	n      int
	counts map[string]float64
}

// figureDeltas are the tallies a flush's records add to.
type figureDeltas map[figureKey]*figureDelta

// add adds a new record (state received, current), with its fields'
// values, by an author of role.
func (d figureDeltas) add(spec *mingbai.KindSpec, r *mingbai.Record, values mingbai.FieldValues, village, author, role string) {
	key := figureKey{month: r.Date[:min(7, len(r.Date))], village: village, kind: string(r.Kind), state: string(mingbai.Received)}
	if _, ok := spec.Field("topic"); ok {
		key.topic, _ = values["topic"].(string)
	}
	delta := d[key]
	if delta == nil {
		delta = &figureDelta{counts: map[string]float64{}}
		d[key] = delta
	}
	delta.n++
	for _, f := range spec.Fields {
		if !f.Figure {
			continue
		}
		switch v := values[f.Name].(type) {
		case []string:
			for _, item := range v {
				delta.counts[f.Name+":"+item]++
			}
		case int:
			delta.counts[f.Name] += float64(v)
		case float64:
			delta.counts[f.Name] += v
		case string:
			delta.counts[f.Name+":"+v]++
		}
	}
	delta.counts[roleField+":"+role]++
	if spec.Kind == mingbai.Attendance {
		delta.counts[authorField+":"+author]++
	}
}

// save adds the deltas to their tallies, in the transaction of the
// insert: each tally read, added to, and written back.
func (d figureDeltas) save(ctx context.Context, p *pushTx) error {
	for key, delta := range d {
		var n int
		var counts []byte
		err := p.tallyRead.QueryRowContext(ctx, key.month, key.village, key.kind, key.state, key.topic).Scan(&n, &counts)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read tally %v: %w", key, err)
		}
		sum := map[string]float64{}
		if counts != nil {
			if err := eachCount(counts, func(k string, x float64) { sum[k] = x }); err != nil {
				return err
			}
		}
		for k, x := range delta.counts {
			sum[k] += x
		}
		if _, err := p.tallyWrite.ExecContext(ctx, key.month, key.village, key.kind, key.state, key.topic,
			n+delta.n, countsJSON(sum)); err != nil {
			return fmt.Errorf("write tally %v: %w", key, err)
		}
	}
	return nil // the flush forgets them with its records (pending.drop)
}

// The statements save prepares.
const (
	tallyReadQuery = `SELECT n, json(counts) FROM figure_tallies
		WHERE month = ? AND village_id = ? AND kind = ? AND state = ? AND topic = ?`
	tallyWriteQuery = `INSERT INTO figure_tallies (month, village_id, kind, state, topic, n, counts)
		VALUES (?, ?, ?, ?, ?, ?, jsonb(?))
		ON CONFLICT (month, village_id, kind, state, topic) DO UPDATE SET n = excluded.n, counts = excluded.counts`
)

// countsJSON writes a tally's counts as a JSON object, its keys sorted.
func countsJSON(counts map[string]float64) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b := []byte{'{'}
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		name, _ := json.Marshal(k) // a string always encodes
		b = append(b, name...)
		b = append(b, ':')
		b = strconv.AppendFloat(b, counts[k], 'f', -1, 64)
	}
	return string(append(b, '}'))
}

// roleOf is the role of the author of a record tallied, as the users
// table has it (as the triggers and the recount read it).
func (p *pushTx) roleOf(ctx context.Context, author string) (string, error) {
	if role, ok := p.roles[author]; ok {
		return role, nil
	}
	var role string
	if err := p.authorRole.QueryRowContext(ctx, author).Scan(&role); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("role of %s: %w", author, err)
	}
	p.roles[author] = role
	return role, nil
}
