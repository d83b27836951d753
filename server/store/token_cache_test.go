package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"mingbai/server/mingbai"
)

// TestAccountWritesForgetTokens: every function of the store whose SQL
// writes users or devices commits with commitAccounts, so the devices
// found by token (token_cache.go) are forgotten when an account or device
// changes. TouchDevice alone writes only a device's last use, and notes
// it in the cache instead.
func TestAccountWritesForgetTokens(t *testing.T) {
	writes := regexp.MustCompile(`(?i)\b(insert\s+(or\s+\w+\s+)?into|update(\s+or\s+\w+)?|delete\s+from|replace\s+into)\s+(users|devices)\b`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok {
				// SQL kept outside a function could not be traced to the
				// function that commits it.
				ast.Inspect(decl, func(n ast.Node) bool {
					if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && writes.MatchString(lit.Value) {
						t.Errorf("%s: a package-level string writes users or devices; keep it in the function that commits it",
							fset.Position(lit.Pos()))
					}
					return true
				})
				continue
			}
			if fn.Body == nil {
				continue
			}
			writer, forgets := false, false
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BasicLit:
					writer = writer || (n.Kind == token.STRING && writes.MatchString(n.Value))
				case *ast.SelectorExpr:
					forgets = forgets || n.Sel.Name == "commitAccounts" || (fn.Name.Name == "TouchDevice" && n.Sel.Name == "touched")
				}
				return true
			})
			if writer {
				found++
				if !forgets {
					t.Errorf("%s: %s writes users or devices but does not commit with commitAccounts", fset.Position(fn.Pos()), fn.Name.Name)
				}
			}
		}
	}
	if found < 9 {
		t.Errorf("found %d writers of users or devices; the pattern no longer finds them", found)
	}
}

// TestDeviceByTokenIsForgottenAtOnce: a device found by its token is found
// again without the database, and stops working the moment the office
// revokes it, deactivates its owner or the phone signs out; what another
// process changes counts within tokenCacheLife.
func TestDeviceByTokenIsForgottenAtOnce(t *testing.T) {
	ctx := t.Context()
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, s *Store, u *mingbai.User, d *mingbai.Device)
	}{
		{"revoked", func(t *testing.T, s *Store, u *mingbai.User, d *mingbai.Device) {
			if _, err := s.RevokeDevice(ctx, u.ID, d.ID); err != nil {
				t.Fatal(err)
			}
		}},
		{"owner deactivated", func(t *testing.T, s *Store, u *mingbai.User, d *mingbai.Device) {
			if err := s.SetUserActive(ctx, u.ID, false); err != nil {
				t.Fatal(err)
			}
		}},
		{"signed out", func(t *testing.T, s *Store, u *mingbai.User, d *mingbai.Device) {
			if err := s.SignOut(ctx, u, d.ID); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTest(t)
			u := addResident(t, s, "dolma")
			d := addDevice(t, s, u, "a")
			if _, _, err := s.DeviceByToken(ctx, "hash-a"); err != nil {
				t.Fatal(err)
			}
			tc.change(t, s, u, d)
			if _, _, err := s.DeviceByToken(ctx, "hash-a"); mingbai.ErrorCode(err) != mingbai.EUNAUTHORIZED {
				t.Errorf("after the change: err = %v, want EUNAUTHORIZED at once", err)
			}
		})
	}

	t.Run("another process", func(t *testing.T) {
		s, clock := openTest(t)
		u := addResident(t, s, "dolma")
		addDevice(t, s, u, "a")
		first, _, err := s.DeviceByToken(ctx, "hash-a")
		if err != nil {
			t.Fatal(err)
		}
		first.Name = "changed by the caller" // a copy: the cache keeps its own
		// `mingbai user deactivate` writes the file from another process,
		// past this store's methods.
		if _, err := s.w.ExecContext(ctx, `UPDATE users SET active = 0 WHERE id = ?`, u.ID); err != nil {
			t.Fatal(err)
		}
		again, _, err := s.DeviceByToken(ctx, "hash-a")
		if err != nil || again.Name != "Android · Chrome" {
			t.Fatalf("within its life the cached device is %+v, %v; want the one found, unchanged", again, err)
		}
		clock.t = clock.t.Add(tokenCacheLife)
		if _, _, err := s.DeviceByToken(ctx, "hash-a"); mingbai.ErrorCode(err) != mingbai.EUNAUTHORIZED {
			t.Errorf("%v later: err = %v, want EUNAUTHORIZED", tokenCacheLife, err)
		}
	})
}

// TestTokenCacheKeepsNothingReadBeforeAChange: a lookup that read the
// database before an account changed does not leave what it read behind.
func TestTokenCacheKeepsNothingReadBeforeAChange(t *testing.T) {
	var tc tokenCache
	now := time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC) // 02:00 on New Year's Day in the township
	gen := tc.generation()
	tc.forget() // the change commits while the lookup reads
	tc.keep("h", gen, &mingbai.Device{ID: "d"}, &mingbai.User{ID: "u"}, now)
	if _, _, ok := tc.get("h", now); ok {
		t.Error("a lookup from before the change was kept")
	}
	tc.keep("h", tc.generation(), &mingbai.Device{ID: "d"}, &mingbai.User{ID: "u"}, now)
	if _, _, ok := tc.get("h", now); !ok {
		t.Error("a lookup after the change was not kept")
	}
	if _, _, ok := tc.get("h", now.Add(-time.Second)); ok {
		t.Error("an entry is believed before it was found (the clock went back)")
	}
	tc.touched("d", now.Add(time.Minute))
	if d, _, _ := tc.get("h", now); !d.LastSeenAt.Equal(now.Add(time.Minute)) {
		t.Errorf("after a touch the cached device was last seen %v", d.LastSeenAt)
	}
}
