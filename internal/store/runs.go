package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
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
	Attempt  int    // 1 for the month's first run, 2 for the next ...
	Host     string // the machine of the process that ran it
	PID      int    // that process
}

// Run statuses.
const (
	RunRunning = "running"
	RunDone    = "done"
	RunFailed  = "failed"
)

// ErrNoRun is wrapped when FinishRun is given an unknown id.
var ErrNoRun = errors.New("no such report run")

// A run whose process ended before finishing it (a crash, a kill, a power
// cut) would stay "running" for ever. Each run records its host and pid;
// a running run of this host whose process no longer exists is
// interrupted: Runs shows it as failed, and StartRun and
// FailInterruptedRuns record it so. A run of this very process is live
// only if this process started it and has not finished it (ownRuns), so
// that a new process that got the pid of a crashed one (pid 1 in a
// container) does not take the old run for its own. A pid reused by an
// unrelated process keeps an interrupted run "running" until that process
// ends; a run of another host is never judged.
var (
	ownRuns  sync.Map // runKey -> struct{}
	hostName = func() string { h, _ := os.Hostname(); return h }()
)

type runKey struct {
	ledger string // the ledger's absolute path
	id     int64
}

// interrupted reports whether r is a running run whose process is gone.
func (l *Ledger) interrupted(r Run) bool {
	if r.Status != RunRunning || r.PID <= 0 || r.Host != hostName {
		return false
	}
	if r.PID == os.Getpid() {
		_, live := ownRuns.Load(runKey{l.abs, r.ID})
		return !live
	}
	return processGone(r.PID)
}

func interruptedError(r Run) string {
	return fmt.Sprintf("interrupted: its clientrisk process (pid %d on %s) ended before the run finished", r.PID, r.Host)
}

// interruptedWhy is the error to record for r if it is interrupted, else "".
func (l *Ledger) interruptedWhy(r Run) string {
	if l.interrupted(r) {
		return interruptedError(r)
	}
	return ""
}

// FailInterruptedRuns records every interrupted run as failed, finished
// at now, and returns how many there were.
func (l *Ledger) FailInterruptedRuns(ctx context.Context, now time.Time) (int, error) {
	return l.failRunsTx(ctx, "record interrupted report runs", now, l.interruptedWhy)
}

// FailRunsLeftRunning records as failed every running run with one of
// triggers that this process did not start, whatever its host and pid.
// `serve` calls it at start for the triggers only a serve uses (schedule,
// catch-up, drop): it holds the ledger's serve lock, so such a run still
// running belongs to a serve that ended, even one on a machine whose name
// has changed since (a container recreated).
func (l *Ledger) FailRunsLeftRunning(ctx context.Context, now time.Time, triggers ...string) (int, error) {
	return l.failRunsTx(ctx, "record report runs left running", now, func(r Run) string {
		if _, own := ownRuns.Load(runKey{l.abs, r.ID}); own || !slices.Contains(triggers, r.Trigger) {
			return ""
		}
		return fmt.Sprintf("interrupted: the clientrisk serve that ran it (pid %d on %s) ended before the run finished", r.PID, r.Host)
	})
}

// failRunsTx is failRuns in a transaction of its own.
func (l *Ledger) failRunsTx(ctx context.Context, op string, now time.Time, why func(Run) string) (int, error) {
	if err := l.writable(op); err != nil {
		return 0, err
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, l.fail(op, err)
	}
	defer tx.Rollback()
	n, err := failRuns(ctx, tx, now, why)
	if err != nil {
		return 0, l.fail(op, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, l.fail(op, err)
	}
	return n, nil
}

// failRuns records as failed, finished at now, every running run for
// which why gives a reason (the error recorded), and returns how many.
func failRuns(ctx context.Context, tx *sql.Tx, now time.Time, why func(Run) string) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, run_trigger, host, pid FROM report_runs WHERE status = 'running'`)
	if err != nil {
		return 0, err
	}
	type failing struct {
		id     int64
		reason string
	}
	var fails []failing
	for rows.Next() {
		r := Run{Status: RunRunning}
		if err := rows.Scan(&r.ID, &r.Trigger, &r.Host, &r.PID); err != nil {
			rows.Close()
			return 0, err
		}
		if reason := why(r); reason != "" {
			fails = append(fails, failing{r.ID, reason})
		}
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, f := range fails {
		if _, err := tx.ExecContext(ctx, `UPDATE report_runs SET status = 'failed', error = ?, finished = ? WHERE id = ? AND status = 'running'`,
			f.reason, formatTime(now), f.id); err != nil {
			return 0, err
		}
	}
	return len(fails), nil
}

// StartRun records that a month's report has started.
func (l *Ledger) StartRun(ctx context.Context, month, trigger string, now time.Time) (Run, error) {
	op := "start report run for " + month
	if _, err := invoice.ParseMonth(month); err != nil {
		return Run{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := l.writable(op); err != nil {
		return Run{}, err
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return Run{}, l.fail(op, err)
	}
	defer tx.Rollback()
	if _, err := failRuns(ctx, tx, now, l.interruptedWhy); err != nil {
		return Run{}, l.fail(op, err)
	}
	var attempt int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) + 1 FROM report_runs WHERE month = ?`, month).Scan(&attempt); err != nil {
		return Run{}, l.fail(op, err)
	}
	r := Run{Month: month, Trigger: trigger, Status: RunRunning, Started: now.UTC(), Attempt: attempt, Host: hostName, PID: os.Getpid()}
	res, err := tx.ExecContext(ctx, `INSERT INTO report_runs (month, run_trigger, status, started, attempt, host, pid) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		month, trigger, r.Status, formatTime(now), attempt, r.Host, r.PID)
	if err != nil {
		return Run{}, l.fail(op, err)
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return Run{}, l.fail(op, err)
	}
	// Marked live before the commit makes the run visible.
	ownRuns.Store(runKey{l.abs, r.ID}, struct{}{})
	if err := tx.Commit(); err != nil {
		ownRuns.Delete(runKey{l.abs, r.ID})
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
	if err := l.writable(op); err != nil {
		return err
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
	ownRuns.Delete(runKey{l.abs, id})
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
	return l.exists(ctx, "check report runs of "+month, `SELECT 1 FROM report_runs WHERE month = ? AND status = 'done' LIMIT 1`, month)
}

// Runs returns up to limit runs, newest first (limit <= 0: all). An
// interrupted run (see FailInterruptedRuns) comes back failed, with the
// error saying so, even before it is recorded as such: Runs only reads.
func (l *Ledger) Runs(ctx context.Context, limit int) ([]Run, error) {
	const op = "list report runs"
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := l.db.QueryContext(ctx, `SELECT id, month, run_trigger, status, started, finished, outputs, error, attempt, host, pid
		FROM report_runs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, l.fail(op, err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var started, finished, outputs string
		if err := rows.Scan(&r.ID, &r.Month, &r.Trigger, &r.Status, &started, &finished, &outputs, &r.Error, &r.Attempt, &r.Host, &r.PID); err != nil {
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
		if l.interrupted(r) {
			r.Status, r.Error = RunFailed, interruptedError(r)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, l.fail(op, err)
	}
	return out, nil
}
