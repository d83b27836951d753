package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/acme/autocert"
)

// HTTPS the server terminates itself, two ways:
//   - -domain pufa.example.cn: certificates from Let's Encrypt, fetched and
//     renewed by autocert and kept in the data directory (certs/); port 80
//     (-http-addr) answers the ACME challenge and sends the rest to HTTPS;
//   - -tls-cert and -tls-key: a certificate the operator has (a county's,
//     or one from an internal authority).
// Behind a reverse proxy that serves HTTPS, neither is set: -base-url
// https://… and -trusted-proxies say so instead.

// tlsSetup is how the server answers over HTTPS, or nil for plain HTTP.
type tlsSetup struct {
	config *tls.Config
	// redirect, when set, serves -http-addr: the ACME challenge, and a
	// redirect to HTTPS for everything else.
	redirect http.Handler
}

// newTLS builds the HTTPS setup from the configuration.
func newTLS(cfg config) (*tlsSetup, error) {
	switch {
	case cfg.domain != "" && (cfg.tlsCert != "" || cfg.tlsKey != ""):
		return nil, fmt.Errorf("-domain fetches its own certificate: leave out -tls-cert and -tls-key")
	case cfg.domain != "":
		m := &autocert.Manager{
			Prompt:     autocert.AcceptTOS,
			HostPolicy: autocert.HostWhitelist(strings.Split(cfg.domain, ",")...),
			Cache:      autocert.DirCache(filepath.Join(cfg.dataDir, "certs")),
		}
		return &tlsSetup{config: m.TLSConfig(), redirect: m.HTTPHandler(nil)}, nil
	case (cfg.tlsCert == "") != (cfg.tlsKey == ""):
		return nil, fmt.Errorf("-tls-cert and -tls-key go together")
	case cfg.tlsCert != "":
		cert, err := tls.LoadX509KeyPair(cfg.tlsCert, cfg.tlsKey)
		if err != nil {
			return nil, fmt.Errorf("-tls-cert, -tls-key: %w", err)
		}
		setup := &tlsSetup{config: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}}
		if cfg.httpAddr != "" {
			setup.redirect = http.HandlerFunc(redirectToHTTPS)
		}
		return setup, nil
	}
	return nil, nil
}

// redirectToHTTPS sends a plain-HTTP request to the same address over
// HTTPS (on the default port).
func redirectToHTTPS(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	http.Redirect(w, r, "https://"+host+r.URL.RequestURI(), http.StatusMovedPermanently)
}

// parseProxies reads -trusted-proxies: addresses and ranges, comma
// separated ("127.0.0.1,10.0.0.0/8").
func parseProxies(list string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			if ip := net.ParseIP(item); ip != nil && ip.To4() != nil {
				item += "/32"
			} else {
				item += "/128"
			}
		}
		_, n, err := net.ParseCIDR(item)
		if err != nil {
			return nil, fmt.Errorf("-trusted-proxies: %q is not an address or a range", item)
		}
		out = append(out, n)
	}
	return out, nil
}
