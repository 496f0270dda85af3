package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	sqlite3 "modernc.org/sqlite/lib"
)

// ErrDamaged is wrapped by every error of a ledger whose file is damaged
// (SQLite: "database disk image is malformed", "file is not a database";
// a quick_check that finds broken pages; a stored document that is not
// the encoding the ledger writes). Once a Ledger has seen it,
// it refuses every write: writing into a damaged file spreads the damage
// and makes it harder to restore.
var ErrDamaged = errors.New("the ledger file is damaged")

// restoreAdvice is what a user can do about a damaged ledger.
const restoreAdvice = "nothing more is written to it; restore the ledger from a backup " +
	"(README, \"Backups of the ledger\"), or move it away and import the exports again into a new one"

// damagedCode reports whether err is SQLite's word for a damaged file.
func damagedCode(err error) bool {
	return isCode(err, sqlite3.SQLITE_CORRUPT) || isCode(err, sqlite3.SQLITE_NOTADB)
}

// markDamaged records that the file is damaged (the first reason is
// kept) and returns the error every later write gets.
func (l *Ledger) markDamaged(op, why string) error {
	err := fmt.Errorf("%s: %w: ledger %s: %s; %s", op, ErrDamaged, l.path, why, restoreAdvice)
	l.damaged.CompareAndSwap(nil, &err)
	return err
}

// writable fails when the ledger is known to be damaged.
func (l *Ledger) writable(op string) error {
	if p := l.damaged.Load(); p != nil {
		return fmt.Errorf("%s: refused: %w", op, *p)
	}
	return nil
}

// Check runs SQLite's PRAGMA quick_check over the whole file (every page
// and b-tree, without comparing indexes to their tables). A damaged file
// makes this Ledger refuse every later write. Import runs it before it
// writes, serve when it starts.
func (l *Ledger) Check(ctx context.Context) error {
	const op = "check ledger"
	if err := l.writable(op); err != nil {
		return err
	}
	return l.quickCheck(ctx, op, l.db)
}

// quickCheck is Check on q (the ledger, or a transaction about to write).
func (l *Ledger) quickCheck(ctx context.Context, op string, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) error {
	rows, err := q.QueryContext(ctx, "PRAGMA quick_check(20)")
	if err != nil {
		return l.fail(op, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return l.fail(op, err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return l.fail(op, err)
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = append(problems[:3], fmt.Sprintf("and %d more", len(problems)-3))
		}
		return l.markDamaged(op, "quick_check found "+strings.Join(problems, "; "))
	}
	return nil
}
