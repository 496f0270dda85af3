package pipeline

// Integration tests of Service (`clientrisk serve`): real folders in a temp
// dir, the real SQLite ledger, the real schedule and drop folder; only the
// clock is fake (clockwork), and the test moves it.

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Rome on a machine without zoneinfo

	"github.com/jonboulle/clockwork"

	"github.com/clientrisk/clientrisk/internal/config"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/schedule"
	"github.com/clientrisk/clientrisk/internal/store"
)

// serveSample is the Spanish CSV of samples/: 60 invoices, F2024-001 to
// F2026-025 (61 lines less the header), none rejected, no duplicate number.
const (
	serveSample     = "facturas_emitidas.csv"
	serveSampleDocs = 60
)

func serveSamplePath() string { return filepath.Join("..", "..", "samples", serveSample) }

func serveRome(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatalf("load Europe/Rome: %v", err)
	}
	return loc
}

// serveLog keeps what the service logged, so a test can wait for a step
// ("watching drop folder") and read its attributes, and print it all
// when something fails.
type serveLog struct {
	mu   sync.Mutex
	recs []serveRecord
}

type serveRecord struct {
	msg   string
	attrs map[string]string
}

type serveLogHandler struct {
	book  *serveLog
	attrs []slog.Attr
}

func (h serveLogHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h serveLogHandler) Handle(_ context.Context, r slog.Record) error {
	rec := serveRecord{msg: r.Message, attrs: map[string]string{}}
	for _, a := range h.attrs {
		rec.attrs[a.Key] = a.Value.String()
	}
	r.Attrs(func(a slog.Attr) bool {
		rec.attrs[a.Key] = a.Value.String()
		return true
	})
	h.book.mu.Lock()
	h.book.recs = append(h.book.recs, rec)
	h.book.mu.Unlock()
	return nil
}

func (h serveLogHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return serveLogHandler{book: h.book, attrs: append(slices.Clip(h.attrs), as...)}
}

func (h serveLogHandler) WithGroup(string) slog.Handler { return h }

// find returns the attributes of every record with message msg.
func (b *serveLog) find(msg string) []map[string]string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]string
	for _, r := range b.recs {
		if r.msg == msg {
			out = append(out, r.attrs)
		}
	}
	return out
}

func (b *serveLog) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var s strings.Builder
	for _, r := range b.recs {
		keys := make([]string, 0, len(r.attrs))
		for k := range r.attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		s.WriteString("  " + r.msg)
		for _, k := range keys {
			fmt.Fprintf(&s, " %s=%s", k, r.attrs[k])
		}
		s.WriteByte('\n')
	}
	return s.String()
}

// serveEnv is one service's world: a config file in a temp dir, its
// ledger, and the fake clock.
type serveEnv struct {
	t      *testing.T
	dir    string
	cfg    *config.Config
	clock  *clockwork.FakeClock
	ledger *store.Ledger
}

// newServeEnv writes a config (poll 1s, settle 2s, Europe/Rome, the
// default 07:00-on-the-1st schedule, extra YAML appended) and opens its
// ledger.
func newServeEnv(t *testing.T, start time.Time, onDrop string, catchUp bool, extra ...string) *serveEnv {
	t.Helper()
	dir := t.TempDir()
	yaml := fmt.Sprintf(`timezone: Europe/Rome
ledger: clientrisk.db
output_dir: reports
schedule:
  cron: "0 7 1 * *"
  catch_up: %t
dropfolder:
  poll: 1s
  settle: 2s
  on_drop: %s
`, catchUp, onDrop) + strings.Join(extra, "")
	path := filepath.Join(dir, "clientrisk.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatalf("load config: %v", err)
	}
	l, err := store.Open(cfg.Ledger)
	if err != nil {
		t.Fatalf("open ledger: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return &serveEnv{t: t, dir: dir, cfg: cfg, clock: clockwork.NewFakeClockAt(start), ledger: l}
}

func (e *serveEnv) pipeline(log *slog.Logger) *Pipeline { return New(e.cfg, log, e.clock.Now) }

// seedLedger imports the sample CSV (so a report can be made) and records
// a done run for each of doneMonths, as an earlier serve would have.
func (e *serveEnv) seedLedger(doneMonths ...string) {
	e.t.Helper()
	ctx := context.Background()
	p := e.pipeline(nil)
	if o := p.Import(ctx, e.ledger, serveSamplePath()); o.Err != nil {
		e.t.Fatalf("seed the ledger: %v", o.Err)
	}
	for _, m := range doneMonths {
		r, err := e.ledger.StartRun(ctx, m, schedule.TriggerSchedule, e.clock.Now())
		if err != nil {
			e.t.Fatal(err)
		}
		if err := e.ledger.FinishRun(ctx, r.ID, store.RunDone, nil, "", e.clock.Now()); err != nil {
			e.t.Fatal(err)
		}
	}
}

// runningService is a Service.Run in a goroutine.
type runningService struct {
	env    *serveEnv
	log    *serveLog
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

// start runs the service and returns once the drop folder is watched
// (the schedule, with its catch-up list, is started before that).
func (e *serveEnv) start() *runningService {
	e.t.Helper()
	book := &serveLog{}
	ctx, cancel := context.WithCancel(context.Background())
	svc := &Service{
		P: e.pipeline(slog.New(serveLogHandler{book: book})), Ledger: e.ledger,
		Clock: e.clock, ShutdownTimeout: 5 * time.Second,
	}
	rs := &runningService{env: e, log: book, cancel: cancel, done: make(chan error, 1)}
	go func() { rs.done <- svc.Run(ctx) }()
	e.t.Cleanup(rs.stop)
	e.waitFor("the service to start", func() (bool, string) {
		select {
		case err := <-rs.done:
			rs.done <- err
			e.t.Fatalf("Service.Run returned at start: %v\nlog:\n%s", err, book)
		default:
		}
		return len(book.find("watching drop folder")) > 0, ""
	}, 0, book)
	return rs
}

// stop cancels the service and checks it returns nil within 10 s.
func (rs *runningService) stop() {
	rs.once.Do(func() {
		rs.cancel()
		select {
		case err := <-rs.done:
			if err != nil {
				rs.env.t.Errorf("Service.Run returned %v after cancel, want nil\nlog:\n%s", err, rs.log)
			}
		case <-time.After(10 * time.Second):
			rs.env.t.Errorf("Service.Run still running 10s after cancel\nlog:\n%s", rs.log)
		}
	})
}

// waitFor polls cond every 20 ms of real time for up to 10 s, moving the
// fake clock by step between looks (0: the clock stands still).
func (e *serveEnv) waitFor(what string, cond func() (bool, string), step time.Duration, book *serveLog) {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, state := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("waiting for %s: not within 10s (fake clock at %s); state: %s\nlog:\n%s",
				what, e.clock.Now().Format(time.RFC3339), state, book)
		}
		if step > 0 {
			e.clock.Advance(step)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// blockUntilWaiters waits until n timers are set on the fake clock.
func (e *serveEnv) blockUntilWaiters(n int, book *serveLog) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.clock.BlockUntilContext(ctx, n); err != nil {
		e.t.Fatalf("waiting for %d timers on the fake clock: %v\nlog:\n%s", n, err, book)
	}
}

// files lists the regular files under dir, relative to it, sorted; a
// missing dir has none.
func serveFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && path == dir {
				return filepath.SkipDir
			}
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("list %s: %v", dir, err)
	}
	return out
}

func (e *serveEnv) imports() []store.ImportRecord {
	e.t.Helper()
	recs, err := e.ledger.Imports(context.Background())
	if err != nil {
		e.t.Fatalf("read imports: %v", err)
	}
	return recs
}

// runs returns the ledger's runs oldest first.
func (e *serveEnv) runs() []store.Run {
	e.t.Helper()
	rs, err := e.ledger.Runs(context.Background(), 0)
	if err != nil {
		e.t.Fatalf("read runs: %v", err)
	}
	slices.Reverse(rs)
	return rs
}

func runsString(rs []store.Run) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%s/%s/%s", r.Month, r.Trigger, r.Status))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// drop writes data into the inbox the way a user's copy does: to a
// temporary name the watcher ignores, then renamed.
func (e *serveEnv) drop(name string, data []byte) {
	e.t.Helper()
	inbox := e.cfg.DropFolder.Inbox
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		e.t.Fatal(err)
	}
	tmp := filepath.Join(inbox, name+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		e.t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(inbox, name)); err != nil {
		e.t.Fatal(err)
	}
}

func readSample(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(serveSamplePath())
	if err != nil {
		t.Fatalf("read the sample export: %v", err)
	}
	return data
}

// A dropped export is claimed, imported, archived under archive/yyyy/mm
// (the month of the fake clock, in Rome) and, with on_drop: report, the
// previous month's report is made and recorded with trigger "drop".
func TestServeDropImportsArchivesAndReports(t *testing.T) {
	t.Parallel()
	loc := serveRome(t)
	// 10 November 2026: the default month is October 2026.
	e := newServeEnv(t, time.Date(2026, 11, 10, 10, 0, 0, 0, loc), "report", false)
	rs := e.start()
	data := readSample(t)
	e.drop(serveSample, data)

	archived := filepath.Join(e.cfg.DropFolder.Archive, "2026", "11", serveSample)
	e.waitFor("the export to be archived, imported and reported", func() (bool, string) {
		_, aerr := os.Stat(archived)
		runs := e.runs()
		done := len(runs) == 1 && runs[0].Status != store.RunRunning
		return aerr == nil && len(e.imports()) == 1 && done,
			fmt.Sprintf("archive %v, imports %d, runs %s", serveFiles(t, e.cfg.DropFolder.Archive), len(e.imports()), runsString(runs))
	}, 500*time.Millisecond, rs.log)
	rs.stop()

	got, err := os.ReadFile(archived)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("archived file: %d bytes, err %v; want the %d bytes dropped, unchanged", len(got), err, len(data))
	}
	for _, dir := range []string{e.cfg.DropFolder.Inbox, e.cfg.DropFolder.Processing, e.cfg.DropFolder.Failed} {
		if left := serveFiles(t, dir); len(left) != 0 {
			t.Errorf("%s holds %v, want nothing", dir, left)
		}
	}
	imps := e.imports()
	if len(imps) != 1 {
		t.Fatalf("imports: got %d, want 1", len(imps))
	}
	if imp := imps[0]; imp.Name != serveSample || imp.New != serveSampleDocs || imp.Rejected != 0 || imp.Status != "done" {
		t.Errorf("import: got name %q new %d rejected %d status %q; want %q new %d rejected 0 status done",
			imp.Name, imp.New, imp.Rejected, imp.Status, serveSample, serveSampleDocs)
	}

	runs := e.runs()
	if len(runs) != 1 {
		t.Fatalf("runs: got %s, want one for 2026-10", runsString(runs))
	}
	r := runs[0]
	if r.Month != "2026-10" || r.Trigger != TriggerDrop || r.Status != store.RunDone || r.Error != "" {
		t.Errorf("run: got %s/%s/%s error %q, want 2026-10/drop/done", r.Month, r.Trigger, r.Status, r.Error)
	}
	reports := filepath.Join(e.dir, "reports")
	want := []string{
		filepath.Join(reports, "2026-10-client-report.pdf"),
		filepath.Join(reports, "2026-10-client-report.json"),
		filepath.Join(reports, "2026-10-client-report.xlsx"),
	}
	if !slices.Equal(r.Outputs, want) {
		t.Errorf("run outputs: got %v, want %v", r.Outputs, want)
	}
	for _, path := range want {
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Errorf("report file %s: %v (want a non-empty file)", path, err)
		}
	}
	if pdf, _ := os.ReadFile(want[0]); !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("%s does not start with %%PDF-", want[0])
	}
}

// A file that cannot be read goes to failed/ with <name>.error.txt saying
// why; the ledger, the archive and the reports folder stay as they were.
func TestServeCorruptDropGoesToFailed(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		data   []byte
		reason []string // all in the first line of the .error.txt
	}{
		{"broken.xlsx", []byte("PK\x03\x04 this was cut off mid-copy"), []string{"broken.xlsx", "damaged"}},
		{"notes.csv", []byte("shopping list\nmilk\neggs\n"), []string{"notes.csv", "not a spreadsheet"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			loc := serveRome(t)
			e := newServeEnv(t, time.Date(2026, 11, 10, 10, 0, 0, 0, loc), "report", false)
			rs := e.start()
			e.drop(c.name, c.data)
			failed := filepath.Join(e.cfg.DropFolder.Failed, c.name)
			e.waitFor("the file to fail", func() (bool, string) {
				fi, err := os.Stat(failed + ".error.txt")
				return err == nil && fi.Size() > 0, fmt.Sprintf("failed/ holds %v", serveFiles(t, e.cfg.DropFolder.Failed))
			}, 500*time.Millisecond, rs.log)
			// A little more fake time: nothing else may happen.
			e.clock.Advance(5 * time.Second)
			rs.stop()

			if got, err := os.ReadFile(failed); err != nil || !bytes.Equal(got, c.data) {
				t.Errorf("failed/%s: %q, %v; want the bytes dropped, unchanged", c.name, got, err)
			}
			why, _ := os.ReadFile(failed + ".error.txt")
			first, _, _ := strings.Cut(string(why), "\n")
			for _, w := range c.reason {
				if !strings.Contains(first, w) {
					t.Errorf("error file says %q, want a first line with %q", why, w)
				}
			}
			if got, want := serveFiles(t, e.cfg.DropFolder.Failed), []string{c.name, c.name + ".error.txt"}; !slices.Equal(got, want) {
				t.Errorf("failed/ holds %v, want %v", got, want)
			}
			for _, dir := range []string{e.cfg.DropFolder.Inbox, e.cfg.DropFolder.Processing, e.cfg.DropFolder.Archive, filepath.Join(e.dir, "reports")} {
				if left := serveFiles(t, dir); len(left) != 0 {
					t.Errorf("%s holds %v, want nothing", dir, left)
				}
			}
			if n := len(e.imports()); n != 0 {
				t.Errorf("ledger has %d imports, want 0", n)
			}
			if runs := e.runs(); len(runs) != 0 {
				t.Errorf("ledger has runs %s, want none", runsString(runs))
			}
		})
	}
}

// Two exports of the same name dropped either side of a month end are
// both kept, each in its own archive/yyyy/mm, and both imported.
func TestServeSameNameInTwoMonths(t *testing.T) {
	t.Parallel()
	loc := serveRome(t)
	e := newServeEnv(t, time.Date(2026, 10, 31, 23, 0, 0, 0, loc), "import", false)
	rs := e.start()
	full := readSample(t)
	// The October export holds the first 30 invoices (header + 30 lines);
	// the November one is the whole file, the same 30 and 30 more.
	lines := bytes.SplitAfter(full, []byte("\n"))
	if len(lines) < 1+serveSampleDocs {
		t.Fatalf("sample has %d lines, want at least %d", len(lines), 1+serveSampleDocs)
	}
	october := bytes.Join(lines[:31], nil)

	e.drop(serveSample, october)
	octPath := filepath.Join(e.cfg.DropFolder.Archive, "2026", "10", serveSample)
	e.waitFor("the October export to be archived", func() (bool, string) {
		_, err := os.Stat(octPath)
		return err == nil && len(e.imports()) == 1, fmt.Sprintf("archive %v", serveFiles(t, e.cfg.DropFolder.Archive))
	}, 500*time.Millisecond, rs.log)

	// Past midnight in Rome (23:00 UTC on 31 October).
	e.clock.Advance(time.Date(2026, 11, 1, 0, 30, 0, 0, loc).Sub(e.clock.Now()))
	e.drop(serveSample, full)
	novPath := filepath.Join(e.cfg.DropFolder.Archive, "2026", "11", serveSample)
	e.waitFor("the November export to be archived", func() (bool, string) {
		_, err := os.Stat(novPath)
		return err == nil && len(e.imports()) == 2, fmt.Sprintf("archive %v", serveFiles(t, e.cfg.DropFolder.Archive))
	}, 500*time.Millisecond, rs.log)
	rs.stop()

	want := []string{"2026/10/" + serveSample, "2026/11/" + serveSample}
	if got := serveFiles(t, e.cfg.DropFolder.Archive); !slices.Equal(got, want) {
		t.Errorf("archive holds %v, want %v", got, want)
	}
	for _, c := range []struct {
		path string
		want []byte
	}{{octPath, october}, {novPath, full}} {
		if got, _ := os.ReadFile(c.path); !bytes.Equal(got, c.want) {
			t.Errorf("%s: %d bytes, want the %d bytes dropped", c.path, len(got), len(c.want))
		}
	}
	imps := e.imports()
	// October: 30 new. November: 60 rows, of which the first 30 are the
	// October ones unchanged, so 60-30 = 30 new.
	type counts struct{ New, Unchanged int }
	wantCounts := []counts{{30, 0}, {30, 30}}
	for i, w := range wantCounts {
		if i >= len(imps) {
			t.Errorf("import %d missing", i+1)
			continue
		}
		if got := (counts{imps[i].New, imps[i].Unchanged}); got != w {
			t.Errorf("import %d (%s): got %+v, want %+v", i+1, imps[i].Name, got, w)
		}
	}
}

// A month whose scheduled run was missed while the service was down is
// made at the next start, oldest first, once: a second start makes
// nothing.
func TestServeCatchUpOnce(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		start time.Time
		// The months made at the first start, with trigger catch-up.
		want []string
	}{
		// Newest scheduled time 1 October 07:00 (for September); 1
		// September (for August) is done.
		{"one month missed", time.Date(2026, 10, 15, 12, 0, 0, 0, time.UTC), []string{"2026-09"}},
		// Down on 1 October and 1 November: September and October.
		{"two month starts missed", time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC), []string{"2026-09", "2026-10"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newServeEnv(t, c.start, "import", true)
			e.seedLedger("2026-08")
			rs := e.start()
			e.waitFor("the catch-up runs", func() (bool, string) {
				runs := e.runs()
				if len(runs) != 1+len(c.want) {
					return false, runsString(runs)
				}
				for _, r := range runs {
					if r.Status == store.RunRunning {
						return false, runsString(runs)
					}
				}
				return true, ""
			}, 0, rs.log)
			rs.stop()
			checkCatchUpStarted(t, rs.log, len(c.want))

			want := []string{"2026-08/schedule/done"}
			for _, m := range c.want {
				want = append(want, m+"/catch-up/done")
			}
			if got := runsString(e.runs()); got != "["+strings.Join(want, " ")+"]" {
				t.Fatalf("runs after the first start: got %s, want %v\nlog:\n%s", got, want, rs.log)
			}

			// A restart three hours later: nothing is missed any more.
			e.clock.Advance(3 * time.Hour)
			rs2 := e.start()
			rs2.stop()
			checkCatchUpStarted(t, rs2.log, 0)
			if got := runsString(e.runs()); got != "["+strings.Join(want, " ")+"]" {
				t.Errorf("runs after the restart: got %s, want still %v\nlog:\n%s", got, want, rs2.log)
			}
		})
	}
}

// checkCatchUpStarted checks how many months the schedule said it would
// catch up at its start.
func checkCatchUpStarted(t *testing.T, book *serveLog, want int) {
	t.Helper()
	started := book.find("report schedule started")
	if len(started) != 1 {
		t.Fatalf("got %d 'report schedule started' records, want 1\nlog:\n%s", len(started), book)
	}
	if got := started[0]["catch_up_months"]; got != fmt.Sprint(want) {
		t.Errorf("catch_up_months = %s, want %d", got, want)
	}
}

// The monthly job fires at 07:00 on the 1st in Rome (06:00 UTC on
// 1 November 2026, after the return to CET on 25 October), not before,
// and makes October's report with trigger "schedule".
func TestServeScheduleFiresAtSevenInRome(t *testing.T) {
	t.Parallel()
	loc := serveRome(t)
	e := newServeEnv(t, time.Date(2026, 10, 31, 23, 0, 0, 0, loc), "import", true)
	// September is done (1 October's run), so nothing is caught up.
	e.seedLedger("2026-09")
	rs := e.start()
	// Two timers wait on the clock: gocron's for the next run, and the
	// drop folder's next poll.
	e.blockUntilWaiters(2, rs.log)
	e.clock.Advance(time.Date(2026, 11, 1, 6, 59, 0, 0, loc).Sub(e.clock.Now()))
	e.blockUntilWaiters(2, rs.log)
	if got := runsString(e.runs()); got != "[2026-09/schedule/done]" {
		t.Fatalf("runs at 06:59: got %s, want only the seeded one", got)
	}
	e.clock.Advance(2 * time.Minute) // 07:01
	e.waitFor("the scheduled run", func() (bool, string) {
		runs := e.runs()
		return len(runs) == 2 && runs[1].Status != store.RunRunning, runsString(runs)
	}, 0, rs.log)
	rs.stop()

	runs := e.runs()
	if got, want := runsString(runs), "[2026-09/schedule/done 2026-10/schedule/done]"; got != want {
		t.Fatalf("runs: got %s, want %s", got, want)
	}
	// The run starts when the timer fires: Advance moved the clock to
	// 07:01 before firing it, so between 07:00 and 07:01 Rome time.
	from, to := time.Date(2026, 11, 1, 7, 0, 0, 0, loc), time.Date(2026, 11, 1, 7, 1, 0, 0, loc)
	if s := runs[1].Started; s.Before(from) || s.After(to) {
		t.Errorf("run started at %s, want between %s and %s", s.In(loc), from, to)
	}
}

// Cancelling the context of an idle service returns nil at once.
func TestServeStopsPromptlyWhenIdle(t *testing.T) {
	e := newServeEnv(t, time.Date(2026, 11, 10, 10, 0, 0, 0, time.UTC), "report", true)
	e.seedLedger("2026-10")
	rs := e.start()
	began := time.Now()
	rs.cancel()
	select {
	case err := <-rs.done:
		if err != nil {
			t.Errorf("Run returned %v, want nil", err)
		}
		if took := time.Since(began); took > 2*time.Second {
			t.Errorf("Run took %s to return after cancel, want under 2s", took)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("Run still running 10s after cancel\nlog:\n%s", rs.log)
	}
	rs.once.Do(func() {}) // Run's result is taken: the cleanup's stop must not wait for it again
}

// serveEmailOn is the email section of a config that emails the report
// (no outbox is set in these tests: nothing is sent).
const serveEmailOn = `email:
  host: smtp.example.com
  from: reports@example.com
  to: [owner@example.com]
`

// runJobAt0700 moves the clock to 07:01 on 1 November 2026, waits for
// the monthly job to run or to skip the month, and stops the service.
// The ledger then holds the job's run, if any, after two earlier ones.
func (e *serveEnv) runJobAt0700(rs *runningService, loc *time.Location) {
	e.t.Helper()
	e.blockUntilWaiters(2, rs.log) // gocron's next run, the next poll
	e.clock.Advance(time.Date(2026, 11, 1, 7, 1, 0, 0, loc).Sub(e.clock.Now()))
	e.waitFor("the 07:00 job to be over", func() (bool, string) {
		runs := e.runs()
		ran := len(runs) == 3 && runs[2].Status != store.RunRunning
		skipped := len(rs.log.find("report already made for this month; not running it again")) > 0
		return ran || skipped, runsString(runs)
	}, 0, rs.log)
	rs.stop()
}

// An export dropped after midnight on the 1st makes the month's report at
// once (trigger drop). With email on and on_drop: report, that report was
// not emailed, so the 07:00 job still runs for the month (and emails it);
// with email off the drop's report is the month's report and the job
// leaves it alone.
func TestServeDropReportBeforeTheScheduledRun(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		extra string
		want  string // runs, oldest first
	}{
		{"email on: the job still runs", serveEmailOn, "[2026-09/schedule/done 2026-10/drop/done 2026-10/schedule/done]"},
		{"email off: the drop's report stands", "", "[2026-09/schedule/done 2026-10/drop/done]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			loc := serveRome(t)
			e := newServeEnv(t, time.Date(2026, 11, 1, 0, 30, 0, 0, loc), "report", true, c.extra)
			// September is done (1 October's run): nothing to catch up.
			e.seedLedger("2026-09")
			rs := e.start()
			e.drop(serveSample, readSample(t))
			e.waitFor("the drop's report", func() (bool, string) {
				runs := e.runs()
				return len(runs) == 2 && runs[1].Status == store.RunDone, runsString(runs)
			}, 500*time.Millisecond, rs.log)
			e.runJobAt0700(rs, loc)
			if got := runsString(e.runs()); got != c.want {
				t.Errorf("runs: got %s, want %s", got, c.want)
			}
		})
	}
}

// A report made by hand (`clientrisk report`, a recorded manual run)
// counts as the month's report for the 07:00 job only when it was
// emailed, if email is on: a preview made by hand must not stop the
// monthly email.
func TestServeHandMadeReportAndTheJob(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		extra   string
		emailed bool
		want    string // runs, oldest first
	}{
		{"email on, not emailed: the job runs", serveEmailOn, false, "[2026-09/schedule/done 2026-10/manual/done 2026-10/schedule/done]"},
		{"email on, emailed by hand: the job skips", serveEmailOn, true, "[2026-09/schedule/done 2026-10/manual/done]"},
		{"email off: the hand-made report stands", "", false, "[2026-09/schedule/done 2026-10/manual/done]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			loc := serveRome(t)
			e := newServeEnv(t, time.Date(2026, 11, 1, 6, 30, 0, 0, loc), "report", true, c.extra)
			e.seedLedger("2026-09")
			// 06:30 on the 1st: October's report made by hand.
			if _, err := e.pipeline(nil).RecordedReport(ctx, ReportRequest{Month: invoice.Month{Year: 2026, Month: time.October}, Ledger: e.ledger}, TriggerManual); err != nil {
				t.Fatal(err)
			}
			if c.emailed {
				if _, err := e.ledger.AddDelivery(ctx, store.Delivery{Month: "2026-10", Recipient: "owner@example.com", Status: "sent",
					Created: e.clock.Now(), Updated: e.clock.Now(), Sent: e.clock.Now()}); err != nil {
					t.Fatal(err)
				}
			}
			rs := e.start()
			e.runJobAt0700(rs, loc)
			if got := runsString(e.runs()); got != c.want {
				t.Errorf("runs: got %s, want %s", got, c.want)
			}
		})
	}
}

// TestHelperAbandonRun is not a test: it is the child process of
// TestServeRecordsInterruptedRuns, starting a run and exiting without
// finishing it, as a crashed clientrisk would.
func TestHelperAbandonRun(t *testing.T) {
	ledger := os.Getenv("CLIENTRISK_ABANDON_LEDGER")
	if ledger == "" {
		t.Skip("helper process for TestServeRecordsInterruptedRuns")
	}
	l, err := store.Open(ledger)
	if err == nil {
		_, err = l.StartRun(context.Background(), "2026-10", TriggerManual, time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC))
	}
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	os.Exit(0)
}

// A run left "running" by a process that ended is recorded as failed
// when serve starts, and serve says so in its log.
func TestServeRecordsInterruptedRuns(t *testing.T) {
	e := newServeEnv(t, time.Date(2026, 11, 10, 10, 0, 0, 0, time.UTC), "report", false)
	child := exec.Command(os.Args[0], "-test.run=^TestHelperAbandonRun$", "-test.count=1")
	child.Env = append(os.Environ(), "CLIENTRISK_ABANDON_LEDGER="+e.cfg.Ledger)
	if out, err := child.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	rs := e.start()
	got := rs.log.find("report runs interrupted by a process that ended were recorded as failed")
	if len(got) != 1 || got[0]["runs"] != "1" {
		t.Errorf("serve's log: got %v, want one line with runs=1\nlog:\n%s", got, rs.log)
	}
	runs := e.runs()
	want := fmt.Sprintf("interrupted: its clientrisk process (pid %d on ", child.Process.Pid)
	if len(runs) != 1 || runs[0].Status != store.RunFailed || !strings.HasPrefix(runs[0].Error, want) ||
		!runs[0].Finished.Equal(e.clock.Now()) {
		t.Errorf("runs after serve started: %s; want the 2026-10 run failed %q..., finished %s", runsString(runs), want, e.clock.Now())
	}
}

// TestServeEmptyLedgerMakesTheMonthWhenDataComes: a serve started on an
// empty ledger has nothing to report for the month it catches up: it says
// so (not "report made"), and the month stays due; the first export
// dropped (on_drop: import, which makes no report of its own) brings it.
func TestServeEmptyLedgerMakesTheMonthWhenDataComes(t *testing.T) {
	t.Parallel()
	loc := serveRome(t)
	// 10 November 2026: the job of 1 November (for October) was missed.
	e := newServeEnv(t, time.Date(2026, 11, 10, 10, 0, 0, 0, loc), "import", true)
	rs := e.start()
	e.waitFor("the catch-up pass", func() (bool, string) {
		return len(rs.log.find("nothing to report yet: the month stays due and is made once an export is imported")) == 1, runsString(e.runs())
	}, 0, rs.log)
	if n := len(rs.log.find("report made")); n != 0 || len(e.runs()) != 0 {
		t.Fatalf("on an empty ledger: %d 'report made', runs %s; want none\nlog:\n%s", n, runsString(e.runs()), rs.log)
	}
	e.drop(serveSample, readSample(t))
	e.waitFor("October's report after the first import", func() (bool, string) {
		runs := e.runs()
		return len(runs) == 1 && runs[0].Status == store.RunDone, runsString(runs)
	}, 500*time.Millisecond, rs.log)
	rs.stop()
	if got := runsString(e.runs()); got != "[2026-10/catch-up/done]" {
		t.Errorf("runs: %s, want [2026-10/catch-up/done]\nlog:\n%s", got, rs.log)
	}
	if n := len(rs.log.find("report made")); n != 1 {
		t.Errorf("%d 'report made' records, want 1 (after the import)\nlog:\n%s", n, rs.log)
	}
}
