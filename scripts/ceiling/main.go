// Command ceiling is the smallest Echo server: one handler that answers
// "hello", and one that takes a push as an authenticated phone's would be
// taken (a bearer token checked by its hash, the body read under a cap)
// and answers a constant. scripts/load.sh measures it beside Mingbai on
// the same machine, so Mingbai's figures read against what the HTTP stack
// itself can do.
package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"flag"
	"io"
	"log"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18182", "address to listen on")
	token := flag.String("token", "", "the bearer token POST /api/v1/sync/push accepts")
	flag.Parse()
	want := sha256.Sum256([]byte(*token))
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.GET("/hello", func(c echo.Context) error { return c.String(http.StatusOK, "hello") })
	// The answer names one record applied, so scripts/push.lua counts a
	// batch of one as Mingbai's.
	e.POST("/api/v1/sync/push", func(c echo.Context) error {
		bearer, ok := strings.CutPrefix(c.Request().Header.Get("Authorization"), "Bearer ")
		got := sha256.Sum256([]byte(bearer))
		if !ok || *token == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			return c.NoContent(http.StatusUnauthorized)
		}
		if _, err := io.Copy(io.Discard, http.MaxBytesReader(c.Response(), c.Request().Body, 2<<20)); err != nil {
			return c.NoContent(http.StatusRequestEntityTooLarge)
		}
		return c.JSONBlob(http.StatusOK, []byte(`{"results":[{"status":"applied"}]}`))
	})
	log.Fatal(e.Start(*addr))
}
