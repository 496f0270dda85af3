package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

func pragmaInt(t *testing.T, l *Ledger, name string) int64 {
	t.Helper()
	var v int64
	if err := l.db.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatalf("pragma %s: %v", name, err)
	}
	return v
}

func latestVersion(t *testing.T) int {
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 2 {
		t.Fatalf("got %d migrations, want at least 2 so the upgrade path is tested", len(ms))
	}
	return len(ms)
}

func TestOpenNew(t *testing.T) {
	t.Parallel()
	latest := latestVersion(t)
	tests := []struct {
		name  string
		setup func(path string) error
	}{
		{"missing file", func(string) error { return nil }},
		{"empty file", func(p string) error { return os.WriteFile(p, nil, 0o600) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "clientrisk.db")
			if err := tc.setup(path); err != nil {
				t.Fatal(err)
			}
			l, err := Open(path)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			defer l.Close()
			if got := pragmaInt(t, l, "user_version"); got != int64(latest) {
				t.Errorf("user_version: got %d, want %d", got, latest)
			}
			if got := pragmaInt(t, l, "application_id"); got != ApplicationID {
				t.Errorf("application_id: got %#x, want %#x", got, ApplicationID)
			}
			// Every pooled connection must carry the pragmas: hold two at once.
			ctx := context.Background()
			for i := range 2 {
				c, err := l.db.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				var mode string
				var fk, busy int
				if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
					t.Fatal(err)
				}
				if err := c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
					t.Fatal(err)
				}
				if err := c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
					t.Fatal(err)
				}
				if mode != "wal" || fk != 1 || busy != 10000 {
					t.Errorf("connection %d: journal_mode %s, foreign_keys %d, busy_timeout %d; want wal, 1, 10000", i, mode, fk, busy)
				}
			}
		})
	}
}

// TestMigrateFromEachVersion builds a ledger at every older version, puts
// data in it, and checks Open brings it up to date with the data kept.
func TestMigrateFromEachVersion(t *testing.T) {
	t.Parallel()
	latest := latestVersion(t)
	ms, _ := loadMigrations()
	ctx := context.Background()
	for v := 1; v < latest; v++ {
		t.Run(fmt.Sprintf("from version %d", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "clientrisk.db")
			old, err := openAt(path, Options{}, ms, v)
			if err != nil {
				t.Fatalf("build version %d: %v", v, err)
			}
			if got := pragmaInt(t, old, "user_version"); got != int64(v) {
				t.Fatalf("built ledger has user_version %d, want %d", got, v)
			}
			doc := inv("INV-9", "acme", d(2025, 1, 9), 4200, "old.xlsx", 2)
			// Written as that version's clientrisk wrote it.
			importOldLayout(t, old, "old.xlsx", []invoice.Document{doc})
			// Written with version 1's columns only.
			if _, err := old.db.Exec(`INSERT INTO deliveries (month, recipient, generation, status, created, updated)
				VALUES ('2025-01', 'a@example.com', 1, 'sent', ?, ?)`, formatTime(testNow), formatTime(testNow)); err != nil {
				t.Fatal(err)
			}
			// A run left running, as a clientrisk older than version 5
			// (which did not record its process) would leave it when
			// killed; since version 5 runs.go's own tests cover it.
			if v < 5 {
				if _, err := old.db.Exec(`INSERT INTO report_runs (month, run_trigger, status, started, attempt)
					VALUES ('2025-01', 'schedule', 'running', ?, 1)`, formatTime(testNow)); err != nil {
					t.Fatal(err)
				}
			}
			old.Close()

			l, err := Open(path)
			if err != nil {
				t.Fatalf("open version %d: %v", v, err)
			}
			defer l.Close()
			if got := pragmaInt(t, l, "user_version"); got != int64(latest) {
				t.Errorf("user_version after open: got %d, want %d", got, latest)
			}
			docs, _, err := l.Documents(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 || docs[0] != doc {
				t.Errorf("documents after migration: got %+v, want [%+v]", docs, doc)
			}
			dl, ok, err := l.Delivery(ctx, "2025-01", "a@example.com")
			if err != nil || !ok {
				t.Fatalf("delivery after migration: ok %v, err %v", ok, err)
			}
			if dl.Status != "sent" || dl.MessagePath != "" || !dl.Created.Equal(testNow) {
				t.Errorf("delivery after migration: got %+v, want status sent, no message path, created %s", dl, testNow)
			}
			runs, err := l.Runs(ctx, 0)
			if v >= 5 {
				if err != nil || len(runs) != 0 {
					t.Errorf("runs after migration: got %+v, %v; want none", runs, err)
				}
				return
			}
			if err != nil || len(runs) != 1 || runs[0].Month != "2025-01" || runs[0].Status != RunFailed ||
				!strings.Contains(runs[0].Error, "interrupted: left running by an older clientrisk") {
				t.Errorf("runs after migration: got %+v, %v; want one run of 2025-01, failed as interrupted", runs, err)
			}
		})
	}
}

// TestOpenRefuses checks that a file that is not ours, or is from a newer
// clientrisk, is refused with a clear error and left byte for byte as it
// was.
func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	rawExec := func(path string, stmts ...string) error {
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			return err
		}
		defer db.Close()
		for _, s := range stmts {
			if _, err := db.Exec(s); err != nil {
				return err
			}
		}
		return nil
	}
	tests := []struct {
		name    string
		setup   func(path string) error
		wantErr error
		wantMsg string
	}{
		{"random bytes", func(p string) error {
			b := make([]byte, 8192)
			r := rand.New(rand.NewPCG(1, 2))
			for i := range b {
				b[i] = byte(r.UintN(256))
			}
			return os.WriteFile(p, b, 0o600)
		}, ErrNotLedger, "is not a SQLite database"},
		{"text file", func(p string) error {
			return os.WriteFile(p, []byte("client,amount\nacme,100\n"), 0o600)
		}, ErrNotLedger, "is not a SQLite database"},
		{"SQLite header then garbage", func(p string) error {
			return os.WriteFile(p, append([]byte(sqliteMagic), bytes.Repeat([]byte{0xff}, 4080)...), 0o600)
		}, ErrNotLedger, "not a clientrisk ledger"},
		{"another program's SQLite", func(p string) error {
			return rawExec(p, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "INSERT INTO notes (body) VALUES ('keep me')")
		}, ErrNotLedger, "SQLite database of another program"},
		{"SQLite with a foreign application id", func(p string) error {
			return rawExec(p, "PRAGMA application_id = 1234", "CREATE TABLE t (x)")
		}, ErrNotLedger, "application id 0x4d2"},
		{"a directory", func(p string) error { return os.Mkdir(p, 0o700) }, nil, "is not a regular file"},
		{"ledger from a newer clientrisk", func(p string) error {
			l, err := Open(p)
			if err != nil {
				return err
			}
			l.Close()
			return rawExec(p, "PRAGMA user_version = 99")
		}, ErrTooNew, "has schema version 99 but this clientrisk knows only up to"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "clientrisk.db")
			if err := tc.setup(path); err != nil {
				t.Fatalf("setup: %v", err)
			}
			before, _ := os.ReadFile(path)
			l, err := Open(path)
			if err == nil {
				l.Close()
				t.Fatalf("open: got no error, want %v", tc.wantErr)
			}
			if (tc.wantErr != nil && !errors.Is(err, tc.wantErr)) || !strings.Contains(err.Error(), tc.wantMsg) || !strings.Contains(err.Error(), path) {
				t.Errorf("open: got error %q, want one wrapping %q, naming the file and saying %q", err, tc.wantErr, tc.wantMsg)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Errorf("the file changed: %d bytes before, %d after", len(before), len(after))
			}
			ents, _ := os.ReadDir(dir)
			if len(ents) != 1 {
				var names []string
				for _, e := range ents {
					names = append(names, e.Name())
				}
				t.Errorf("files beside the ledger: got %v, want only clientrisk.db", names)
			}
		})
	}
}

// TestOpenRefusesNewerInWAL: the newer version may sit in the WAL while
// the file's header still shows the old one (another process has the
// ledger open); the checks that read through SQLite catch it.
func TestOpenRefusesNewerInWAL(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "clientrisk.db")
	holder, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := holder.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	l, err := Open(path)
	if err == nil {
		l.Close()
		t.Fatal("open: got no error, want ErrTooNew")
	}
	if !errors.Is(err, ErrTooNew) || !strings.Contains(err.Error(), "schema version 99") {
		t.Errorf("open: got %v, want ErrTooNew naming version 99", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("the file changed")
	}
}

// TestOpenInMissingFolder: SQLite's "unable to open database file" comes
// with what to check.
func TestOpenInMissingFolder(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "missing")
	path := filepath.Join(dir, "clientrisk.db")
	l, err := Open(path)
	if err == nil {
		l.Close()
		t.Fatal("open in a missing folder: no error")
	}
	want := "cannot open the ledger " + path + ": unable to open database file"
	hint := "check that its folder " + dir + " exists and that this user can write to it (SQLite creates clientrisk.db-wal and clientrisk.db-shm beside it)"
	if msg := err.Error(); !strings.Contains(msg, want) || !strings.Contains(msg, hint) {
		t.Errorf("error: %q\nwant it to contain %q and %q", msg, want, hint)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the missing folder was created: %v", err)
	}
}
