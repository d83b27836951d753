// Package web is the only package that imports Echo. It serves the public
// reading path (server-rendered pages that work without JavaScript), the
// read API, the PWA's assets and service worker, and QR codes. routes.go is
// the one place that lists every route.
package web

import (
	"fmt"
	"hash/maphash"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"mingbai/server/auth"
	"mingbai/server/locale"
	"mingbai/server/markdown"
	"mingbai/server/media"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// Config is what the operator sets.
type Config struct {
	// DefaultLang is the interface language when neither the URL, a cookie
	// nor Accept-Language decides.
	DefaultLang mingbai.Lang
	// BaseURL, when set, is the public address QR codes point to
	// ("https://pufa.example.cn"); when empty, the request's own host is used.
	BaseURL string
	// TibetanFont is the path of a Tibetan font file to serve; empty when
	// none was found, and readers then rely on their phone's own fonts.
	TibetanFont string
	// TrustedProxies are the reverse proxies in front of the server: only
	// from them are X-Forwarded-For and X-Forwarded-Proto believed.
	TrustedProxies []*net.IPNet
	// ServesTLS is true when this server itself answers over HTTPS.
	ServesTLS bool
}

// https is whether the site is reached over HTTPS: served so here, or
// named so by its public address behind a proxy.
func (c Config) https() bool { return c.ServesTLS || strings.HasPrefix(c.BaseURL, "https://") }

// Deps is everything the handler needs. Nothing is global, so tests can
// run several servers side by side.
type Deps struct {
	Config Config
	Store  *store.Store
	Media  *media.Dir // uploaded audio, PDFs and images, by content hash
	Locale *locale.Bundle
	Logger *slog.Logger
	PWA    fs.FS // pwa/: styles, scripts, service worker, icons
	// Clock is the one source of "now" for every handler: today in the
	// township, date limits, login windows. Nil means the system clock.
	Clock mingbai.Clock
	// Tally counts leaflet opens, village scans and "this helped" marks in
	// memory; whoever builds the handler runs its flushing (Tally.Run) and
	// ends it after the HTTP server has drained.
	Tally *store.Tally
}

// Login limits (login_limits.go), in fifteen minutes: five wrong
// passwords for an account from one address, or from a browser the
// account signed in on before; from browsers it never signed in on,
// twenty for the account from anywhere, and fifty from one address.
const (
	maxLoginFailures           = 5
	maxLoginFailuresPerAccount = 20
	maxLoginFailuresPerAddr    = 50
	loginWindow                = 15 * time.Minute
	// readerWindow is how long a reader's "this helped" on a leaflet, or
	// request for a topic, counts once.
	readerWindow = time.Hour
	// maxReadsPerAddr is how many leaflet opens and QR scans one address
	// counts in an hour: a village behind one address reads more than a
	// person does, but a script reloading a page counts no further.
	maxReadsPerAddr = 100
	// csrfKey is where the CSRF middleware leaves the form token.
	csrfKey = "csrf"
)

// server holds the dependencies of every handler; handlers are its methods.
type server struct {
	cfg    Config
	clock  mingbai.Clock
	store  *store.Store
	media  *media.Dir
	md     *markdown.Renderer
	locale *locale.Bundle
	log    *slog.Logger
	pages  *pages
	assets *assets
	cache  *pageCache
	etags  etagCache
	logins *auth.Limiter // failed logins per account name, from unknown browsers
	addrs  *auth.Limiter // failed logins per address, from unknown browsers
	pairs  *auth.Limiter // failed logins per account and address, or per account's known browsers
	csrf   echo.MiddlewareFunc
	tally  *store.Tally
	// helpedOnce and askOnce let a reader mark a leaflet as helpful, or ask
	// for a topic, once an hour; readerSeed hashes their address for it.
	helpedOnce, askOnce *auth.Limiter
	// readsBy bounds the leaflet opens and QR scans counted from one
	// address in an hour.
	readsBy     *auth.Limiter
	readerSeed  maphash.Seed
	openAPIBody *renderedPage // the API's description, with the kinds' fields
	// notices carry a message, or a one-time password, from a form's POST
	// to the page it redirects to.
	notices *notices
	e       *echo.Echo
}

// New builds the HTTP handler. It parses templates and loads assets once,
// failing fast when one is broken.
func New(d Deps) (http.Handler, error) {
	s, err := newServer(d)
	if err != nil {
		return nil, err
	}
	return s.e, nil
}

func newServer(d Deps) (*server, error) {
	if d.Store == nil || d.Media == nil || d.Locale == nil || d.Logger == nil || d.PWA == nil || d.Tally == nil {
		return nil, fmt.Errorf("web.New: missing dependency")
	}
	as, err := loadAssets(d.PWA, d.Config.TibetanFont, d.Locale.LangName(mingbai.Tibetan), d.Locale.Fingerprint())
	if err != nil {
		return nil, fmt.Errorf("web.New: %w", err)
	}
	ps, err := parsePages(d.Locale, as)
	if err != nil {
		return nil, fmt.Errorf("web.New: %w", err)
	}
	api, err := openAPIDocument()
	if err != nil {
		return nil, fmt.Errorf("web.New: %w", err)
	}
	clock := d.Clock
	if clock == nil {
		clock = mingbai.SystemClock{}
	}
	s := &server{cfg: d.Config, clock: clock, store: d.Store, media: d.Media, md: markdown.New(), locale: d.Locale,
		log: d.Logger, pages: ps, assets: as, cache: newPageCache(), notices: newNotices(clock.Now), e: echo.New(),
		tally: d.Tally, readerSeed: maphash.MakeSeed(), openAPIBody: newRendered("application/json", api)}
	s.e.HideBanner = true
	s.e.HidePort = true
	s.e.HTTPErrorHandler = s.handleError
	s.e.IPExtractor = ipExtractor(d.Config.TrustedProxies)
	s.logins = auth.NewLimiter(maxLoginFailuresPerAccount, loginWindow, clock.Now)
	s.pairs = auth.NewLimiter(maxLoginFailures, loginWindow, clock.Now)
	s.addrs = auth.NewLimiter(maxLoginFailuresPerAddr, loginWindow, clock.Now)
	s.helpedOnce = auth.NewLimiter(1, readerWindow, clock.Now)
	s.askOnce = auth.NewLimiter(1, readerWindow, clock.Now)
	s.readsBy = auth.NewLimiter(maxReadsPerAddr, readerWindow, clock.Now)
	s.csrf = middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup: "header:X-CSRF-Token,form:_csrf", ContextKey: csrfKey, CookieName: "mingbai_csrf", CookiePath: "/",
		CookieHTTPOnly: true, CookieSameSite: http.SameSiteStrictMode, CookieSecure: d.Config.https(),
		ErrorHandler: func(err error, c echo.Context) error {
			return mingbai.Errorf(mingbai.EFORBIDDEN, "error.csrf", "csrf: %v", err)
		},
	})
	s.routes()
	return s, nil
}
