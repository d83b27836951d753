package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"mingbai/server/mingbai"
)

// config is everything the operator can set, each by flag or by an
// environment variable of the same meaning; a flag wins.
type config struct {
	addr        string
	dataDir     string
	defaultLang mingbai.Lang
	baseURL     string
	tibetanFont string
	logLevel    string
	bodyStall   time.Duration
	replica     string // Litestream replica URL; empty for none
	// HTTPS (tls.go) and the proxies in front.
	domain, tlsCert, tlsKey, httpAddr string
	trustedProxies                    []*net.IPNet
	// cpuProfile, when set, is a file the server writes a CPU profile of
	// its whole run to (go tool pprof reads it), for scripts/load.sh.
	cpuProfile string
}

// debianTibetanFonts are where Debian's fonts-noto-core puts a Tibetan
// font; the first that exists is served when none is configured.
var debianTibetanFonts = []string{
	"/usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf",
	"/usr/share/fonts/truetype/noto/NotoSansTibetan-Regular.ttf",
}

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	env := func(key, def string) string { return envOr(getenv, key, def) }
	fs := flag.NewFlagSet("mingbai", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usageOfCommands())
		fs.PrintDefaults()
	}
	var c config
	var lang string
	fs.StringVar(&c.addr, "addr", env("MINGBAI_ADDR", "127.0.0.1:8080"), "address to listen on (MINGBAI_ADDR)")
	fs.StringVar(&c.dataDir, "data", env("MINGBAI_DATA", "mingbai-data"), "data directory, created if missing (MINGBAI_DATA)")
	fs.StringVar(&lang, "lang", env("MINGBAI_LANG", "zh"), "default interface language: bo, zh or en (MINGBAI_LANG)")
	fs.StringVar(&c.baseURL, "base-url", env("MINGBAI_BASE_URL", ""), "public address for QR codes, e.g. https://pufa.example.cn (MINGBAI_BASE_URL)")
	fs.StringVar(&c.tibetanFont, "tibetan-font", env("MINGBAI_TIBETAN_FONT", ""), "Tibetan font file to serve; default: Debian's Noto Tibetan if installed (MINGBAI_TIBETAN_FONT)")
	fs.StringVar(&c.replica, "replica", env("MINGBAI_REPLICA", ""),
		"replicate the database continuously with Litestream to this URL: file:///mnt/disk2/mingbai or s3://bucket/path (MINGBAI_REPLICA)")
	fs.StringVar(&c.domain, "domain", env("MINGBAI_DOMAIN", ""),
		"serve HTTPS for this domain with certificates from Let's Encrypt, kept in the data directory; use with -addr :443 (MINGBAI_DOMAIN)")
	fs.StringVar(&c.tlsCert, "tls-cert", env("MINGBAI_TLS_CERT", ""), "serve HTTPS with this certificate file, with -tls-key (MINGBAI_TLS_CERT)")
	fs.StringVar(&c.tlsKey, "tls-key", env("MINGBAI_TLS_KEY", ""), "the key of -tls-cert (MINGBAI_TLS_KEY)")
	fs.StringVar(&c.httpAddr, "http-addr", env("MINGBAI_HTTP_ADDR", ""),
		"with HTTPS, also listen here for plain HTTP, to redirect it (and answer Let's Encrypt); :80 by default with -domain (MINGBAI_HTTP_ADDR)")
	var proxies string
	fs.StringVar(&proxies, "trusted-proxies", env("MINGBAI_TRUSTED_PROXIES", ""),
		"reverse proxies in front, e.g. 127.0.0.1: only their X-Forwarded-For and X-Forwarded-Proto are believed (MINGBAI_TRUSTED_PROXIES)")
	var stall string
	fs.StringVar(&stall, "body-stall", env("MINGBAI_BODY_STALL", "30s"),
		"how long a request's body may stop arriving before the request fails; a slow body that keeps arriving is waited for (MINGBAI_BODY_STALL)")
	fs.StringVar(&c.cpuProfile, "cpu-profile", "", "write a CPU profile of the run to this file, for go tool pprof")
	fs.StringVar(&c.logLevel, "log-level", env("MINGBAI_LOG_LEVEL", "info"), "debug, info, warn or error (MINGBAI_LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	stallFor, err := time.ParseDuration(stall)
	if err != nil || stallFor <= 0 {
		return c, fmt.Errorf("-body-stall: %q is not a duration such as 30s", stall)
	}
	c.bodyStall = stallFor
	if c.trustedProxies, err = parseProxies(proxies); err != nil {
		return c, err
	}
	if c.domain != "" && c.httpAddr == "" {
		c.httpAddr = ":80"
	}
	l, err := mingbai.ParseLang(lang)
	if err != nil {
		return c, fmt.Errorf("-lang: %q is not bo, zh or en", lang)
	}
	c.defaultLang = l
	if c.tibetanFont == "" {
		for _, p := range debianTibetanFonts {
			if _, err := os.Stat(p); err == nil {
				c.tibetanFont = p
				break
			}
		}
	}
	return c, nil
}
