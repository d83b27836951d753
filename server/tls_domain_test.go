package main

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDomainServesItsCertificate: with -domain, the server answers HTTPS
// for that name with the certificate autocert keeps in the data directory
// (here put there as Let's Encrypt's would be, since the tests have no
// network), refuses other names without asking anyone, and its plain-HTTP
// port answers the ACME challenge path itself and sends the rest to HTTPS.
func TestDomainServesItsCertificate(t *testing.T) {
	const domain = "pufa.mingbai.test"
	dataDir := filepath.Join(t.TempDir(), "data")
	roots := keptCertificate(t, filepath.Join(dataDir, "certs"), domain)
	ts := startServer(t, map[string]string{"MINGBAI_DATA": dataDir, "MINGBAI_DOMAIN": domain, "MINGBAI_HTTP_ADDR": "127.0.0.1:0"})
	if !strings.HasPrefix(ts.URL, "https://") {
		t.Fatalf("the server listens on %s, want https://", ts.URL)
	}
	addr := strings.TrimPrefix(ts.URL, "https://")
	client := func(name string) *http.Client {
		return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
			TLSClientConfig: &tls.Config{RootCAs: roots, ServerName: name}}}
	}
	res, err := client(domain).Get("https://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("HTTPS for %s: %v", domain, err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("GET /healthz over HTTPS = %d, HSTS %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
	}
	if _, err := client("other.mingbai.test").Get("https://" + addr + "/healthz"); err == nil {
		t.Error("a name other than -domain was served")
	}

	m := regexp.MustCompile(`msg="redirecting to HTTPS" addr=(http://\S+)`).FindStringSubmatch(ts.Log())
	if m == nil {
		t.Fatalf("no plain-HTTP port in the log:\n%s", ts.Log())
	}
	plain := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, m[1]+path, nil)
		req.Host = domain
		res, err := plain.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := get("/zh/m/x?y=1"); res.StatusCode/100 != 3 || res.Header.Get("Location") != "https://"+domain+"/zh/m/x?y=1" {
		t.Errorf("plain HTTP = %d to %q, want a redirect to https://%s/zh/m/x?y=1", res.StatusCode, res.Header.Get("Location"), domain)
	}
	if res := get("/.well-known/acme-challenge/unknown-token"); res.StatusCode/100 == 3 {
		t.Errorf("the ACME challenge path is redirected (%d), want it answered on plain HTTP", res.StatusCode)
	}
}

// keptCertificate writes a certificate for domain into dir as autocert
// keeps one (its key, then its chain, in one PEM file named for the
// domain), and returns the pool that trusts it.
func keptCertificate(t *testing.T, dir, domain string) *x509.CertPool {
	t.Helper()
	// Valid long enough that autocert does not try to renew it.
	key, cert := selfSigned(t, &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: domain},
		DNSNames: []string{domain}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(80 * 24 * time.Hour)})
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	kept := append(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})...)
	writeFile(t, filepath.Join(dir, domain), kept)
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	return roots
}
