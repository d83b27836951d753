// Command loadphone prepares a data directory for scripts/load.sh's push
// measurement: a village, a resident and a registered phone, whose device
// token it prints on stdout. The resident's password is random and
// forgotten at once: only the token is used, against a throwaway data
// directory.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"mingbai/server/auth"
	"mingbai/server/mingbai"
	"mingbai/server/store"
)

func main() {
	dataDir := flag.String("data", "", "data directory to prepare (created if missing)")
	flag.Parse()
	if err := prepare(context.Background(), *dataDir); err != nil {
		fmt.Fprintln(os.Stderr, "loadphone:", err)
		os.Exit(1)
	}
}

func prepare(ctx context.Context, dataDir string) error {
	if dataDir == "" {
		return fmt.Errorf("-data is required")
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return err
	}
	st, err := store.Open(ctx, filepath.Join(dataDir, "mingbai.db"), mingbai.SystemClock{})
	if err != nil {
		return err
	}
	defer st.Close()
	village, err := st.VillageByName(ctx, "压测村")
	if err != nil {
		return err
	}
	u := &mingbai.User{Username: "loadphone", DisplayName: "Load test", Role: mingbai.Resident, VillageID: village}
	hash, err := auth.HashPassword(auth.NewPassword())
	if err != nil {
		return err
	}
	if err := st.CreateUser(ctx, u, hash); err != nil {
		return err
	}
	token := auth.NewToken()
	if err := st.CreateDevice(ctx, &mingbai.Device{UserID: u.ID, Name: "load test"}, auth.TokenHash(token)); err != nil {
		return err
	}
	fmt.Println(token)
	return nil
}
