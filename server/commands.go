package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"mingbai/server/mingbai"
)

// command is one of mingbai's subcommands; without one, mingbai serves.
type command struct {
	name, summary string
	run           func(ctx context.Context, clock mingbai.Clock, args []string, getenv func(string) string, stdout, stderr io.Writer) error
}

// commands lists the subcommands, for runOn and for -h.
var commands = []command{
	{"user", "the accounts: mingbai user add|reset|activate|deactivate|list -h", runUser},
	{"backup", "copy the data directory while the server runs: mingbai backup -to DIR", func(ctx context.Context, _ mingbai.Clock, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
		return runBackup(ctx, args, getenv, stdout, stderr)
	}},
	{"restore", "put a backup or a replica in place: mingbai restore -from DIR | -from-replica URL", runRestore},
	{"health", "exit 0 when the server on -addr answers /healthz (for a container's health check)", runHealth},
	{"version", "print this binary's version", runVersion},
}

// commandNamed finds a subcommand.
func commandNamed(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// usageOfCommands is the part of -h that lists the subcommands.
func usageOfCommands() string {
	var b strings.Builder
	b.WriteString("usage: mingbai [flags]            serve\n       mingbai COMMAND [flags]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	b.WriteString("\nflags of the server:\n")
	return b.String()
}

// runVersion prints the module version and the commit it was built from.
func runVersion(_ context.Context, _ mingbai.Clock, _ []string, _ func(string) string, stdout, _ io.Writer) error {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintln(stdout, "mingbai (no build information)")
		return nil
	}
	version := info.Main.Version
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			version += " " + s.Value
		case "vcs.time":
			version += " " + s.Value
		case "vcs.modified":
			if s.Value == "true" {
				version += " (modified)"
			}
		}
	}
	fmt.Fprintln(stdout, "mingbai", version, info.GoVersion)
	return nil
}

// runHealth asks the server at MINGBAI_ADDR (or -addr) for /healthz.
func runHealth(ctx context.Context, _ mingbai.Clock, args []string, getenv func(string) string, stdout, _ io.Writer) error {
	addr := envOr(getenv, "MINGBAI_ADDR", "127.0.0.1:8080")
	if len(args) == 2 && args[0] == "-addr" {
		addr = args[1]
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("health: -addr %q: %w", addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("health: /healthz answered %d", res.StatusCode)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
