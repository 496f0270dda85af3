package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ApplicationID marks a SQLite file as a clientrisk ledger (PRAGMA
// application_id, bytes 68-71 of the file). It reads "CRLG".
const ApplicationID = 0x43524c47

// DefaultFileName is the ledger's usual name, beside the config file.
const DefaultFileName = "clientrisk.db"

// DefaultBusyTimeout is how long a write waits for another process that is
// writing to the same ledger before it gives up.
const DefaultBusyTimeout = 10 * time.Second

var (
	// ErrBusy is wrapped by every error caused by another process holding
	// the ledger's write lock for longer than the busy timeout.
	ErrBusy = errors.New("another clientrisk is writing to it")
	// ErrNotLedger is wrapped when the file is not a clientrisk ledger.
	ErrNotLedger = errors.New("not a clientrisk ledger")
	// ErrTooNew is wrapped when the ledger was written by a newer clientrisk.
	ErrTooNew = errors.New("ledger written by a newer clientrisk")
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one versioned schema step; version i is migrations[i-1].
type migration struct {
	version int
	name    string
	sql     string
	// convert, when set, runs after sql in the same transaction: data
	// conversions SQL alone cannot do.
	convert func(ctx context.Context, tx *sql.Tx) error
}

// migrationConvert returns the Go step of a migration, if it has one.
func migrationConvert(version int) func(ctx context.Context, tx *sql.Tx) error {
	switch version {
	case 3:
		return convertPackedDocuments
	}
	return nil
}

func loadMigrations() ([]migration, error) {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("embedded migration %s: name must start with its version number", name)
		}
		b, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			return nil, fmt.Errorf("read embedded migration %s: %w", name, err)
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b), convert: migrationConvert(v)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("embedded migrations: expected version %d, found %s", i+1, m.name)
		}
	}
	return ms, nil
}

// Options tune Open; the zero value takes the defaults.
type Options struct {
	// BusyTimeout is how long a write waits for another writer
	// (default DefaultBusyTimeout).
	BusyTimeout time.Duration
}

// Ledger is an open ledger. It is safe for concurrent use.
type Ledger struct {
	path string
	abs  string // path made absolute: the ledger's identity in this process
	db   *sql.DB
	// damaged holds the error of the first sign that the file is damaged
	// (check.go); from then on every write is refused.
	damaged atomic.Pointer[error]
}

// Open opens the ledger at path, creating it if missing and bringing its
// schema up to date.
func Open(path string) (*Ledger, error) { return OpenWithOptions(path, Options{}) }

// OpenWithOptions is Open with tuning options.
func OpenWithOptions(path string, opt Options) (*Ledger, error) {
	ms, err := loadMigrations()
	if err != nil {
		return nil, err
	}
	return openAt(path, opt, ms, len(ms))
}

// openAt opens path and migrates it up to version target (tests build
// older ledgers with a target below the latest).
func openAt(path string, opt Options, ms []migration, target int) (*Ledger, error) {
	if path == "" {
		return nil, errors.New("open ledger: no path given")
	}
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = DefaultBusyTimeout
	}
	// The file is checked before any connection that could change it
	// (switching to WAL rewrites the header) is made.
	if err := precheck(path, len(ms)); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path, opt.BusyTimeout))
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	l := &Ledger{path: path, abs: abs, db: db}
	if err := l.migrate(context.Background(), ms, target); err != nil {
		db.Close()
		return nil, err
	}
	return l, nil
}

// dsn builds a URI whose _pragma parameters every pooled connection runs:
// busy timeout first, foreign keys, WAL, full sync so that an import the
// caller was told is done survives a power cut, and a 2 MiB page cache
// (SQLite's default size). A larger cache does not save writes (a big
// import appends in key order: the pages it fills are done with) and
// costs: with 64 MiB a 1M-document import used about 2 CPU seconds more
// (every cached page is a region of its own in the pure Go allocator,
// mapped, faulted in and given back one by one) and the process held
// 64 MiB more, for imports and reads alike.
// A new ledger gets 32 KiB pages: an import of 100k documents costs about
// a fifth less CPU than with 4 KiB pages (fewer B-tree splits, fewer
// pages to write). page_size only takes effect before the file's first
// write, hence before journal mode, which the driver applies after the
// _pragma list when given as _journal_mode; on an existing ledger it does
// nothing.
// Write transactions start IMMEDIATE so a second writer waits on the busy
// timeout instead of failing on a lock upgrade.
func dsn(path string, busy time.Duration) string {
	return "file:" + uriPath(path) +
		"?_pragma=busy_timeout(" + strconv.FormatInt(busy.Milliseconds(), 10) + ")" +
		"&_pragma=foreign_keys(1)&_pragma=cache_size(-2048)&_pragma=page_size(32768)&_journal_mode=WAL&_pragma=synchronous(FULL)&_txlock=immediate"
}

// uriPath escapes what a SQLite URI would read as syntax.
func uriPath(path string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(filepath.ToSlash(path))
}

// sqliteMagic opens every SQLite 3 file.
const sqliteMagic = "SQLite format 3\x00"

// precheck refuses, without writing anything, a file that is not a
// clientrisk ledger or was written by a newer one.
func precheck(path string, known int) error {
	info, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("the ledger path %s is not a regular file; set the ledger to a file path such as %s", path, filepath.Join(path, DefaultFileName))
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open ledger %s: %w", path, err)
	}
	header := make([]byte, 100)
	n, err := io.ReadFull(f, header)
	f.Close()
	if n == 0 {
		return nil // an empty file is a new ledger
	}
	if err != nil || string(header[:16]) != sqliteMagic {
		return fmt.Errorf("the file %s is %w: it is not a SQLite database; move it away or set another ledger path", path, ErrNotLedger)
	}
	switch app := binary.BigEndian.Uint32(header[68:72]); app {
	case ApplicationID:
		// Ours. The header's version only lags (pages may still be in the
		// WAL), so a newer one here is final; otherwise migrate checks
		// again under the write lock.
		return checkIdentity(path, ApplicationID, int64(binary.BigEndian.Uint32(header[60:64])), 1, known)
	case 0:
		// A blank database, another program's, or a ledger whose first
		// pages are still in the WAL: ask SQLite, read-only.
	default:
		return fmt.Errorf("the file %s is %w: it is a SQLite database of another program (application id %#x); move it away or set another ledger path", path, ErrNotLedger, app)
	}
	db, err := sql.Open("sqlite", "file:"+uriPath(path)+"?mode=ro")
	if err != nil {
		return fmt.Errorf("open ledger %s: %w", path, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	appID, version, objects, err := identity(context.Background(), db)
	if err != nil {
		if isCode(err, sqlite3.SQLITE_NOTADB) {
			return fmt.Errorf("the file %s is %w: it is not a SQLite database; move it away or set another ledger path", path, ErrNotLedger)
		}
		return fmt.Errorf("check ledger %s: %w", path, err)
	}
	return checkIdentity(path, appID, version, objects, known)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func identity(ctx context.Context, q queryer) (appID, version, objects int64, err error) {
	if err = q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return
	}
	if err = q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return
	}
	err = q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&objects)
	return
}

func checkIdentity(path string, appID, version, objects int64, known int) error {
	if appID == 0 && version == 0 && objects == 0 {
		return nil // a blank SQLite file: ours to create
	}
	if appID != ApplicationID {
		return fmt.Errorf("the file %s is %w: it is a SQLite database of another program (application id %#x); move it away or set another ledger path", path, ErrNotLedger, appID)
	}
	if version > int64(known) {
		return fmt.Errorf("the ledger %s has schema version %d but this clientrisk knows only up to %d: %w; upgrade clientrisk", path, version, known, ErrTooNew)
	}
	return nil
}

// migrate applies the missing migrations up to target in one transaction,
// so a crash leaves the previous version intact.
func (l *Ledger) migrate(ctx context.Context, ms []migration, target int) error {
	// A ledger already up to date needs no write lock: a plain read (WAL
	// readers never wait for a writer) lets `status` open the ledger while
	// serve is in the middle of a long import.
	if appID, version, objects, err := identity(ctx, l.db); err == nil && objects > 0 &&
		checkIdentity(l.path, appID, version, objects, len(ms)) == nil && int(version) >= target {
		return nil
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return l.fail("open ledger", err)
	}
	defer tx.Rollback()
	// Checked again under the write lock: another process may have
	// created or upgraded the file since precheck.
	appID, version, objects, err := identity(ctx, tx)
	if err != nil {
		if isCode(err, sqlite3.SQLITE_NOTADB) {
			return fmt.Errorf("the file %s is %w: it is not a SQLite database", l.path, ErrNotLedger)
		}
		return l.fail("open ledger", err)
	}
	if err := checkIdentity(l.path, appID, version, objects, len(ms)); err != nil {
		return err
	}
	if int(version) >= target {
		return nil
	}
	if version == 0 {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
			return l.fail("create ledger", err)
		}
	}
	for _, m := range ms[version:target] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return l.fail("migrate ledger to version "+strconv.Itoa(m.version)+" ("+m.name+")", err)
		}
		if m.convert != nil {
			if err := m.convert(ctx, tx); err != nil {
				return l.fail("migrate ledger to version "+strconv.Itoa(m.version)+" ("+m.name+")", err)
			}
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			return l.fail("migrate ledger", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return l.fail("migrate ledger", err)
	}
	return nil
}

// Close closes the ledger.
func (l *Ledger) Close() error {
	if err := l.db.Close(); err != nil {
		return fmt.Errorf("close ledger %s: %w", l.path, err)
	}
	return nil
}

// Path returns the ledger's file path.
func (l *Ledger) Path() string { return l.path }

// fail wraps a database error with what was being done and, when another
// process held the lock too long, says so in words a user can act on.
func (l *Ledger) fail(op string, err error) error {
	if damagedCode(err) || errors.Is(err, errPacked) {
		return l.markDamaged(op, err.Error())
	}
	if isCode(err, sqlite3.SQLITE_BUSY) {
		return fmt.Errorf("%s: the ledger %s is busy: %w (waited for the busy timeout)", op, l.path, ErrBusy)
	}
	if isCode(err, sqlite3.SQLITE_CANTOPEN) {
		// SQLite says no more than "unable to open database file"; the
		// usual cause is a folder this user cannot write to.
		return fmt.Errorf("%s: cannot open the ledger %s: %w; check that its folder %s exists and that this user can write to it (SQLite creates %s-wal and %s-shm beside it)",
			op, l.path, err, filepath.Dir(l.path), filepath.Base(l.path), filepath.Base(l.path))
	}
	return fmt.Errorf("%s: ledger %s: %w", op, l.path, err)
}

// exists reports whether query (a SELECT 1 ... LIMIT 1) finds a row; op
// names the check in an error.
func (l *Ledger) exists(ctx context.Context, op, query string, args ...any) (bool, error) {
	var one int
	err := l.db.QueryRowContext(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, l.fail(op, err)
	}
	return true, nil
}

func isCode(err error, code int) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == code
}

const timeLayout = time.RFC3339Nano

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored timestamp %q: %w", s, err)
	}
	return t, nil
}
