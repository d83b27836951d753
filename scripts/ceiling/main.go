// Command ceiling is the smallest Echo server: one handler that answers
// "hello". scripts/load.sh measures it beside Mingbai on the same machine,
// so Mingbai's figures read against what the HTTP stack itself can do.
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/labstack/echo/v4"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18182", "address to listen on")
	flag.Parse()
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.GET("/hello", func(c echo.Context) error { return c.String(http.StatusOK, "hello") })
	log.Fatal(e.Start(*addr))
}
