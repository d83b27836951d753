package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"mingbai/data"
	"mingbai/locales"
	"mingbai/pwa"
	"mingbai/server/locale"
	"mingbai/server/markdown"
	"mingbai/server/media"
	"mingbai/server/mingbai"
	"mingbai/server/seed"
	"mingbai/server/store"
	"mingbai/server/web"
)

// run starts Mingbai and serves until ctx ends. args are the command line
// (args[0] is the program), getenv reads the environment; nothing else
// reaches in from outside, so tests can run it side by side.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return runOn(ctx, mingbai.SystemClock{}, args, getenv, stdout, stderr)
}

// runOn is run on clock, the one source of "now" of the store and every
// handler; tests pass a clock standing at the instant they test.
func runOn(ctx context.Context, clock mingbai.Clock, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 1 {
		if cmd, ok := commandNamed(args[1]); ok {
			return cmd.run(ctx, clock, args[2:], getenv, stdout, stderr)
		}
	}
	cfg, err := parseConfig(args[1:], getenv, stderr)
	if err != nil {
		return err
	}
	logger, err := newLogger(cfg.logLevel, stderr)
	if err != nil {
		return err
	}
	if cfg.cpuProfile != "" {
		stop, err := startCPUProfile(cfg.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	// Messages and sample content are checked before anything is written,
	// so a broken file stops the start without touching the database.
	bundle, err := locale.Load(locales.FS)
	if err != nil {
		return err
	}
	sample, err := seed.Load(data.FS, markdown.New())
	if err != nil {
		return fmt.Errorf("sample content: %w", err)
	}
	// The addresses are taken before the database is touched, so a busy
	// port stops the start with nothing written.
	secure, err := newTLS(cfg)
	if err != nil {
		return err
	}
	listeners, err := listen(cfg, secure)
	if err != nil {
		return err
	}
	defer listeners.close()
	if err := os.MkdirAll(cfg.dataDir, 0o750); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	release, err := lockDataDir(cfg.dataDir)
	if err != nil {
		return err
	}
	defer release()
	dbPath := filepath.Join(cfg.dataDir, "mingbai.db")
	st, err := store.Open(ctx, dbPath, clock)
	if err != nil {
		return err
	}
	stopReplica := func() {}
	if cfg.replica != "" {
		if stopReplica, err = startReplica(ctx, dbPath, cfg.replica, logger); err != nil {
			st.Close()
			return err
		}
	}
	// The replica stops last: it sends the database's last changes once
	// the server has closed it.
	defer func() {
		st.Close()
		stopReplica()
	}()
	if loaded, err := st.LoadSample(ctx, sample.Topics, sample.Materials); err != nil {
		return err
	} else if loaded {
		logger.Info("loaded sample content", "topics", len(sample.Topics), "materials", len(sample.Materials))
	}
	if err := firstOfficeAccount(ctx, st, logger); err != nil {
		return err
	}
	files, err := media.Open(filepath.Join(cfg.dataDir, "media"))
	if err != nil {
		return err
	}
	tally := store.NewTally(st)
	handler, err := web.New(web.Deps{
		Config: web.Config{DefaultLang: cfg.defaultLang, BaseURL: cfg.baseURL, TibetanFont: cfg.tibetanFont,
			TrustedProxies: cfg.trustedProxies, ServesTLS: secure != nil},
		Clock: clock, Store: st, Media: files, Locale: bundle, Logger: logger, PWA: pwa.FS, Tally: tally,
	})
	if err != nil {
		return err
	}
	if cfg.tibetanFont == "" {
		logger.Warn("no Tibetan font file found; readers rely on their phone's fonts (install fonts-noto-core or set -tibetan-font)")
	}
	// Reach counts are written every minute, and once more after the last
	// request has been answered, before the store closes.
	tallyCtx, stopTally := context.WithCancel(context.Background())
	tallyDone := make(chan struct{})
	go func() {
		defer close(tallyDone)
		tally.Run(tallyCtx, tallyEvery, logger)
	}()
	err = serve(ctx, listeners, bodyDeadline(handler, cfg.bodyStall), logger)
	stopTally()
	<-tallyDone
	return err
}

// tallyEvery is how often reach counts go to the database: at most a
// minute's counts are lost if the machine loses power.
const tallyEvery = time.Minute

// listeners are the server's sockets: the main one (TLS when secure is
// set) and, with HTTPS, the plain-HTTP one that redirects.
type listeners struct {
	main, redirect net.Listener
	scheme         string
	redirectTo     http.Handler
}

// listen takes the configured addresses.
func listen(cfg config, secure *tlsSetup) (*listeners, error) {
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, fmt.Errorf("listen on -addr %s: %w", cfg.addr, err)
	}
	l := &listeners{main: ln, scheme: "http"}
	if secure == nil {
		return l, nil
	}
	l.main, l.scheme = tls.NewListener(ln, secure.config), "https"
	if secure.redirect != nil && cfg.httpAddr != "" {
		if l.redirect, err = net.Listen("tcp", cfg.httpAddr); err != nil {
			ln.Close()
			return nil, fmt.Errorf("listen on -http-addr %s: %w", cfg.httpAddr, err)
		}
		l.redirectTo = secure.redirect
	}
	return l, nil
}

func (l *listeners) close() {
	l.main.Close()
	if l.redirect != nil {
		l.redirect.Close()
	}
}

// serve serves on the listeners until ctx ends, then drains requests.
func serve(ctx context.Context, l *listeners, h http.Handler, logger *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		// No ReadTimeout: a body's deadline moves on while it arrives
		// (bodyDeadline), so a slow phone's batch completes.
		// Slow 2G phones download audio for minutes; the limit guards
		// against a stuck client, not a slow one.
		WriteTimeout: 10 * time.Minute,
		IdleTimeout:  2 * time.Minute,
		ErrorLog:     slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	logger.Info("listening", "addr", l.scheme+"://"+l.main.Addr().String())
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(l.main) }()
	var redirect *http.Server
	if l.redirect != nil {
		redirect = &http.Server{Handler: l.redirectTo, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: time.Minute,
			IdleTimeout: time.Minute, ErrorLog: srv.ErrorLog}
		logger.Info("redirecting to HTTPS", "addr", "http://"+l.redirect.Addr().String())
		go func() { errc <- redirect.Serve(l.redirect) }()
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if redirect != nil {
		redirect.Shutdown(shutdownCtx)
	}
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("-log-level: %w", err)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}
