package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Run is one attempt at a month's report.
type Run struct {
	ID       int64
	Month    string // yyyy-mm
	Trigger  string // schedule, catch-up, manual, drop
	Status   string // running, done, failed
	Started  time.Time
	Finished time.Time
	Outputs  []string
	Error    string
	Attempt  int // 1 for the month's first run, 2 for the next ...
}

// Run statuses.
const (
	RunRunning = "running"
	RunDone    = "done"
	RunFailed  = "failed"
)

// ErrNoRun is wrapped when FinishRun is given an unknown id.
var ErrNoRun = errors.New("no such report run")

// StartRun records that a month's report has started.
func (l *Ledger) StartRun(ctx context.Context, month, trigger string, now time.Time) (Run, error) {
	op := "start report run for " + month
	if _, err := invoice.ParseMonth(month); err != nil {
		return Run{}, fmt.Errorf("%s: %w", op, err)
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return Run{}, l.fail(op, err)
	}
	defer tx.Rollback()
	var attempt int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) + 1 FROM report_runs WHERE month = ?`, month).Scan(&attempt); err != nil {
		return Run{}, l.fail(op, err)
	}
	r := Run{Month: month, Trigger: trigger, Status: RunRunning, Started: now.UTC(), Attempt: attempt}
	res, err := tx.ExecContext(ctx, `INSERT INTO report_runs (month, run_trigger, status, started, attempt) VALUES (?, ?, ?, ?, ?)`,
		month, trigger, r.Status, formatTime(now), attempt)
	if err != nil {
		return Run{}, l.fail(op, err)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return Run{}, l.fail(op, err)
	}
	if err := tx.Commit(); err != nil {
		return Run{}, l.fail(op, err)
	}
	return r, nil
}

// FinishRun records how a run ended: status done or failed.
func (l *Ledger) FinishRun(ctx context.Context, id int64, status string, outputs []string, errMsg string, now time.Time) error {
	op := fmt.Sprintf("finish report run %d", id)
	if status != RunDone && status != RunFailed {
		return fmt.Errorf("%s: status %q is neither %q nor %q", op, status, RunDone, RunFailed)
	}
	if outputs == nil {
		outputs = []string{}
	}
	out, err := json.Marshal(outputs)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	res, err := l.db.ExecContext(ctx, `UPDATE report_runs SET status = ?, outputs = ?, error = ?, finished = ? WHERE id = ?`,
		status, string(out), errMsg, formatTime(now), id)
	if err != nil {
		return l.fail(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return l.fail(op, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: ledger %s: %w", op, l.path, ErrNoRun)
	}
	return nil
}

// MonthDone reports whether a run of month finished with status done.
func (l *Ledger) MonthDone(ctx context.Context, month string) (bool, error) {
	var one int
	err := l.db.QueryRowContext(ctx, `SELECT 1 FROM report_runs WHERE month = ? AND status = 'done' LIMIT 1`, month).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, l.fail("check report runs of "+month, err)
	}
	return true, nil
}

// Runs returns up to limit runs, newest first (limit <= 0: all).
func (l *Ledger) Runs(ctx context.Context, limit int) ([]Run, error) {
	const op = "list report runs"
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := l.db.QueryContext(ctx, `SELECT id, month, run_trigger, status, started, finished, outputs, error, attempt
		FROM report_runs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, l.fail(op, err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var started, finished, outputs string
		if err := rows.Scan(&r.ID, &r.Month, &r.Trigger, &r.Status, &started, &finished, &outputs, &r.Error, &r.Attempt); err != nil {
			return nil, l.fail(op, err)
		}
		if r.Started, err = parseTime(started); err != nil {
			return nil, fmt.Errorf("%s: run %d: %w", op, r.ID, err)
		}
		if r.Finished, err = parseTime(finished); err != nil {
			return nil, fmt.Errorf("%s: run %d: %w", op, r.ID, err)
		}
		if err := json.Unmarshal([]byte(outputs), &r.Outputs); err != nil {
			return nil, fmt.Errorf("%s: run %d: stored outputs %q: %w", op, r.ID, outputs, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, l.fail(op, err)
	}
	return out, nil
}
