// Command mingbai is the law-promotion system of a township judicial
// office: one binary that serves bilingual leaflets to villagers and, in
// later versions, the field records of legal-savvy residents and the
// office's desk. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return // -h: the usage is printed
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mingbai:", err)
		os.Exit(1)
	}
}
