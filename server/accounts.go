package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

// runUser is `mingbai user add ...`: it creates an account on the command
// line (the first office account above all) and prints its one-time
// password once. Passwords never come from the command line, where other
// users of the machine could read them.
func runUser(ctx context.Context, clock mingbai.Clock, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("usage: mingbai user add -role office|resident -username NAME -name DISPLAY [-village VILLAGE] [-appointed YYYY-MM-DD]")
	}
	fs := flag.NewFlagSet("mingbai user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", envOr(getenv, "MINGBAI_DATA", "mingbai-data"), "data directory (MINGBAI_DATA)")
	role := fs.String("role", "", "office or resident")
	username := fs.String("username", "", "sign-in name: 3 to 40 lower-case letters, digits, . _ -")
	name := fs.String("name", "", "the person's name as shown to the office")
	village := fs.String("village", "", "a resident's village (Chinese name); created if new")
	appointed := fs.String("appointed", "", "a resident's appointment day, YYYY-MM-DD (default: today in the township)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	r, err := mingbai.ParseRole(*role)
	if err != nil {
		return fmt.Errorf("-role must be office or resident")
	}
	st, err := store.Open(ctx, filepath.Join(*dataDir, "mingbai.db"), clock)
	if err != nil {
		return err
	}
	defer st.Close()
	u := &mingbai.User{Username: *username, DisplayName: *name, Role: r, AppointedOn: *appointed}
	if r == mingbai.Resident {
		if u.VillageID, err = st.VillageByName(ctx, *village); err != nil {
			return err
		}
	}
	password, err := addUser(ctx, st, u, "cli")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s account %q\none-time password (must be changed at first sign-in): %s\n", r, u.Username, password)
	return nil
}

// addUser creates u with a random one-time password and returns it.
func addUser(ctx context.Context, st *store.Store, u *mingbai.User, by string) (string, error) {
	password := auth.NewPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return "", err
	}
	u.MustChangePassword = true
	if err := st.CreateUser(ctx, u, hash); err != nil {
		return "", fmt.Errorf("add user: %w", err)
	}
	if err := st.Audit(ctx, store.AuditEntry{Action: "user.add", Target: u.Username, Detail: string(u.Role) + " by " + by}); err != nil {
		return "", err
	}
	return password, nil
}

// firstOfficeAccount makes sure someone can run the office: on a start
// with no active office account, it creates "office" with a one-time
// password and logs it, this once. There is no default password.
func firstOfficeAccount(ctx context.Context, st *store.Store, logger *slog.Logger) error {
	n, err := st.CountActiveOffice(ctx)
	if err != nil || n > 0 {
		return err
	}
	u := &mingbai.User{Username: "office", DisplayName: "司法所 Office", Role: mingbai.Office}
	password, err := addUser(ctx, st, u, "first start")
	if mingbai.ErrorCode(err) == mingbai.ECONFLICT {
		logger.Warn("no active office account, and the name \"office\" is taken: create one with `mingbai user add -role office ...`")
		return nil
	}
	if err != nil {
		return err
	}
	logger.Warn("first start: created the office account; sign in and choose a new password. This password is shown only now.",
		"username", u.Username, "password", password)
	return nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}
