package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// localCertificate writes a certificate for 127.0.0.1 and its key, and
// returns their files and the certificate's public-key hash, which
// Chromium is told to trust (as a phone trusts a real authority's).
func localCertificate(t *testing.T) (certFile, keyFile, spki string) {
	t.Helper()
	key, cert := selfSigned(t, &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mingbai test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}})
	der := cert.Raw
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writeFile(t, certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	writeFile(t, keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return certFile, keyFile, base64.StdEncoding.EncodeToString(sum[:])
}

// selfSigned signs tmpl, a server's certificate, with a new key of its own.
func selfSigned(t *testing.T, tmpl *x509.Certificate) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl.KeyUsage, tmpl.ExtKeyUsage = x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return key, cert
}

// TestBrowserOverHTTPS: the server serves HTTPS with a certificate of
// its own (-tls-cert, -tls-key). A resident signs in: every cookie is
// Secure, answers carry HSTS, the service worker registers and keeps the
// field pages; plain HTTP on -http-addr is sent to HTTPS.
func TestBrowserOverHTTPS(t *testing.T) {
	certFile, keyFile, spki := localCertificate(t)
	ts := startBrowserServer(t, map[string]string{"MINGBAI_TLS_CERT": certFile, "MINGBAI_TLS_KEY": keyFile,
		"MINGBAI_HTTP_ADDR": "127.0.0.1:0"})
	if !strings.HasPrefix(ts.URL, "https://") {
		t.Fatalf("the server listens on %s, want https://", ts.URL)
	}
	ctx := newBrowserIn(t, filepath.Join(t.TempDir(), "phone"), chromedp.Flag("ignore-certificate-errors-spki-list", spki))
	signInResident(t, ctx, ts, "dolma") // waits for the service worker and the kept field pages

	// Every cookie the browser holds.
	cookies := must(t, ctx, "read the cookies", chromedp.Action[storage.GetCookiesResult](
		func(ctx context.Context, target *chromedp.Target) (storage.GetCookiesResult, error) {
			return cdp.Call(ctx, target, storage.GetCookies, storage.GetCookiesParams{})
		})).Cookies
	names := map[string]bool{}
	for _, c := range cookies {
		names[c.Name] = true
		if !c.Secure {
			t.Errorf("cookie %s is not Secure over HTTPS", c.Name)
		}
	}
	// (A browser that sends Sec-Fetch-Site gets no CSRF cookie: Echo
	// checks that header instead.)
	if !names["mingbai_session"] {
		t.Errorf("cookies %v: want the session's", names)
	}
	hsts := must(t, ctx, "read HSTS", chromedp.Evaluate[string](`fetch("/zh/field").then((r) => r.headers.get("strict-transport-security") || "")`,
		chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(hsts, "max-age=") {
		t.Errorf("Strict-Transport-Security = %q", hsts)
	}

	m := regexp.MustCompile(`msg="redirecting to HTTPS" addr=(http://\S+)`).FindStringSubmatch(ts.Log())
	if m == nil {
		t.Fatalf("no redirecting server in the log:\n%s", ts.Log())
	}
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(m[1] + "/zh/m/x?y=1")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "https://127.0.0.1/zh/m/x?y=1" {
		t.Errorf("plain HTTP = %d to %q, want 301 to https://127.0.0.1/zh/m/x?y=1", res.StatusCode, res.Header.Get("Location"))
	}
}
