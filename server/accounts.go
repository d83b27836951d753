package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
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
	if len(args) > 0 && args[0] == "reset" {
		return runUserReset(ctx, clock, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && (args[0] == "list" || args[0] == "activate" || args[0] == "deactivate") {
		return runUserAccounts(ctx, clock, args[0], args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("usage: mingbai user add -role office|resident -username NAME -name DISPLAY [-village VILLAGE] [-appointed YYYY-MM-DD]\n" +
			"       mingbai user reset|activate|deactivate -username NAME\n" +
			"       mingbai user list")
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
	st, err := openData(ctx, *dataDir, clock)
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

// runUserReset is `mingbai user reset -username NAME`: the way back in
// when the office's password is lost. The account gets a new one-time
// password, printed once; its sessions end, its phones keep syncing.
func runUserReset(ctx context.Context, clock mingbai.Clock, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mingbai user reset", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", envOr(getenv, "MINGBAI_DATA", "mingbai-data"), "data directory (MINGBAI_DATA)")
	username := fs.String("username", "", "the account's sign-in name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" || fs.NArg() > 0 {
		return fmt.Errorf("usage: mingbai user reset -username NAME")
	}
	st, err := openData(ctx, *dataDir, clock)
	if err != nil {
		return err
	}
	defer st.Close()
	u, _, err := st.UserForLogin(ctx, *username)
	if err != nil {
		return fmt.Errorf("no account %q: %w", *username, err)
	}
	password := auth.NewPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := st.ResetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	if err := st.Audit(ctx, store.AuditEntry{Action: "user.reset", Target: u.Username, Detail: "by cli"}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reset the password of %q\none-time password (must be changed at the next sign-in): %s\n", u.Username, password)
	return nil
}

// runUserAccounts is `mingbai user list` (the office's accounts) and
// `mingbai user activate|deactivate -username NAME`; the last active
// office account is never deactivated.
func runUserAccounts(ctx context.Context, clock mingbai.Clock, verb string, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mingbai user "+verb, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", envOr(getenv, "MINGBAI_DATA", "mingbai-data"), "data directory (MINGBAI_DATA)")
	username := fs.String("username", "", "the account's sign-in name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (verb == "list") != (*username == "") || fs.NArg() > 0 {
		return fmt.Errorf("usage: mingbai user list | mingbai user %s -username NAME", verb)
	}
	st, err := openData(ctx, *dataDir, clock)
	if err != nil {
		return err
	}
	defer st.Close()
	if verb == "list" {
		accounts, err := st.OfficeAccounts(ctx)
		if err != nil {
			return err
		}
		for _, u := range accounts {
			state := "active"
			if !u.Active {
				state = "inactive"
			}
			fmt.Fprintf(stdout, "%-20s %-9s %s\n", u.Username, state, u.DisplayName)
		}
		return nil
	}
	u, _, err := st.UserForLogin(ctx, *username)
	if err != nil {
		return fmt.Errorf("no account %q: %w", *username, err)
	}
	active := verb == "activate"
	ctx = store.WithAudit(ctx, store.AuditEntry{Action: string(u.Role) + "." + verb, Target: u.Username, Detail: "by cli"})
	if err := st.SetUserActive(ctx, u.ID, active); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%sd %q\n", verb, u.Username)
	return nil
}

// openData opens the database of a data directory, creating both if
// needed: a command run before the server's first start works too.
func openData(ctx context.Context, dataDir string, clock mingbai.Clock) (*store.Store, error) {
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	return store.Open(ctx, filepath.Join(dataDir, "mingbai.db"), clock)
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
