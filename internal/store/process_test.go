package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Child processes are this test binary run again with these variables set.
const (
	childEnv  = "CLIENTRISK_STORE_CHILD"
	ledgerEnv = "CLIENTRISK_STORE_LEDGER"
	seedEnv   = "CLIENTRISK_STORE_SEED"
	holdEnv   = "CLIENTRISK_STORE_HOLD"
)

const (
	crashDocs       = 50_000
	crashDuplicates = 10
	crashEntries    = 100
)

// crashFile is the g-th file a crash-test child imports: crashDocs
// distinct documents (overlapping earlier files, some with new amounts),
// crashDuplicates repeated rows and crashEntries time entries.
func crashFile(g int) ([]invoice.Document, []invoice.TimeEntry) {
	docs := make([]invoice.Document, 0, crashDocs+crashDuplicates)
	base := (g % 20) * 10_000
	file := fmt.Sprintf("export-%d.xlsx", g)
	for j := base; j < base+crashDocs; j++ {
		amount := invoice.Money(j * 100)
		if j%7 == 0 {
			amount += invoice.Money(g)
		}
		docs = append(docs, inv(fmt.Sprintf("N-%d", j), fmt.Sprintf("client-%d", j%300), d(2024, 1, 1).AddDays(j%700), amount, file, len(docs)+2))
	}
	docs = append(docs, docs[:crashDuplicates]...)
	entries := make([]invoice.TimeEntry, crashEntries)
	for j := range entries {
		entries[j] = invoice.TimeEntry{ClientKey: fmt.Sprintf("client-%d", j%5), Date: d(2025, 1, 1+j%28), Seconds: 1800, Source: invoice.Source{File: file, Row: j + 2}}
	}
	return docs, entries
}

// TestHelperImportChild is not a test: it is the child process of
// TestCrashMidImport, importing file after file until it is killed.
func TestHelperImportChild(t *testing.T) {
	t.Parallel()
	if os.Getenv(childEnv) != "import" {
		t.Skip("helper process for TestCrashMidImport")
	}
	seed, _ := strconv.Atoi(os.Getenv(seedEnv))
	l, err := Open(os.Getenv(ledgerEnv))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	fmt.Println("ready")
	for i := 0; ; i++ {
		g := seed*100 + i
		docs, entries := crashFile(g)
		fmt.Println("start", g)
		if _, err := l.Import(context.Background(), ImportFile{Name: fmt.Sprintf("export-%d.xlsx", g), SHA256: fmt.Sprintf("sha-%d", g)}, docs, entries, ReadCounts{}, time.Now()); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Println("done", g)
	}
}

// lineWatcher collects a child's stdout lines and signals when a wanted
// line arrives.
type lineWatcher struct {
	mu    sync.Mutex
	lines []string
	seen  chan string
}

func watch(r io.Reader) *lineWatcher {
	w := &lineWatcher{seen: make(chan string, 1024)}
	go func() {
		s := bufio.NewScanner(r)
		for s.Scan() {
			w.mu.Lock()
			w.lines = append(w.lines, s.Text())
			w.mu.Unlock()
			select {
			case w.seen <- s.Text():
			default:
			}
		}
		close(w.seen)
	}()
	return w
}

func (w *lineWatcher) waitFor(prefix string, timeout time.Duration) error {
	deadline := time.After(timeout)
	for {
		select {
		case l, ok := <-w.seen:
			if !ok {
				return fmt.Errorf("child ended before printing %q", prefix)
			}
			if strings.HasPrefix(l, "error") {
				return errors.New("child: " + l)
			}
			if strings.HasPrefix(l, prefix) {
				return nil
			}
		case <-deadline:
			return fmt.Errorf("child did not print %q within %s", prefix, timeout)
		}
	}
}

func (w *lineWatcher) last() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.lines) == 0 {
		return ""
	}
	return w.lines[len(w.lines)-1]
}

func startChild(t *testing.T, test string, env ...string) (*exec.Cmd, *lineWatcher) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child: %v", err)
	}
	return cmd, watch(out)
}

// TestCrashMidImport kills a child process with SIGKILL at random moments
// while it imports 50k-document files, and checks after each kill that
// the ledger is intact and every import is wholly there or wholly absent.
func TestCrashMidImport(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("crash test runs child processes; skipped in -short")
	}
	path := filepath.Join(t.TempDir(), "clientrisk.db")
	r := rand.New(rand.NewPCG(20250305, 6))
	const kills = 20
	midImport := 0
	for k := range kills {
		var err error
		cmd, w := startChild(t, "TestHelperImportChild", childEnv+"=import", ledgerEnv+"="+path, seedEnv+"="+strconv.Itoa(k))
		delay := time.Duration(r.IntN(301)) * time.Millisecond
		// The delay counts from one of three moments so that kills land
		// while the child opens (and at first creates) the ledger, in its
		// first import, and in a later import after one has committed.
		switch k % 5 {
		case 1, 2:
			err = w.waitFor("ready", 60*time.Second)
		case 3, 4:
			err = w.waitFor("done", 120*time.Second)
		}
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("kill %d: %v", k, err)
		}
		time.Sleep(delay)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatalf("kill %d: %v", k, err)
		}
		cmd.Wait()
		if strings.HasPrefix(w.last(), "start") {
			midImport++
		}
		if strings.HasPrefix(w.last(), "error") {
			t.Fatalf("kill %d: %s", k, w.last())
		}
		checkLedger(t, fmt.Sprintf("after kill %d (delay %s, last line %q)", k, delay, w.last()), path)
	}
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := l.Imports(context.Background())
	l.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d kills, %d of them in the middle of an import; %d imports committed", kills, midImport, len(recs))
	// Kills 3, 4, 8, 9 ... come after a committed import: at least 8.
	if midImport == 0 || len(recs) < 8 {
		t.Errorf("got %d kills mid-import and %d committed imports, want some of each: the test proved too little", midImport, len(recs))
	}
}

// checkLedger reopens the ledger and checks its integrity and invariants.
func checkLedger(t *testing.T, when, path string) {
	t.Helper()
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return // killed before the ledger was created
	}
	l, err := Open(path)
	if err != nil {
		t.Fatalf("%s: reopen: %v", when, err)
	}
	defer l.Close()
	var ok string
	if err := l.db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("%s: integrity_check: %q, %v", when, ok, err)
	}
	rows, err := l.db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Errorf("%s: foreign_key_check reports violations", when)
	}
	rows.Close()
	recs, err := l.Imports(context.Background())
	if err != nil {
		t.Fatalf("%s: %v", when, err)
	}
	versionsOf := map[int64]int{}
	rows, err = l.db.Query("SELECT import_id, count(*) FROM document_versions GROUP BY import_id")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		versionsOf[id] = n
	}
	rows.Close()
	for _, rec := range recs {
		var entries int
		versions := versionsOf[rec.ID]
		l.db.QueryRow("SELECT count(*) FROM time_entries WHERE import_id = ?", rec.ID).Scan(&entries)
		// Every file holds 50000 distinct documents plus 10 repeats and
		// 100 time entries.
		if rec.New+rec.Updated+rec.Unchanged != crashDocs || rec.Duplicates != crashDuplicates || rec.TimeEntries != crashEntries ||
			versions != crashDocs || entries != crashEntries {
			t.Errorf("%s: import %d (%s) partly there: counts %d+%d+%d, %d duplicates, %d entries; rows: %d versions, %d entries",
				when, rec.ID, rec.Name, rec.New, rec.Updated, rec.Unchanged, rec.Duplicates, rec.TimeEntries, versions, entries)
		}
	}
	// Every version is in exactly one table; every key with other
	// versions has a current one; and the current version has the
	// content of the newest version of its key (compared field by field),
	// or is itself the newest.
	var both, orphans, stale int
	l.db.QueryRow(`SELECT count(*) FROM other_versions o JOIN current_docs c ON c.key = o.key AND c.import_id = o.import_id`).Scan(&both)
	l.db.QueryRow(`SELECT count(*) FROM other_versions o WHERE NOT EXISTS (SELECT 1 FROM current_docs c WHERE c.key = o.key)`).Scan(&orphans)
	// (CROSS JOIN keeps current_docs the outer loop: one newest-version
	// lookup per document, not one max() per version.)
	l.db.QueryRow(`SELECT count(*) FROM current_docs c CROSS JOIN other_versions o ON o.key = c.key
		AND o.import_id = (SELECT max(m.import_id) FROM other_versions m WHERE m.key = c.key)
		WHERE o.import_id > c.import_id AND NOT (` + samePacked("c", "o") + `)`).Scan(&stale)
	if both != 0 || orphans != 0 || stale != 0 {
		t.Errorf("%s: %d versions both current and other, %d keys with no current version, %d documents not the newest version",
			when, both, orphans, stale)
	}
}

// TestHelperLockChild is not a test: it is the child process of
// TestSecondWriterWaits, holding the write lock for a while.
func TestHelperLockChild(t *testing.T) {
	t.Parallel()
	if os.Getenv(childEnv) != "lock" {
		t.Skip("helper process for TestSecondWriterWaits")
	}
	hold, _ := time.ParseDuration(os.Getenv(holdEnv))
	l, err := Open(os.Getenv(ledgerEnv))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	ctx := context.Background()
	c, err := l.db.Conn(ctx)
	if err == nil {
		_, err = c.ExecContext(ctx, "BEGIN IMMEDIATE")
	}
	if err == nil {
		_, err = c.ExecContext(ctx, `INSERT INTO report_runs (month, run_trigger, status, started, attempt) VALUES ('2025-01', 'manual', 'running', '', 1)`)
	}
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	fmt.Println("locked")
	time.Sleep(hold)
	if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	fmt.Println("released")
}

// TestSecondWriterWaits: while another process writes, an import waits
// for it (busy timeout) or, when the wait is too long, fails saying so.
func TestSecondWriterWaits(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs child processes; skipped in -short")
	}
	tests := []struct {
		name     string
		busy     time.Duration
		hold     time.Duration
		wantBusy bool
	}{
		{"waits for the other writer", DefaultBusyTimeout, 800 * time.Millisecond, false},
		{"gives up after a short busy timeout", 200 * time.Millisecond, 3 * time.Second, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "clientrisk.db")
			l, err := OpenWithOptions(path, Options{BusyTimeout: tc.busy})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			cmd, w := startChild(t, "TestHelperLockChild", childEnv+"=lock", ledgerEnv+"="+path, holdEnv+"="+tc.hold.String())
			defer cmd.Wait()
			if err := w.waitFor("locked", 60*time.Second); err != nil {
				cmd.Process.Kill()
				t.Fatal(err)
			}
			began := time.Now()
			docs := []invoice.Document{inv("INV-1", "acme", d(2025, 1, 1), 100, "f.xlsx", 2)}
			_, err = l.Import(context.Background(), ImportFile{Name: "f.xlsx", SHA256: "f"}, docs, nil, ReadCounts{}, testNow)
			waited := time.Since(began)
			if tc.wantBusy {
				want := "the ledger " + path + " is busy: another clientrisk is writing to it"
				if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), want) {
					t.Errorf("import: got error %v, want one saying %q", err, want)
				}
				if waited < tc.busy/2 || waited > tc.hold {
					t.Errorf("import gave up after %s, want about the busy timeout %s", waited, tc.busy)
				}
			} else {
				if err != nil {
					t.Errorf("import: %v, want it to wait for the other writer and succeed", err)
				}
				// The child had slept at most the hold when we started;
				// waiting at least a little proves we did not skip the lock.
				if waited < 100*time.Millisecond {
					t.Errorf("import took %s, want it to wait for the child's lock", waited)
				}
			}
			if err := cmd.Wait(); err != nil {
				t.Fatalf("child: %v", err)
			}
			runs, err := l.Runs(context.Background(), 0)
			if err != nil || len(runs) != 1 {
				t.Errorf("the child's write: got %d runs, %v; want 1", len(runs), err)
			}
			docsNow, _, err := l.Documents(context.Background())
			wantDocs := 1
			if tc.wantBusy {
				wantDocs = 0
			}
			if err != nil || len(docsNow) != wantDocs {
				t.Errorf("documents after: got %d, %v; want %d", len(docsNow), err, wantDocs)
			}
			var ok string
			if err := l.db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
				t.Errorf("integrity_check: %q, %v", ok, err)
			}
		})
	}
}

// TestHelperRunChild is not a test: it is the child process of
// TestInterruptedRun, starting a report run and never finishing it.
func TestHelperRunChild(t *testing.T) {
	t.Parallel()
	if os.Getenv(childEnv) != "run" {
		t.Skip("helper process for TestInterruptedRun")
	}
	l, err := Open(os.Getenv(ledgerEnv))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	r, err := l.StartRun(context.Background(), "2025-04", "schedule", testNow)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	fmt.Println("started", r.ID)
	time.Sleep(time.Minute)
	os.Exit(3) // the parent kills it long before
}

// TestInterruptedRun: a run whose process is killed shows as failed
// ("interrupted") once the process is gone, is recorded so by the next
// StartRun or FailInterruptedRuns, and a live run, of another process or
// of this one, is left alone.
func TestInterruptedRun(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs a child process; skipped in -short")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clientrisk.db")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	statusOf := func(id int64) (listed Run, stored string) {
		t.Helper()
		runs, err := l.Runs(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			if r.ID == id {
				listed = r
			}
		}
		if err := l.db.QueryRow(`SELECT status FROM report_runs WHERE id = ?`, id).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		return listed, stored
	}

	cmd, w := startChild(t, "TestHelperRunChild", childEnv+"=run", ledgerEnv+"="+path)
	if err := w.waitFor("started", 60*time.Second); err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal(err)
	}
	childID, _ := strconv.ParseInt(strings.TrimPrefix(w.last(), "started "), 10, 64)
	childPID := cmd.Process.Pid
	if r, stored := statusOf(childID); r.Status != RunRunning || stored != RunRunning || r.PID != childPID {
		t.Errorf("while the child runs: listed %+v, stored %q; want running, pid %d", r, stored, childPID)
	}
	if n, err := l.FailInterruptedRuns(ctx, testNow); err != nil || n != 0 {
		t.Errorf("FailInterruptedRuns while the child runs: %d, %v; want 0", n, err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	// Runs only reads: the stored row is still running, the listed one
	// says what happened.
	r, stored := statusOf(childID)
	wantErr := fmt.Sprintf("interrupted: its clientrisk process (pid %d on ", childPID)
	if r.Status != RunFailed || !strings.HasPrefix(r.Error, wantErr) || stored != RunRunning {
		t.Errorf("after the kill: listed %s %q, stored %q; want failed %q..., stored running", r.Status, r.Error, stored, wantErr)
	}

	// This process's own run is live until it finishes, also seen through
	// a second handle on the same ledger.
	own, err := l.StartRun(ctx, "2025-05", "manual", testNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// StartRun recorded the child's run as failed, finished at its now.
	var finished string
	if err := l.db.QueryRow(`SELECT status, finished FROM report_runs WHERE id = ?`, childID).Scan(&stored, &finished); err != nil {
		t.Fatal(err)
	}
	if stored != RunFailed || finished != formatTime(testNow.Add(time.Hour)) {
		t.Errorf("child's run after StartRun: stored %q finished %q; want failed at %s", stored, finished, formatTime(testNow.Add(time.Hour)))
	}
	l2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	runs, err := l2.Runs(ctx, 1)
	if err != nil || len(runs) != 1 || runs[0].ID != own.ID || runs[0].Status != RunRunning {
		t.Errorf("own run through a second handle: got %+v, %v; want run %d running", runs, err, own.ID)
	}

	// A run with this process's pid that this process did not start is
	// a previous process's (a container's pid 1 after a restart).
	host, _ := os.Hostname()
	res, err := l.db.Exec(`INSERT INTO report_runs (month, run_trigger, status, started, attempt, host, pid)
		VALUES ('2025-03', 'schedule', 'running', ?, 1, ?, ?)`, formatTime(testNow), host, os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	reused, _ := res.LastInsertId()
	// A run of another machine is not judged, whatever its pid.
	res, err = l.db.Exec(`INSERT INTO report_runs (month, run_trigger, status, started, attempt, host, pid)
		VALUES ('2025-02', 'schedule', 'running', ?, 1, 'another-host.example', ?)`, formatTime(testNow), childPID)
	if err != nil {
		t.Fatal(err)
	}
	remote, _ := res.LastInsertId()
	if n, err := l.FailInterruptedRuns(ctx, testNow.Add(2*time.Hour)); err != nil || n != 1 {
		t.Errorf("FailInterruptedRuns: %d, %v; want 1 (the reused pid's run)", n, err)
	}
	for _, c := range []struct {
		id   int64
		want string
	}{{reused, RunFailed}, {remote, RunRunning}, {own.ID, RunRunning}} {
		if r, stored := statusOf(c.id); r.Status != c.want || stored != c.want {
			t.Errorf("run %d: listed %q, stored %q; want %q", c.id, r.Status, stored, c.want)
		}
	}
	if err := l.FinishRun(ctx, own.ID, RunDone, nil, "", testNow.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if r, stored := statusOf(own.ID); r.Status != RunDone || stored != RunDone {
		t.Errorf("own run after FinishRun: listed %q, stored %q; want done", r.Status, stored)
	}
}
