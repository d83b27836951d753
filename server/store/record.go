package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"mingbai/server/mingbai"
)

// Push statuses: what became of one record of a batch (DESIGN §4).
const (
	Applied   = "applied"   // stored now
	Duplicate = "duplicate" // stored before, same content: nothing changed
	Conflict  = "conflict"  // stored before with other content: this one kept aside for the office
	Rejected  = "rejected"  // refused, with a reason; nothing stored
)

// PushItem is one record of a batch: decoded and checked by the caller,
// or already refused (Err set) for the store to report in its place.
type PushItem struct {
	Record *mingbai.Record
	// Values are the record's fields as mingbai.DecodeFields gave them
	// with Record.Fields; nil, the store decodes Record.Fields again.
	Values mingbai.FieldValues
	Err    error
}

// PushResult says what became of one PushItem.
type PushResult struct {
	ID     string
	Status string
	Seq    int64 // the record's change number, when stored
	Err    error // why a record was rejected: a domain error
}

// Push stores a batch of field records from one resident's device in one
// transaction, each record on its own (refused before it is written), so one bad
// record never rejects the others. A record already stored with the same
// content is a duplicate and changes nothing, so a batch may be retried any
// number of times; the same id with other content is a conflict, kept
// aside for the office and never written over the original. The batch is
// committed (durably: synchronous=FULL) before Push returns. It returns an
// error only for a fault of the database, when nothing of the batch is
// stored and the phone must retry.
func (s *Store) Push(ctx context.Context, author *mingbai.User, deviceID string, items []PushItem) ([]PushResult, error) {
	results, _, err := s.push(ctx, author, deviceID, items, false)
	return results, err
}

// PushAll stores items as Push does, but all or none: unless every item
// is applied or a duplicate, nothing is stored and stored is false; the
// results say what each would have been. A paper ledger is imported so,
// never half.
func (s *Store) PushAll(ctx context.Context, author *mingbai.User, items []PushItem) (results []PushResult, stored bool, err error) {
	return s.push(ctx, author, "", items, true)
}

// pushTx is one push's transaction, with the statements the store
// prepared once (pushStatements): SQLite would otherwise parse each again
// for every record, which was a third of a push's time.
type pushTx struct {
	pushStmts[*txStmt]
	author   *mingbai.User
	deviceID string
	now      string
	// pending holds the records applied and not yet inserted (flush).
	pending pending
	// ids holds the batch's ids already stored (beginBatch).
	ids storedIDs
	// flushEach inserts each push's records at its end, not the group's.
	flushEach bool
	// seq is the change counter as this transaction has taken it (nextSeq),
	// written back once before the commit (saveSeq).
	seqAt    int64
	seqTaken bool
	// known holds what this transaction found in the database, a topic
	// or a leaflet ("topic:land"): a batch names the same few again and
	// again, and nothing else writes while the transaction holds the writer.
	known map[string]bool
	// roles holds the roles of the authors it tallied (roleOf).
	roles map[string]string
	// tx asks what is asked rarely (an event's campaign), unprepared, so a
	// push to a database from before that table still runs (the
	// migration tests push to old schemas).
	tx *sql.Tx
}

// pushStmts are a push's statements: prepared on the writer's connection
// (*sql.Stmt, the store's), or those bound to one transaction (*txStmt).
type pushStmts[S any] struct {
	existing, existingAll, conflict, seq, linked       S
	supersede                                          S
	topicExists, sessionExists, attended, materialSlug S
	villageActive, seqRead                             S
	insertRows                                         [len(insertChunks)]S // by insertChunks
	tallyRead, tallyWrite, authorRole                  S                    // the tallies of the inserts (flush); unset without Store.tallies
}

// txStmt is a prepared statement as one transaction uses it, bound to
// the transaction when first used: a push of one record uses a third of
// the statements, and binding all of them was 5% of the writer's time
// for pushes of one.
type txStmt struct {
	tx       *sql.Tx
	prepared *sql.Stmt
	bound    *sql.Stmt
}

func (t *txStmt) stmt(ctx context.Context) *sql.Stmt {
	if t.bound == nil {
		t.bound = t.tx.StmtContext(ctx, t.prepared)
	}
	return t.bound
}

func (t *txStmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return t.stmt(ctx).ExecContext(ctx, args...)
}

func (t *txStmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return t.stmt(ctx).QueryContext(ctx, args...)
}

func (t *txStmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return t.stmt(ctx).QueryRowContext(ctx, args...)
}

// maxConflicts is how many differing copies of one record are kept for
// the office to compare.
const maxConflicts = 10

// pushQueries are a push's statements, by the field of p each fills;
// tallies is whether the database has this binary's tallies (see
// Store.tallies).
func pushQueries[S any](p *pushStmts[S], tallies bool) []struct {
	dst   *S
	query string
} {
	type query = struct {
		dst   *S
		query string
	}
	queries := []query{
		{&p.existing, `SELECT author_id, content_hash, seq FROM records WHERE id = ?`},
		{&p.existingAll, existingQuery},
		// A record keeps at most maxConflicts differing copies: a phone
		// sending ever new content under one id fills no disk.
		{&p.conflict, `INSERT INTO record_conflicts
			(record_id, author_id, device_id, kind, occurred_on, fields, content_hash, received_at)
			SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE (SELECT count(*) FROM record_conflicts WHERE record_id = ?) < ?
			ON CONFLICT (record_id, content_hash) DO NOTHING`},
		{&p.seqRead, `SELECT value FROM counters WHERE name = 'change'`},
		{&p.seq, `UPDATE counters SET value = ? WHERE name = 'change'`},
		{&p.villageActive, `SELECT active FROM villages WHERE id = ?`},
		{&p.linked, `SELECT author_id, coalesce(village_id, ''), kind, state FROM records WHERE id = ?`},
		{&p.supersede, `UPDATE records SET superseded = 1 WHERE id = ?`},
		{&p.topicExists, `SELECT count(*) FROM topics WHERE slug = ?`},
		{&p.sessionExists, `SELECT hours, held_on FROM training_sessions WHERE id = ?`},
		{&p.attended, `SELECT count(*) FROM records WHERE kind = 'attendance' AND author_id = ?
			AND json_extract(fields, '$.session_id') = ?`},
		{&p.materialSlug, `SELECT count(*) FROM materials WHERE slug = ?`},
	}
	for i := range insertChunks {
		queries = append(queries, query{&p.insertRows[i], insertQueries[i]})
	}
	if tallies {
		queries = append(queries, query{&p.tallyRead, tallyReadQuery}, query{&p.tallyWrite, tallyWriteQuery},
			query{&p.authorRole, `SELECT role FROM users WHERE id = ?`})
	}
	return queries
}

// preparedPush is a push's statements as the store prepared them.
type preparedPush struct {
	pushStmts[*sql.Stmt]
	tallies bool
}

// pushStatements prepares a push's statements once for the store, on the
// writer's one connection, before any transaction holds it: SQLite then
// compiles the insert once, not once a push, which was a tenth of a
// push's time.
func (s *Store) pushStatements(ctx context.Context) (*preparedPush, error) {
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	if s.pushPrepared != nil {
		return s.pushPrepared, nil
	}
	p := &preparedPush{tallies: s.tallies}
	for _, st := range pushQueries(&p.pushStmts, p.tallies) {
		stmt, err := s.w.PrepareContext(ctx, st.query)
		if err != nil {
			p.close()
			return nil, err
		}
		*st.dst = stmt
	}
	s.pushPrepared = p
	return p, nil
}

// preparePush gives tx the store's push statements, each to be bound to
// it when first used.
func preparePush(tx *sql.Tx, prepared *preparedPush) *pushTx {
	p := &pushTx{tx: tx, known: map[string]bool{}, roles: map[string]string{}}
	from := pushQueries(&prepared.pushStmts, prepared.tallies)
	bound := make([]txStmt, len(from))
	for i, st := range pushQueries(&p.pushStmts, prepared.tallies) {
		bound[i] = txStmt{tx: tx, prepared: *from[i].dst}
		*st.dst = &bound[i]
	}
	return p
}

func (p *preparedPush) close() {
	for _, st := range pushQueries(&p.pushStmts, p.tallies) {
		if *st.dst != nil { // prepared before one failed
			(*st.dst).Close()
		}
	}
}

// pushOne applies one record. A domain error becomes a rejection;
// anything else aborts the batch. Every check that can refuse a record
// reads only and comes before the record's first write (apply), so a
// refused record leaves nothing behind and needs no savepoint of its own
// (one a record was a tenth of a push's CPU).
func (p *pushTx) pushOne(ctx context.Context, r *mingbai.Record, pre preparedRecord) (PushResult, error) {
	res, err := p.apply(ctx, r, pre)
	var domain *mingbai.Error
	if errors.As(err, &domain) {
		return PushResult{ID: r.ID, Status: Rejected, Err: err}, nil
	}
	return res, err
}

func (p *pushTx) apply(ctx context.Context, r *mingbai.Record, pre preparedRecord) (PushResult, error) {
	hash := pre.hash
	stored, found, err := p.lookupStored(ctx, r)
	switch {
	case err != nil:
		return PushResult{}, err
	case found && stored.owner != p.author.ID:
		return PushResult{}, mingbai.Errorf(mingbai.EFORBIDDEN, "error.record_not_yours", "record %s belongs to another resident", r.ID)
	case found && stored.hash == hash:
		return PushResult{ID: r.ID, Status: Duplicate, Seq: stored.seq}, nil
	case found:
		_, err := p.conflict.ExecContext(ctx, r.ID, p.author.ID, nullString(p.deviceID), string(r.Kind), r.Date,
			string(r.Fields), hash, p.now, r.ID, maxConflicts)
		return PushResult{ID: r.ID, Status: Conflict, Seq: stored.seq}, err
	}
	if err := p.checkLinks(ctx, r); err != nil {
		return PushResult{}, err
	}
	if err := p.checkReferences(ctx, r, pre.values); err != nil {
		return PushResult{}, err
	}
	village, err := p.village(ctx, r)
	if err != nil {
		return PushResult{}, err
	}
	// The checks are done: from here on, only writes (see pushOne).
	seq, err := p.nextSeq(ctx)
	if err != nil {
		return PushResult{}, err
	}
	p.ids.applied[r.ID] = true
	p.pending.add(r.Kind, r.ID, r.ID, string(r.Kind), p.author.ID, nullString(p.deviceID), nullString(village),
		r.Date, nullString(r.Supersedes), nullString(r.RefersTo), r.ClientCreatedAt, string(r.Fields), hash, p.now, seq)
	if p.tallyWrite != nil {
		role, err := p.roleOf(ctx, p.author.ID)
		if err != nil {
			return PushResult{}, err
		}
		spec, _ := mingbai.SpecOf(r.Kind) // checked with the envelope
		p.pending.tallies.add(spec, r, pre.values, village, p.author.ID, role)
	}
	if r.Supersedes != "" {
		// The old version stops counting; it keeps its seq, since nothing
		// a phone shows of it changed (the phone learns of the correction
		// from the correction itself).
		if _, err := p.supersede.ExecContext(ctx, r.Supersedes); err != nil {
			return PushResult{}, err
		}
	}
	return PushResult{ID: r.ID, Status: Applied, Seq: seq}, nil
}

// village is where r is booked: a resident's record to the resident's
// village, whatever it says; the office's to the village it names, or ""
// for the township's own. EINVALID: a village unknown or deactivated.
func (p *pushTx) village(ctx context.Context, r *mingbai.Record) (string, error) {
	if p.author.Role != mingbai.Office {
		return p.author.VillageID, nil
	}
	if r.VillageID == "" {
		return "", nil
	}
	var active bool
	err := p.villageActive.QueryRowContext(ctx, r.VillageID).Scan(&active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
		return "", mingbai.Errorf(mingbai.EINVALID, "error.village_unknown", "village %q", r.VillageID)
	}
	return r.VillageID, err
}

// nextSeq takes the next value of the change counter: read once a
// transaction, counted here, written back by saveSeq before the commit (an
// UPDATE a record was a tenth of the writer's time). Only the writer
// writes it, in this transaction, so a reader still never sees a seq
// before the changes below it; a push rolled back leaves a gap, which
// paging by "seq > cursor" does not mind.
func (p *pushTx) nextSeq(ctx context.Context) (int64, error) {
	if !p.seqTaken {
		if err := p.seqRead.QueryRowContext(ctx).Scan(&p.seqAt); err != nil {
			return 0, fmt.Errorf("read change seq: %w", err)
		}
		p.seqTaken = true
	}
	p.seqAt++
	return p.seqAt, nil
}

// saveSeq writes the change counter back, when the transaction took from it.
func (p *pushTx) saveSeq(ctx context.Context) error {
	if !p.seqTaken {
		return nil
	}
	if _, err := p.seq.ExecContext(ctx, p.seqAt); err != nil {
		return fmt.Errorf("save change seq: %w", err)
	}
	return nil
}

// preparedRecord is what a push works out of a record before it waits
// for the writer, so the writer does not: its content hash, and its
// fields by name.
type preparedRecord struct {
	hash   string
	values mingbai.FieldValues
}

func prepareRecord(it PushItem, now time.Time) (preparedRecord, error) {
	pre := preparedRecord{hash: it.Record.ContentHash(), values: it.Values}
	if pre.values == nil {
		var err error
		if pre.values, _, err = mingbai.DecodeFields(it.Record.Kind, it.Record.Fields, now); err != nil {
			return pre, fmt.Errorf("read checked fields of %s: %w", it.Record.ID, err)
		}
	}
	return pre, nil
}

// checkLinks checks the records r names: a correction supersedes one of
// the author's own records of the same kind; a follow-up or a survey
// refers to a record of the author's or of the author's village, of the
// kind (and state) its specification asks for.
func (p *pushTx) checkLinks(ctx context.Context, r *mingbai.Record) error {
	spec, err := mingbai.SpecOf(r.Kind)
	if err != nil {
		return err
	}
	for _, link := range []struct {
		id         string
		supersedes bool
	}{{r.Supersedes, true}, {r.RefersTo, false}} {
		if link.id == "" {
			continue
		}
		if err := p.flushIf(ctx, p.pending.ids[link.id]); err != nil {
			return err
		}
		var owner, village, kind, state string
		err := p.linked.QueryRowContext(ctx, link.id).Scan(&owner, &village, &kind, &state)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return mingbai.Errorf(mingbai.EINVALID, "error.record_link_unknown", "%s names unknown %s", r.ID, link.id)
		case err != nil:
			return err
		case link.supersedes && owner != p.author.ID:
			return mingbai.Errorf(mingbai.EFORBIDDEN, "error.record_not_yours", "supersedes %s of another resident", link.id)
		case link.supersedes && kind != string(r.Kind):
			return mingbai.Errorf(mingbai.EINVALID, "error.record_link_kind", "a %s superseding a %s", r.Kind, kind)
		case !link.supersedes && owner != p.author.ID && village != p.author.VillageID && p.author.Role != mingbai.Office:
			return mingbai.Errorf(mingbai.EFORBIDDEN, "error.record_not_yours", "refers to %s of another village", link.id)
		case !link.supersedes && !spec.About(&mingbai.Record{Kind: mingbai.RecordKind(kind), State: mingbai.RecordState(state)}):
			return mingbai.Errorf(mingbai.EINVALID, "error.record_about", "a %s about a %s %s", r.Kind, state, kind).
				With("Kind", mingbai.Message("record_kind."+string(r.Kind)))
		}
	}
	return nil
}

// checkReferences checks what a record's fields name in the database, as
// their types say: a topic, a training session, leaflets; and a field the
// kind takes once per resident (an attendance's session), unless the
// record corrects the one that gave it.
func (p *pushTx) checkReferences(ctx context.Context, r *mingbai.Record, values mingbai.FieldValues) error {
	spec, err := mingbai.SpecOf(r.Kind)
	if err != nil {
		return err
	}
	count := func(st *txStmt, args ...any) (int, error) {
		var n int
		err := st.QueryRowContext(ctx, args...).Scan(&n)
		return n, err
	}
	// exists counts what a field names once a transaction: what is found
	// is remembered (known); what is not is a rejection, asked again.
	exists := func(what string, st *txStmt, id string) (int, error) {
		if p.known[what+":"+id] {
			return 1, nil
		}
		n, err := count(st, id)
		if n > 0 {
			p.known[what+":"+id] = true
		}
		return n, err
	}
	for _, f := range spec.Fields {
		var ids []string
		switch v := values[f.Name].(type) {
		case string:
			if v != "" { // an optional field left empty names nothing
				ids = []string{v}
			}
		case []string:
			ids = v
		}
		if len(ids) == 0 {
			continue // empty, or a number: nothing to look up
		}
		for _, id := range ids {
			switch f.Type {
			case mingbai.TypeTopic, mingbai.TypeTopics:
				if n, err := exists("topic", p.topicExists, id); err != nil || n == 0 {
					return orError(err, mingbai.Errorf(mingbai.EINVALID, "error.topic_unknown", "topic %q", id))
				}
			case mingbai.TypeCampaign:
				var n int
				if err := p.tx.QueryRowContext(ctx, `SELECT count(*) FROM campaigns WHERE slug = ?`, id).Scan(&n); err != nil || n == 0 {
					return orError(err, mingbai.Errorf(mingbai.EINVALID, "error.campaign_unknown", "campaign %q", id))
				}
			case mingbai.TypeSession:
				if err := p.checkAttended(ctx, r, values, id); err != nil {
					return err
				}
			case mingbai.TypeMaterials:
				if n, err := exists("material", p.materialSlug, id); err != nil || n == 0 {
					return orError(err, mingbai.Errorf(mingbai.EINVALID, "error.material_not_found", "material %q", id))
				}
			}
		}
		if f.Name == spec.OncePer && r.Supersedes == "" {
			if err := p.flushIf(ctx, p.pending.kinds[r.Kind]); err != nil {
				return err
			}
			if n, err := count(p.attended, p.author.ID, ids[0]); err != nil || n > 0 {
				return orError(err, mingbai.Errorf(mingbai.ECONFLICT, "error.attendance_twice", "%s %s again", f.Name, ids[0]))
			}
		}
	}
	return nil
}

// checkAttended checks an attendance against the session it names: the
// session exists, the record is dated on its day, and the hours are at
// most the session's.
func (p *pushTx) checkAttended(ctx context.Context, r *mingbai.Record, values mingbai.FieldValues, sessionID string) error {
	var hours float64
	var heldOn string
	err := p.sessionExists.QueryRowContext(ctx, sessionID).Scan(&hours, &heldOn)
	if errors.Is(err, sql.ErrNoRows) {
		return mingbai.Errorf(mingbai.EINVALID, "error.training_not_found", "session %q", sessionID)
	}
	if err != nil {
		return err
	}
	if r.Date != heldOn {
		return mingbai.Errorf(mingbai.EINVALID, "error.attendance_day", "attendance on %s of a session on %s", r.Date, heldOn).
			With("Day", heldOn)
	}
	attended, _ := values["hours"].(float64)
	if attended > hours {
		return mingbai.Errorf(mingbai.EINVALID, "error.attendance_hours", "%v hours of a %v-hour session", attended, hours).
			With("Max", hours)
	}
	return nil
}

// orError returns err when there is one, and otherwise the domain error.
func orError(err error, domain *mingbai.Error) error {
	if err != nil {
		return err
	}
	return domain
}
