package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"mingbai/server/mingbai"
)

// Pushes are written by one goroutine, the push writer, which takes them
// in the order they arrive (a channel's waiting senders are served first
// come, first served; database/sql hands a freed connection to any of its
// waiters, so one phone's batch could wait behind many later ones) and
// commits together those that came while it was committing the last, and
// those it expects a moment later (push_linger.go): one transaction, one
// durable commit (synchronous=FULL) for all. The commit's fsync is most of
// a small push's time, so eight phones pushing a record each pay for one,
// not eight.
// Every push is still answered only after the commit that holds it.

// maxGroupRecords is how many records, at most, one commit takes from the
// pushes waiting (a push larger alone goes alone): enough that the fsync
// is a small share, few enough that the first in a group waits little.
const maxGroupRecords = 500

// pushJob is one push waiting for the writer, and what became of it.
type pushJob struct {
	ctx      context.Context
	author   *mingbai.User
	deviceID string
	items    []PushItem
	prepared []preparedRecord // by item, worked out before the job waits
	all      bool

	results []PushResult
	stored  bool
	err     error
	done    chan struct{}
}

// errStoreClosed answers a push that comes after Close.
var errStoreClosed = errors.New("store closed")

// startPushWriter starts the push writer; Close stops it.
func (s *Store) startPushWriter() {
	s.pushJobs = make(chan *pushJob)
	s.groupLinger = groupLinger
	s.writerQuit = make(chan struct{})
	s.writerDone = make(chan struct{})
	go s.pushWriter()
}

func (s *Store) stopPushWriter() {
	if s.writerQuit == nil {
		return
	}
	close(s.writerQuit)
	<-s.writerDone
}

func (s *Store) pushWriter() {
	defer close(s.writerDone)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		var first *pushJob
		select {
		case first = <-s.pushJobs:
		case <-s.writerQuit:
			return
		}
		group, records := []*pushJob{first}, len(first.items)
	more:
		for records < maxGroupRecords {
			select {
			case j := <-s.pushJobs:
				group, records = append(group, j), records+len(j.items)
			default:
				break more
			}
		}
		group, records = s.linger(group, records, timer)
		s.recent.add(len(group))
		if s.beforeGroup != nil {
			s.beforeGroup()
		}
		s.writeGroup(group)
	}
}

// push hands a push to the writer and waits for its answer. A phone that
// gives up while waiting leaves at once; its push is not written unless
// the writer had already taken it (then the phone, sending it again, is
// told its records are duplicates).
func (s *Store) push(ctx context.Context, author *mingbai.User, deviceID string, items []PushItem, all bool) ([]PushResult, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	j := &pushJob{ctx: ctx, author: author, deviceID: deviceID, items: items, all: all, done: make(chan struct{}),
		prepared: make([]preparedRecord, len(items))}
	for i, it := range items {
		if it.Err == nil {
			var err error
			if j.prepared[i], err = prepareRecord(it, s.clock.Now()); err != nil {
				return nil, false, err
			}
		}
	}
	select {
	case s.pushJobs <- j:
	case <-ctx.Done():
		return nil, false, ctx.Err()
	case <-s.writerQuit:
		return nil, false, errStoreClosed
	}
	select {
	case <-j.done:
		return j.results, j.stored, storageFull(j.err)
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
}

// writeGroup writes a group of pushes in one transaction and answers each.
// A push that meets a fault of the database is answered with it and the
// others are written again without it, so one phone's trouble is not the
// others'; a fault of the commit itself is every push's.
func (s *Store) writeGroup(group []*pushJob) {
	var live []*pushJob
	for _, j := range group {
		if err := j.ctx.Err(); err != nil { // its phone gave up while it waited
			j.err = err
			close(j.done)
			continue
		}
		live = append(live, j)
	}
	flushEach := false
	for len(live) > 0 {
		bad, err := s.groupTxRecovered(live, flushEach)
		if bad < 0 && errors.Is(err, errGroupInsert) && !flushEach {
			flushEach = true // to find the push it was
			continue
		}
		if bad < 0 {
			for _, j := range live {
				if err != nil {
					j.results, j.stored, j.err = nil, false, err
				}
				close(j.done)
			}
			return
		}
		live[bad].results, live[bad].stored, live[bad].err = nil, false, err
		close(live[bad].done)
		live = append(live[:bad], live[bad+1:]...)
	}
}

// groupTxRecovered is groupTx, with a panic (a bug) turned into every
// push's error: the writer, unlike a request, has no Echo to recover it,
// and one bad record must not stop the server.
func (s *Store) groupTxRecovered(group []*pushJob, flushEach bool) (bad int, err error) {
	defer func() {
		if r := recover(); r != nil {
			bad, err = -1, fmt.Errorf("push writer: %v\n%s", r, debug.Stack())
		}
	}()
	return s.groupTx(group, flushEach)
}

// errGroupInsert marks a fault in inserting records of a group's pushes
// together (flush): the group is written again, each push's records
// inserted at its end, to tell which push met it.
var errGroupInsert = errors.New("insert the group's records")

// groupTx writes group in one transaction. It returns the index of a push
// that met a fault (everything rolled back), or -1 with the commit's error.
func (s *Store) groupTx(group []*pushJob, flushEach bool) (bad int, err error) {
	// The transaction is the group's: no one phone's hanging up stops it.
	ctx := context.Background()
	prepared, err := s.pushStatements(ctx)
	if err != nil {
		return -1, fmt.Errorf("push: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return -1, fmt.Errorf("push: %w", err)
	}
	defer tx.Rollback()
	p := preparePush(tx, prepared)
	// An audit line taken in a transaction that then rolls back is to be
	// written again when the group is.
	audits := make([]*pendingAudit, len(group))
	wasTaken := make([]bool, len(group))
	for i, j := range group {
		if a, ok := j.ctx.Value(auditKey{}).(*pendingAudit); ok {
			audits[i], wasTaken[i] = a, a.taken
		}
	}
	untake := func() {
		for i, a := range audits {
			if a != nil {
				a.taken = wasTaken[i]
			}
		}
	}
	p.now, p.flushEach = formatTime(s.clock.Now()), flushEach
	var lastSeq int64
	for i, j := range group {
		seq, err := s.pushJobTx(p, j)
		if err != nil {
			untake()
			if errors.Is(err, errGroupInsert) {
				return -1, err
			}
			return i, err
		}
		lastSeq = max(lastSeq, seq)
	}
	if err := p.flush(ctx); err != nil {
		untake()
		return -1, fmt.Errorf("push: %w", err)
	}
	if err := p.saveSeq(ctx); err != nil {
		untake()
		return -1, err
	}
	if err := s.commit(tx, lastSeq); err != nil {
		untake()
		return -1, fmt.Errorf("push: %w", err)
	}
	return -1, nil
}

// pushJobTx writes one push of a group, with its audit line; a PushAll
// is written in a savepoint of its own, and rolled back to it alone when
// not wholly stored. Any other push needs none: a fault in one rolls back
// the group, which is written again without it (writeGroup). The
// new records of the group's pushes are inserted together at the group's
// end (one INSERT for the records of eight phones' pushes of one), those
// of a PushAll at its own end, so that a rollback takes only them.
func (s *Store) pushJobTx(p *pushTx, j *pushJob) (lastSeq int64, err error) {
	ctx := context.WithoutCancel(j.ctx) // its values (the audit line), not its end
	p.author, p.deviceID = j.author, j.deviceID
	if j.all { // the group's records before it are not its own
		if err := p.flush(ctx); err != nil {
			return 0, fmt.Errorf("push: %w", err)
		}
	}
	if j.all { // only a PushAll is ever rolled back alone (a fault rolls back the group)
		if _, err := p.tx.ExecContext(ctx, `SAVEPOINT push`); err != nil {
			return 0, err
		}
	}
	audit, _ := ctx.Value(auditKey{}).(*pendingAudit)
	takenBefore := audit != nil && audit.taken
	if err := s.auditFirst(ctx, p.tx); err != nil {
		return 0, fmt.Errorf("push: %w", err)
	}
	if err := p.beginBatch(ctx, j.items); err != nil {
		return 0, fmt.Errorf("push: %w", err)
	}
	results := make([]PushResult, len(j.items))
	stored := true
	for i, it := range j.items {
		if it.Err != nil {
			results[i] = PushResult{Status: Rejected, Err: it.Err}
			if it.Record != nil {
				results[i].ID = it.Record.ID
			}
		} else {
			r, err := p.pushOne(ctx, it.Record, j.prepared[i])
			if err != nil {
				return 0, fmt.Errorf("push record %s: %w", it.Record.ID, err)
			}
			results[i] = r
			lastSeq = max(lastSeq, r.Seq)
		}
		if results[i].Status != Applied && results[i].Status != Duplicate {
			stored = false
		}
	}
	if j.all && !stored {
		// Nothing of it stays; the results say what each would have been.
		p.pending.drop()
		if _, err := p.tx.ExecContext(ctx, `ROLLBACK TO push`); err != nil {
			return 0, err
		}
		if audit != nil {
			audit.taken = takenBefore // a line written here went with the rollback
		}
		lastSeq = 0
	} else if err := p.flushIf(ctx, j.all || p.flushEach); err != nil {
		return 0, fmt.Errorf("push: %w", err)
	} else if err := s.auditPush(ctx, p.tx, results); err != nil {
		return 0, fmt.Errorf("push: %w", err)
	}
	if j.all {
		if _, err := p.tx.ExecContext(ctx, `RELEASE push`); err != nil {
			return 0, err
		}
	}
	j.results, j.stored = results, !j.all || stored
	return lastSeq, nil
}

// auditPush writes the line of an audited push (an office's record or
// ledger) with what it came to; a push that stored nothing, new or old,
// writes none.
func (s *Store) auditPush(ctx context.Context, tx *sql.Tx, results []PushResult) error {
	stored, already := 0, 0
	for _, r := range results {
		switch r.Status {
		case Applied:
			stored++
		case Duplicate:
			already++
		}
	}
	return s.auditOutcome(ctx, tx, stored+already > 0, fmt.Sprintf("stored=%d already=%d", stored, already))
}
