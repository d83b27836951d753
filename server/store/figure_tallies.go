package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"mingbai/server/mingbai"
)

// The figures read tallies, not records: figure_tallies (migration 0015)
// holds, a month at a time, what the figures count of every current record
// (not superseded by a correction), by village, kind, state and topic: how
// many records, and in one JSONB object (0019), how many hold each value of each
// choice or topic field the specification marks Figure ("asker_group:herder"),
// each such count or hours field summed ("people_reached"), and for an
// attendance, its author ("@author:<id>", for "residents who attended"). A
// year's figures over a million records then read some thousands of rows,
// not the records.
//
// SQLite keeps the tallies, in the same transaction as each change, with
// statements written from mingbai.Kinds. Records are inserted in one place,
// the push's flush, which then adds the records it inserted to their
// tallies, each tally once (figure_tallies_insert.go): a trigger
// doing it a record at a time was more than half of the insert's cost,
// since it rewrote the same tally's counts a hundred times for a batch of
// a hundred. Triggers on records move a record's terms when a correction,
// a review or a return changes what counts, and take them away when it is
// deleted, whichever code does it. When the specification changes (a
// kind, a Figure field), the next start drops the triggers, recounts the
// tallies from the records and writes new ones.
//
// A period that does not cover whole months reads its first and last days
// from the records themselves, through the same terms.

// tallyTerm is one entry a record adds to its tally's counts: the field
// it counts, the value it counts it under (a choice, a topic, an author;
// "" for a field summed), and what it adds to the field's sum; value and
// total are SQL expressions over the record r.
type tallyTerm struct{ field, value, total string }

// sum reports whether the term sums its field rather than counting a value.
func (t tallyTerm) sum() bool { return t.value == "''" }

// path is the term's entry in the counts object, as a JSON path (an SQL
// expression): "$.\"asker_group:herder\"" or "$.\"people_reached\"". The
// values are slugs and ids, which hold no quote.
func (t tallyTerm) path() string {
	if t.sum() {
		return `'$."` + t.field + `"'`
	}
	return `'$."` + t.field + `:' || ` + t.value + ` || '"'`
}

// amount is what the term adds to its entry: 1 for a value counted, the
// field's value for a sum.
func (t tallyTerm) amount() string {
	if t.sum() {
		return t.total
	}
	return "1"
}

// authorField and roleField name the tally entries that hold a record's
// author and the author's role.
const (
	authorField = "@author"
	roleField   = "@role"
)

// tallyTerms lists the terms a record of kind spec adds, as SQL over the
// row named r ("NEW", "OLD" or a table alias).
func tallyTerms(spec mingbai.KindSpec, r string) []tallyTerm {
	var terms []tallyTerm
	for _, f := range spec.Fields {
		if !f.Figure || f.IsList() {
			continue // a list's terms are as many as its items: see tallyListUpdate
		}
		path := fmt.Sprintf("json_extract(%s.fields, '$.%s')", r, f.Name)
		if f.IsNumber() {
			terms = append(terms, tallyTerm{field: f.Name, value: "''", total: "coalesce(" + path + ", 0)"})
		} else {
			terms = append(terms, tallyTerm{field: f.Name, value: "coalesce(CAST(" + path + " AS TEXT), '')", total: "0"})
		}
	}
	// Who recorded it, so the office's own work counts without being
	// taken for the residents'.
	terms = append(terms, tallyTerm{field: roleField, value: "coalesce((SELECT role FROM users WHERE id = " + r + ".author_id), '')", total: "0"})
	if spec.Kind == mingbai.Attendance {
		// "Residents who attended a training" counts authors; no other
		// figure does, and an author a row would multiply the tallies.
		terms = append(terms, tallyTerm{field: authorField, value: r + ".author_id", total: "0"})
	}
	return terms
}

// tallyTopic is the topic a record of kind spec is tallied under: its
// topic field's value, or "" for a kind without one.
func tallyTopic(spec mingbai.KindSpec, r string) string {
	if _, ok := spec.Field("topic"); ok {
		return fmt.Sprintf("coalesce(CAST(json_extract(%s.fields, '$.topic') AS TEXT), '')", r)
	}
	return "''"
}

// figureTallyKey is the tally's key columns for the record r, after its month.
func figureTallyKey(spec mingbai.KindSpec, r string) string {
	return fmt.Sprintf("coalesce(%[1]s.village_id, ''), %[1]s.kind, %[1]s.state, %[2]s", r, tallyTopic(spec, r))
}

// tallyUpsert adds (sign 1) or takes away (sign -1) the record r of kind
// spec to its tally: one row a record, its terms set in the row's counts.
// It updates the row first and inserts one only when there was none: an
// upsert works out the fresh row's counts for every record, though the
// row is there for nearly all (a tenth of a push's insert).
func tallyUpsert(spec mingbai.KindSpec, r string, sign int) string {
	var fresh, added []string
	for _, t := range tallyTerms(spec, r) {
		fresh = append(fresh, fmt.Sprintf("%s, %d * %s", t.path(), sign, t.amount()))
		added = append(added, fmt.Sprintf("%[1]s, coalesce(json_extract(counts, %[1]s), 0) + %[2]d * %[3]s", t.path(), sign, t.amount()))
	}
	set := func(obj string, pairs []string) string {
		if len(pairs) == 0 {
			return obj
		}
		return "jsonb_set(" + obj + ", " + strings.Join(pairs, ", ") + ")"
	}
	upsert := fmt.Sprintf(`UPDATE figure_tallies SET n = n + %[3]d, counts = %[5]s
		WHERE (month, village_id, kind, state, topic) = (substr(%[1]s.occurred_on, 1, 7), %[2]s);
		INSERT INTO figure_tallies (month, village_id, kind, state, topic, n, counts)
		SELECT substr(%[1]s.occurred_on, 1, 7), %[2]s, %[3]d, %[4]s WHERE changes() = 0;`,
		r, figureTallyKey(spec, r), sign, set("jsonb('{}')", fresh), set("counts", added))
	return upsert + tallyListUpdates(spec, r, sign)
}

// tallyListUpdates add (or take away) each item of the record r's Figure
// lists (an event's other topics) to its tally's counts, which the upsert
// before has made: the counts and the items, summed again by key.
func tallyListUpdates(spec mingbai.KindSpec, r string, sign int) string {
	var out string
	for _, f := range spec.Fields {
		if !f.Figure || !f.IsList() {
			continue
		}
		out += fmt.Sprintf(` UPDATE figure_tallies SET counts = (SELECT jsonb_group_object(key, v) FROM (
			SELECT key, sum(v) AS v FROM (SELECT key, value AS v FROM json_each(counts)
				UNION ALL SELECT '%[2]s:' || j.value, %[3]d FROM json_each(%[1]s.fields, '$.%[2]s') j) GROUP BY key))
			WHERE month = substr(%[1]s.occurred_on, 1, 7) AND village_id = coalesce(%[1]s.village_id, '') AND kind = %[1]s.kind
				AND state = %[1]s.state AND topic = %[4]s AND json_array_length(%[1]s.fields, '$.%[2]s') > 0;`,
			r, f.Name, sign, tallyTopic(spec, r))
	}
	return out
}

// tallyTriggers are the statements that create the triggers keeping the
// tallies of every kind after its insert (figureDeltas): an update that
// changes what counts takes away a record's old terms and adds its new; a
// delete takes them away.
func tallyTriggers() []string {
	var out []string
	for _, spec := range mingbai.Kinds {
		k := string(spec.Kind)
		out = append(out,
			fmt.Sprintf(`CREATE TRIGGER figure_tally_update_old_%s
				AFTER UPDATE OF superseded, state, occurred_on, village_id, fields, author_id ON records
				WHEN OLD.kind = '%s' AND OLD.superseded = 0 BEGIN %s END`, k, k, tallyUpsert(spec, "OLD", -1)),
			fmt.Sprintf(`CREATE TRIGGER figure_tally_update_new_%s
				AFTER UPDATE OF superseded, state, occurred_on, village_id, fields, author_id ON records
				WHEN NEW.kind = '%s' AND NEW.superseded = 0 BEGIN %s END`, k, k, tallyUpsert(spec, "NEW", 1)),
			fmt.Sprintf(`CREATE TRIGGER figure_tally_delete_%s AFTER DELETE ON records
				WHEN OLD.kind = '%s' AND OLD.superseded = 0 BEGIN %s END`, k, k, tallyUpsert(spec, "OLD", -1)),
		)
	}
	return out
}

// tallySelect is a query giving, for the records matching cond (for
// each kind), the terms they add grouped by keys, with how many records
// and how much each adds: each kind's records read once, each crossed with
// a row per term and one for the record itself (field ""). It counts the
// tallies anew at a start and the edges of a period that is not whole
// months.
func tallySelect(keys string, cond func(mingbai.KindSpec) string) string {
	var parts []string
	for _, spec := range mingbai.Kinds {
		terms := append([]tallyTerm{{field: "", value: "''", total: "0"}}, tallyTerms(spec, "r")...)
		var idx []string
		field, value, total := "CASE t.i", "CASE t.i", "CASE t.i"
		for i, term := range terms {
			idx = append(idx, fmt.Sprintf("SELECT %d AS i", i))
			field += fmt.Sprintf(" WHEN %d THEN '%s'", i, term.field)
			value += fmt.Sprintf(" WHEN %d THEN %s", i, term.value)
			total += fmt.Sprintf(" WHEN %d THEN %s", i, term.total)
		}
		parts = append(parts, fmt.Sprintf(`SELECT substr(r.occurred_on, 1, 7) AS month,
				coalesce(r.village_id, '') AS village_id, r.kind AS kind, r.state AS state, %s AS topic,
				%s END AS field, %s END AS value, %s END AS total
			FROM records r CROSS JOIN (%s) t WHERE r.kind = '%s' AND r.superseded = 0 AND %s`,
			tallyTopic(spec, "r"), field, value, total, strings.Join(idx, " UNION ALL "), spec.Kind, cond(spec)))
		for _, f := range spec.Fields {
			if f.Figure && f.IsList() { // a row a list item
				parts = append(parts, fmt.Sprintf(`SELECT substr(r.occurred_on, 1, 7) AS month,
						coalesce(r.village_id, '') AS village_id, r.kind AS kind, r.state AS state, %[1]s AS topic,
						'%[2]s' AS field, j.value AS value, 0 AS total
					FROM records r, json_each(r.fields, '$.%[2]s') j WHERE r.kind = '%[3]s' AND r.superseded = 0 AND %[4]s`,
					tallyTopic(spec, "r"), f.Name, spec.Kind, cond(spec)))
			}
		}
	}
	return `SELECT ` + keys + `, count(*) AS records, sum(total) AS amount FROM (` + strings.Join(parts, " UNION ALL ") + `) GROUP BY ` + keys
}

// tallyRebuild counts every tally anew from the records: the terms of
// tallySelect by month, gathered into each tally's counts.
func tallyRebuild() string {
	keys := "month, village_id, kind, state, topic"
	return `INSERT INTO figure_tallies (` + keys + `, n, counts)
		SELECT ` + keys + `, sum(records) FILTER (WHERE field = ''),
			coalesce(jsonb_group_object(CASE WHEN sums THEN field ELSE field || ':' || value END,
				CASE WHEN sums THEN amount ELSE records END) FILTER (WHERE field <> ''), jsonb('{}'))
		FROM (SELECT *, field IN (` + summedFields() + `) AS sums FROM (` +
		tallySelect(keys+", field, value", everyRecord) +
		`)) GROUP BY ` + keys
}

// summedFields lists, for SQL, the fields the tallies sum.
func summedFields() string {
	out := []string{"''"}
	for _, spec := range mingbai.Kinds {
		for _, t := range tallyTerms(spec, "r") {
			if t.sum() {
				out = append(out, "'"+t.field+"'")
			}
		}
	}
	return strings.Join(out, ", ")
}

// everyRecord is the condition on every current record of a kind.
func everyRecord(mingbai.KindSpec) string { return "1" }

// tallyVersion names the tallies' triggers and terms as the specification
// makes them: when it changes, the tallies are counted anew.
func tallyVersion() string {
	h := sha256.New()
	for _, s := range tallyTriggers() {
		h.Write([]byte(s))
	}
	h.Write([]byte(tallyRebuild()))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// ensureTallies makes the tallies and their triggers those of this
// binary's specification, counting them anew from the records if they
// were not (or if a trigger is missing), all in one transaction.
func (s *Store) ensureTallies(ctx context.Context) error {
	version := tallyVersion()
	var have string
	var triggers int
	err := s.w.QueryRowContext(ctx, `SELECT coalesce((SELECT version FROM figure_tally_version), ''),
		(SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'figure_tally_%')`).Scan(&have, &triggers)
	if err != nil {
		return fmt.Errorf("figure tallies: %w", err)
	}
	// A rebuild of records (a migration) drops its triggers with it.
	if have == version && triggers == len(tallyTriggers()) {
		return nil
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("figure tallies: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'figure_tally_%'`)
	if err != nil {
		return fmt.Errorf("figure tallies: %w", err)
	}
	var old []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return fmt.Errorf("figure tallies: %w", err)
		}
		old = append(old, name)
	}
	rows.Close()
	stmts := []string{`DELETE FROM figure_tallies`, `DELETE FROM figure_tally_version`}
	for _, name := range old {
		stmts = append(stmts, `DROP TRIGGER "`+name+`"`)
	}
	stmts = append(stmts, tallyRebuild())
	stmts = append(stmts, tallyTriggers()...)
	for _, stmt := range stmts {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("figure tallies: %w\n%s", err, stmt)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO figure_tally_version (version) VALUES (?)`, version); err != nil {
		return fmt.Errorf("figure tallies: %w", err)
	}
	return tx.Commit()
}

// eachCount calls fn for every entry of a tally's counts, a flat JSON
// object of numbers as SQLite's json() writes it ({"asker_group:herder":3,...}).
// It reads that form itself, since the figures read thousands of them and
// encoding/json would take most of their time; anything else (an escape
// in a key) goes to encoding/json.
func eachCount(raw []byte, fn func(key string, x float64)) error {
	fast := func() bool {
		b := raw
		if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
			return false
		}
		b = b[1 : len(b)-1]
		type entry struct {
			key string
			x   float64
		}
		var entries []entry
		for len(b) > 0 {
			if b[0] != '"' {
				return false
			}
			end := bytes.IndexByte(b[1:], '"')
			if end < 0 || bytes.IndexByte(b[1:end+1], '\\') >= 0 || len(b) < end+3 || b[end+2] != ':' {
				return false
			}
			key := string(b[1 : end+1])
			b = b[end+3:]
			stop := bytes.IndexByte(b, ',')
			if stop < 0 {
				stop = len(b)
			}
			x, err := strconv.ParseFloat(string(b[:stop]), 64)
			if err != nil {
				return false
			}
			entries = append(entries, entry{key, x})
			if b = b[stop:]; len(b) > 0 {
				b = b[1:] // the comma
				if len(b) == 0 {
					return false
				}
			}
		}
		for _, e := range entries {
			fn(e.key, e.x)
		}
		return true
	}
	if fast() {
		return nil
	}
	var entries map[string]float64
	if err := json.Unmarshal(raw, &entries); err != nil {
		return fmt.Errorf("tally counts %q: %w", raw, err)
	}
	for key, x := range entries {
		fn(key, x)
	}
	return nil
}
