// Package store is the only package that speaks SQL. It keeps Mingbai's data
// in one SQLite file (modernc.org/sqlite, no cgo) through two pools: a single
// writer connection, so writes queue in Go rather than fail on a lock, and a
// small read-only pool, which WAL lets read while the writer writes.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"mingbai/server/mingbai"
)

// Store is the database. Its methods own their transactions.
type Store struct {
	w, r  *sql.DB
	clock mingbai.Clock
	// gen mirrors the change counter after every committed write. Pages and
	// API reads build their ETags from it without a query; only this
	// process writes the database, so the mirror is exact.
	gen atomic.Int64
	// shown mirrors the reading counter: the last change readers can see
	// (markShown), which public pages' ETags and cache follow.
	shown atomic.Int64
	// pushJobs takes pushes to the push writer (push_writer.go), which
	// writerQuit stops and writerDone says has stopped.
	pushJobs               chan *pushJob
	writerQuit, writerDone chan struct{}
	// recent is the sizes of the writer's last groups, and groupLinger the
	// longest it waits for the next to be as large (push_linger.go).
	recent      recentGroups
	groupLinger time.Duration
	// beforeGroup, nil but in a test, runs before the writer writes a group.
	beforeGroup func()
	closeWriter sync.Once
	// tallies is set once the database's figure tallies are this
	// binary's (ensureTallies): a push then adds its records to them. A
	// store opened at an older version, for a migration's test, has none.
	tallies bool
	// pushPrepared holds a push's statements, prepared once (pushStatements).
	pushMu       sync.Mutex
	pushPrepared *preparedPush
	// byToken is the device lookup every sync request makes, prepared
	// once (deviceByTokenStmt).
	stmtMu  sync.Mutex
	byToken *sql.Stmt
	// tokens keeps the devices DeviceByToken found (token_cache.go).
	tokens tokenCache
	// life names this life of the database (Life).
	life string
	// betweenPullReads, nil but in a test, runs between a pull's two reads,
	// for the test to write there.
	betweenPullReads func()
}

// readers is the size of the read pool: enough for two cores to stay busy
// while a request waits on I/O.
const readers = 4

// Open opens (creating if needed) the database at path, applies pending
// migrations, and returns the store. It fails if the file cannot be opened
// or a migration fails; a failed migration leaves the database as it was.
func Open(ctx context.Context, path string, clock mingbai.Clock) (*Store, error) {
	return openVersion(ctx, path, clock, 0)
}

// openVersion is Open migrating only up to version (every migration when
// 0), so a test can hold a database as an earlier release left it.
func openVersion(ctx context.Context, path string, clock mingbai.Clock, version int) (*Store, error) {
	// busy_timeout comes first so the pragmas after it wait out a lock
	// instead of failing. synchronous(FULL) on the writer: an acknowledged
	// sync must survive a power cut. temp_store(MEMORY): a group of pushes
	// writes each push in a savepoint, whose sub-journal would otherwise be
	// a temporary file written page by page (a third of a push's time);
	// the journal that makes a commit durable is the WAL, which this does
	// not touch.
	w, err := sql.Open("sqlite", dsn(path,
		busyTimeoutPragma, "journal_mode(WAL)", "foreign_keys(ON)", "synchronous(FULL)", "temp_store(MEMORY)")+
		"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open writer %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := openFirst(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("open writer %s: %w", path, err)
	}
	s := &Store{w: w, clock: clock}
	if err := s.migrate(ctx, version); err != nil {
		w.Close()
		return nil, err
	}
	if version == 0 {
		if err := s.ensureTallies(ctx); err != nil {
			w.Close()
			return nil, err
		}
		s.tallies = true
		if err := s.loadLife(ctx); err != nil {
			w.Close()
			return nil, err
		}
	}
	// Readers keep a larger page cache, for the figures. They do not map
	// the file into memory: the file grows with every checkpoint under
	// pushes, and each read after that unmapped and mapped it again (a
	// sixth of a one-record push's CPU), while the figures, which read
	// tallies, ran no faster mapped (BenchmarkFigures).
	r, err := sql.Open("sqlite", dsn(path, busyTimeoutPragma, "foreign_keys(ON)", "query_only(1)", "cache_size(-16000)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open readers %s: %w", path, err)
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	s.r = r
	if err := s.loadGeneration(ctx); err != nil {
		s.Close()
		return nil, err
	}
	s.startPushWriter()
	return s, nil
}

// busyTimeout is how long a connection waits for another's lock (another
// process's: "mingbai user add" beside a server) before it fails.
const busyTimeout = 10 * time.Second

var busyTimeoutPragma = fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds())

// openFirst opens the writer's connection. Its pragmas turn a new
// database to WAL, which needs the file to itself for a moment, and a
// second process opening the same new file in that moment is told
// "database is locked" at once, without waiting out busy_timeout
// (TestTwoProcessesMigrateOnce failed so, now and then, on a loaded
// machine): the open is tried again, for as long as the timeout would
// have waited.
func openFirst(ctx context.Context, w *sql.DB) error {
	deadline := time.Now().Add(busyTimeout)
	for {
		err := w.PingContext(ctx)
		if err == nil || sqliteResult(err) != sqliteBusy || time.Now().After(deadline) {
			return err
		}
		select {
		case <-time.After(10 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// dsn is a connection string for path with pragmas.
func dsn(path string, pragmas ...string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	return "file:" + path + "?" + q.Encode()
}

// Close closes both pools.
func (s *Store) Close() error {
	var err error
	s.closeWriter.Do(s.stopPushWriter)
	if s.pushPrepared != nil {
		s.pushPrepared.close()
	}
	if s.byToken != nil {
		s.byToken.Close()
	}
	if s.r != nil {
		err = s.r.Close()
	}
	if e := s.w.Close(); e != nil && err == nil {
		err = e
	}
	return err
}

// Generation returns the change counter as of the last committed write:
// every change moves it, a pushed record as much as a new leaflet.
func (s *Store) Generation() int64 { return s.gen.Load() }

// ReadingGeneration returns the change number of the last committed change
// a reader can see: a published leaflet (or one just withdrawn), its
// media, a topic. Public pages and their ETags follow it, so a phone's
// copy of a leaflet stays valid while residents push records.
func (s *Store) ReadingGeneration() int64 { return s.shown.Load() }

func (s *Store) loadGeneration(ctx context.Context) error {
	for name, mirror := range map[string]*atomic.Int64{"change": &s.gen, "reading": &s.shown} {
		var v int64
		// (A store opened at an older migration, as tests of migrations
		// do, has no reading counter yet: 0.)
		if err := s.r.QueryRowContext(ctx, `SELECT COALESCE((SELECT value FROM counters WHERE name = ?), 0)`, name).Scan(&v); err != nil {
			return fmt.Errorf("read %s counter: %w", name, err)
		}
		mirror.Store(v)
	}
	return nil
}

// Ping checks that both pools can reach the database.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.r.PingContext(ctx); err != nil {
		return fmt.Errorf("ping readers: %w", err)
	}
	if err := s.w.PingContext(ctx); err != nil {
		return fmt.Errorf("ping writer: %w", err)
	}
	return nil
}
