//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockName is the file in the data directory a process holds while it
// serves it (or restores into it).
const lockName = "mingbai.lock"

// lockDataDir takes the data directory for this process alone, until
// release: two servers on one database would each keep their own idea of
// it (a withdrawn leaflet still served by the other), and a restore under
// a running server would set aside what the server acknowledged next. The
// lock is the kernel's (flock), so it ends with the process however it
// ends, and a stale file locks nothing. It fails, naming the other
// process, while another holds it.
func lockDataDir(dir string) (release func(), err error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("lock data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			pid, _ := os.ReadFile(path)
			return nil, fmt.Errorf("the data directory %s is in use by another Mingbai process (pid %s): stop it first, or give this one a data directory of its own (-data)",
				dir, orUnknown(strings.TrimSpace(string(pid))))
		}
		return nil, fmt.Errorf("lock data directory: %w", err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
