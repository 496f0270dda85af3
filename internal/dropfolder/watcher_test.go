package dropfolder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// folders makes the four folders' options under a temp dir.
func folders(t *testing.T, fc clockwork.Clock) Options {
	t.Helper()
	root := t.TempDir()
	return Options{
		Settings: Settings{
			Inbox:      filepath.Join(root, "drop", "inbox"),
			Processing: filepath.Join(root, "drop", "processing"),
			Archive:    filepath.Join(root, "drop", "archive"),
			Failed:     filepath.Join(root, "drop", "failed"),
			Poll:       10 * time.Second,
			Settle:     30 * time.Second,
		},
		Grace: 20 * time.Second,
		Clock: fc,
	}
}

// importer stands in for the pipeline's import: it reads the file (so a
// half-written file would show) and fails the names it is told to.
type importer struct {
	mu      sync.Mutex
	got     []string // "name: content" as read at import time
	failing map[string]error
	details []string
}

func (im *importer) imp(_ context.Context, path string) (Outcome, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Outcome{}, fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	im.got = append(im.got, filepath.Base(path)+": "+string(b))
	if err := im.failing[filepath.Base(path)]; err != nil {
		return Outcome{Rows: 3, Rejected: 3, Details: im.details}, err
	}
	return Outcome{Rows: 2, Accepted: 2}, nil
}

func (im *importer) imported() []string {
	im.mu.Lock()
	defer im.mu.Unlock()
	return slices.Clone(im.got)
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// tree lists every file under root as "rel/path=content", sorted.
func tree(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, filepath.ToSlash(rel)+"="+string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// bytesOf sums the sizes of the files under root that are not error
// reports: what the user dropped, wherever it went.
func bytesOf(t *testing.T, root string) int64 {
	t.Helper()
	var n int64
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, errorSuffix) {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		n += info.Size()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, nil))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func scan(t *testing.T, w *Watcher) int {
	t.Helper()
	n, err := w.Scan(context.Background())
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return n
}

func TestFileWrittenSlowlyIsTakenOnlyOnceSettled(t *testing.T) {
	t.Parallel()
	fc := clockwork.NewFakeClockAt(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	opts := folders(t, fc)
	opts.Location = time.UTC
	im := &importer{}
	w, err := New(opts, im.imp, nil, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(opts.Inbox, "fatture.csv")
	mtime := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	// Settle is 30s. Each step: what happens to the file, then how far
	// the clock moves, then a scan and whether it takes the file.
	steps := []struct {
		what    string
		change  func()
		advance time.Duration
		taken   int
	}{
		{"first chunk lands (t=0)", func() { write(t, path, "cliente;importo\n") }, 0, 0},
		{"second chunk at t=10s restarts the wait", func() { appendTo(t, path, "Rossi;100\n") }, 10 * time.Second, 0},
		{"t=30s: only 20s since the last change", nil, 20 * time.Second, 0},
		// Same size, new modification time (rewritten in place): the
		// wait starts again at t=35s.
		{"mtime alone changes at t=35s", func() {
			if err := os.Chtimes(path, mtime, mtime); err != nil {
				t.Fatal(err)
			}
		}, 5 * time.Second, 0},
		{"t=64s: 29s steady, one short", nil, 29 * time.Second, 0},
		{"t=65s: 30s steady", nil, time.Second, 1},
	}
	for _, s := range steps {
		fc.Advance(s.advance)
		if s.change != nil {
			s.change()
		}
		if got := scan(t, w); got != s.taken {
			t.Fatalf("%s: Scan took %d files, want %d", s.what, got, s.taken)
		}
	}
	want := []string{"fatture.csv: cliente;importo\nRossi;100\n"}
	if got := im.imported(); !slices.Equal(got, want) {
		t.Errorf("imported %q, want %q (the whole file, once)", got, want)
	}
	if got := tree(t, opts.Archive); !slices.Equal(got, []string{"2026/11/fatture.csv=cliente;importo\nRossi;100\n"}) {
		t.Errorf("archive holds %q", got)
	}
}

func TestLockAndTempFilesIgnored(t *testing.T) {
	t.Parallel()
	fc := clockwork.NewFakeClockAt(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	opts := folders(t, fc)
	im := &importer{}
	w, err := New(opts, im.imp, nil, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	left := []string{"~$fatture.xlsx", ".~lock.fatture.ods#", "fatture.xlsx.tmp", "x.part",
		"y.crdownload", ".hidden.csv", "sub/inside.csv", "Thumbs.db"}
	for _, name := range left {
		write(t, filepath.Join(opts.Inbox, name), "x")
	}
	write(t, filepath.Join(opts.Inbox, "fatture.xlsx"), "data")
	before := tree(t, opts.Inbox)
	scan(t, w)
	fc.Advance(time.Minute)
	if got := scan(t, w); got != 1 {
		t.Errorf("Scan took %d files, want 1 (fatture.xlsx only)", got)
	}
	if got, want := im.imported(), []string{"fatture.xlsx: data"}; !slices.Equal(got, want) {
		t.Errorf("imported %q, want %q", got, want)
	}
	var wantLeft []string
	for _, f := range before {
		if !strings.HasPrefix(f, "fatture.xlsx=") {
			wantLeft = append(wantLeft, f)
		}
	}
	if got := tree(t, opts.Inbox); !slices.Equal(got, wantLeft) {
		t.Errorf("inbox after the scan = %q, want untouched %q", got, wantLeft)
	}
}

func TestFailingImportGoesToFailedWithReason(t *testing.T) {
	t.Parallel()
	fc := clockwork.NewFakeClockAt(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	opts := folders(t, fc)
	im := &importer{
		failing: map[string]error{"bad.csv": errors.New("file bad.csv: no header row found\nin the first 50 rows")},
		details: []string{`row 3, column "Importo": cannot read "12,3.4" as an amount`, "row 7: no client"},
	}
	var notified [][]string
	after := func(_ context.Context, imported []string) { notified = append(notified, imported) }
	w, err := New(opts, im.imp, after, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	// The same bad file dropped twice: the second copy must not
	// overwrite the first or its error file.
	for i, content := range []string{"first", "second"} {
		write(t, filepath.Join(opts.Inbox, "bad.csv"), content)
		scan(t, w)
		fc.Advance(opts.Settle)
		if got := scan(t, w); got != 1 {
			t.Fatalf("drop %d: Scan took %d files, want 1", i+1, got)
		}
	}
	reason := "file bad.csv: no header row found in the first 50 rows\n" +
		`row 3, column "Importo": cannot read "12,3.4" as an amount` + "\n" +
		"row 7: no client\n"
	want := []string{
		"bad (2).csv=second",
		"bad (2).csv.error.txt=" + reason,
		"bad.csv=first",
		"bad.csv.error.txt=" + reason,
	}
	sort.Strings(want) // tree's order
	if got := tree(t, opts.Failed); !slices.Equal(got, want) {
		t.Errorf("failed folder = %q, want %q", got, want)
	}
	if got := tree(t, opts.Processing); len(got) != 0 {
		t.Errorf("processing folder not empty: %q", got)
	}
	if len(notified) != 0 {
		t.Errorf("OnImported called for failed files: %q", notified)
	}
}

func TestArchiveByMonthNeverOverwrites(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	fc := clockwork.NewFakeClockAt(time.Date(2026, 10, 31, 12, 0, 0, 0, loc))
	opts := folders(t, fc)
	opts.Location = loc
	im := &importer{}
	var notified []string
	after := func(_ context.Context, imported []string) { notified = append(notified, imported...) }
	w, err := New(opts, im.imp, after, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	// Each drop of report.csv settles 30s after it is seen; the archive
	// month is the clock's at archive time, in Rome.
	drops := []struct {
		at      time.Time // when the file is seen
		content string
		want    string // archive path
	}{
		{time.Date(2026, 10, 31, 12, 0, 0, 0, loc), "october", "2026/10/report.csv"},
		// Seen 23:59:50 on 31 October, archived 00:00:20 on 1 November.
		{time.Date(2026, 10, 31, 23, 59, 50, 0, loc), "november one", "2026/11/report.csv"},
		{time.Date(2026, 11, 5, 9, 0, 0, 0, loc), "november two", "2026/11/report (2).csv"},
		{time.Date(2026, 11, 6, 9, 0, 0, 0, loc), "november three", "2026/11/report (3).csv"},
	}
	var want []string
	for _, d := range drops {
		fc.Advance(d.at.Sub(fc.Now()))
		write(t, filepath.Join(opts.Inbox, "report.csv"), d.content)
		scan(t, w)
		fc.Advance(opts.Settle)
		if got := scan(t, w); got != 1 {
			t.Fatalf("drop %q: Scan took %d files, want 1", d.content, got)
		}
		want = append(want, d.want+"="+d.content)
		sort.Strings(want)
		if got := tree(t, opts.Archive); !slices.Equal(got, want) {
			t.Fatalf("after drop %q archive = %q, want %q", d.content, got, want)
		}
	}
	var wantNotified []string
	for _, d := range drops {
		wantNotified = append(wantNotified, filepath.Join(opts.Archive, filepath.FromSlash(d.want)))
	}
	if !slices.Equal(notified, wantNotified) {
		t.Errorf("OnImported got %q, want %q", notified, wantNotified)
	}
}

// Files left in processing/ by a crash are taken first at start, and
// nothing dropped is ever lost: the bytes of all files stay the same.
func TestRunRecoversProcessingAndDeletesNothing(t *testing.T) {
	t.Parallel()
	fc := clockwork.NewFakeClockAt(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	opts := folders(t, fc)
	opts.Location = time.UTC
	im := &importer{failing: map[string]error{"broken.xlsx": errors.New("not a workbook")}}
	imported := make(chan []string, 10)
	after := func(_ context.Context, paths []string) { imported <- paths }
	w, err := New(opts, im.imp, after, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(opts.Processing, "left-by-crash.csv"), "aaaa")
	write(t, filepath.Join(opts.Processing, "broken.xlsx"), "bbbbbbbb")
	write(t, filepath.Join(opts.Inbox, "new.csv"), "cc")
	write(t, filepath.Join(opts.Inbox, "~$new.xlsx"), "d")
	write(t, filepath.Join(opts.Archive, "2026", "11", "new.csv"), "older")
	root := filepath.Dir(opts.Inbox)
	// 4 + 8 + 2 + 1 + 5 bytes.
	if got := bytesOf(t, root); got != 20 {
		t.Fatalf("set-up wrote %d bytes, want 20", got)
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()

	select {
	case got := <-imported:
		want := []string{filepath.Join(opts.Archive, "2026", "11", "left-by-crash.csv")}
		if !slices.Equal(got, want) {
			t.Errorf("recovery imported %q, want %q", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("recovery did not import the file left in processing")
	}
	// new.csv was first seen by the first scan; 3 polls of 10s reach
	// the 30s settle time.
	for i := 0; i < 3; i++ {
		ctxWait, stop := context.WithTimeout(context.Background(), 5*time.Second)
		if err := fc.BlockUntilContext(ctxWait, 1); err != nil {
			t.Fatalf("poll %d: Run is not waiting on the clock: %v", i+1, err)
		}
		stop()
		fc.Advance(opts.Poll)
	}
	select {
	case got := <-imported:
		want := []string{filepath.Join(opts.Archive, "2026", "11", "new (2).csv")}
		if !slices.Equal(got, want) {
			t.Errorf("scan imported %q, want %q", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("new.csv not imported after settling")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run returned %v, want nil on cancel", err)
	}

	want := []string{
		"archive/2026/11/left-by-crash.csv=aaaa",
		"archive/2026/11/new (2).csv=cc",
		"archive/2026/11/new.csv=older",
		"failed/broken.xlsx=bbbbbbbb",
		"failed/broken.xlsx.error.txt=not a workbook\n",
		"inbox/~$new.xlsx=d",
	}
	sort.Strings(want) // tree's order
	if got := tree(t, root); !slices.Equal(got, want) {
		t.Errorf("folders after the run = %q\nwant %q", got, want)
	}
	if got := bytesOf(t, root); got != 20 {
		t.Errorf("%d bytes of dropped files after the run, want the same 20", got)
	}
	c, err := FolderCounts(opts)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Counts{Inbox: 0, Processing: 0, Failed: 1}); c != want {
		t.Errorf("FolderCounts = %+v, want %+v", c, want)
	}
}

// On shutdown the import under way gets Grace to finish: if it does, the
// file is archived; if its context runs out, the file stays in
// processing/ for the next start (not failed/).
func TestShutdownDuringImport(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		finishes   bool // the import finishes within the grace period
		wantFolder string
	}{
		{"import finishes within grace", true, "archive/2026/11/slow.csv=data"},
		{"import cut short stays in processing", false, "processing/slow.csv=data"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fc := clockwork.NewFakeClockAt(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
			opts := folders(t, fc)
			opts.Location = time.UTC
			started, release := make(chan struct{}), make(chan struct{})
			var sawErr error
			imp := func(ctx context.Context, path string) (Outcome, error) {
				close(started)
				select {
				case <-release:
					return Outcome{}, nil
				case <-ctx.Done():
					sawErr = ctx.Err()
					return Outcome{}, fmt.Errorf("import %s: %w", filepath.Base(path), ctx.Err())
				}
			}
			w, err := New(opts, imp, nil, testLog(t))
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(opts.Inbox, "slow.csv"), "data")
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error)
			go func() { done <- w.Run(ctx) }()
			for i := 0; i < 3; i++ {
				wctx, stop := context.WithTimeout(context.Background(), 5*time.Second)
				if err := fc.BlockUntilContext(wctx, 1); err != nil {
					t.Fatalf("poll %d: %v", i+1, err)
				}
				stop()
				fc.Advance(opts.Poll)
			}
			select {
			case <-started:
			case <-time.After(5 * time.Second):
				t.Fatal("import not started")
			}
			cancel()
			if c.finishes {
				close(release)
			} else {
				wctx, stop := context.WithTimeout(context.Background(), 5*time.Second)
				if err := fc.BlockUntilContext(wctx, 1); err != nil { // the grace timer
					t.Fatalf("grace timer: %v", err)
				}
				stop()
				fc.Advance(opts.Grace - time.Second)
				select {
				case <-done:
					t.Fatal("Run returned before the grace period was over")
				case <-time.After(30 * time.Millisecond):
				}
				fc.Advance(time.Second)
			}
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run returned %v, want nil", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return after cancel")
			}
			got := tree(t, filepath.Dir(opts.Inbox))
			if !slices.Equal(got, []string{c.wantFolder}) {
				t.Errorf("folders = %q, want only %q", got, c.wantFolder)
			}
			if !c.finishes && !errors.Is(sawErr, context.Canceled) {
				t.Errorf("import saw %v, want context.Canceled after the grace period", sawErr)
			}
		})
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	t.Parallel()
	imp := func(context.Context, string) (Outcome, error) { return Outcome{}, nil }
	cases := []struct {
		name   string
		edit   func(*Options)
		imp    ImportFunc
		wantIn string
	}{
		{"inbox missing", func(o *Options) { o.Inbox = "" }, imp, "inbox folder is not set"},
		{"archive same as inbox", func(o *Options) { o.Archive = o.Inbox }, imp, "inbox and archive folders are both"},
		{"negative poll", func(o *Options) { o.Poll = -time.Second }, imp, "must not be negative"},
		{"no import function", func(o *Options) {}, nil, "import function is required"},
	}
	for _, c := range cases {
		opts := folders(t, clockwork.NewFakeClock())
		c.edit(&opts)
		_, err := New(opts, c.imp, nil, nil)
		if err == nil || !strings.Contains(err.Error(), c.wantIn) {
			t.Errorf("%s: New error = %v, want one containing %q", c.name, err, c.wantIn)
		}
	}
}

func TestFolderCountsBeforeFoldersExist(t *testing.T) {
	t.Parallel()
	opts := folders(t, clockwork.NewFakeClock())
	c, err := FolderCounts(opts)
	if err != nil || c != (Counts{}) {
		t.Errorf("FolderCounts of missing folders = %+v, %v; want zeros and no error", c, err)
	}
	write(t, filepath.Join(opts.Inbox, "a.csv"), "a")
	write(t, filepath.Join(opts.Inbox, "~$a.xlsx"), "a")
	write(t, filepath.Join(opts.Processing, "b.csv"), "b")
	write(t, filepath.Join(opts.Failed, "c.csv"), "c")
	write(t, filepath.Join(opts.Failed, "c.csv.error.txt"), "why")
	write(t, filepath.Join(opts.Failed, "d.csv"), "d")
	c, err = FolderCounts(opts)
	if want := (Counts{Inbox: 1, Processing: 1, Failed: 2}); err != nil || c != want {
		t.Errorf("FolderCounts = %+v, %v; want %+v", c, err, want)
	}
}

// TestBusyLedgerRetriedNotFailed: an import that fails for a temporary
// reason (the ledger busy with another writer) leaves the file in
// processing/ and tries it again after Poll, then 2·Poll; it is imported
// when the ledger is free, and never goes to failed/.
func TestBusyLedgerRetriedNotFailed(t *testing.T) {
	t.Parallel()
	fc := clockwork.NewFakeClockAt(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	opts := folders(t, fc) // poll 10s, settle 30s
	busy := fmt.Errorf("%w: import jan.csv: the ledger is busy", ErrRetryLater)
	im := &importer{failing: map[string]error{"jan.csv": busy}}
	w, err := New(opts, im.imp, nil, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(opts.Inbox, "jan.csv"), "a,b")
	scan(t, w)
	fc.Advance(opts.Settle)
	scan(t, w) // attempt 1: busy; next after 10s
	if got := tree(t, opts.Processing); !slices.Equal(got, []string{"jan.csv=a,b"}) {
		t.Fatalf("after a busy import, processing = %q, want the file", got)
	}
	fc.Advance(9 * time.Second)
	scan(t, w) // not yet
	fc.Advance(time.Second)
	scan(t, w) // attempt 2 at +10s: busy; next after 20s
	fc.Advance(19 * time.Second)
	scan(t, w) // not yet
	if n := len(im.imported()); n != 2 {
		t.Fatalf("%d import attempts by +29s, want 2 (at 0 and +10s)", n)
	}
	im.mu.Lock()
	delete(im.failing, "jan.csv") // the other writer is done
	im.mu.Unlock()
	fc.Advance(time.Second)
	scan(t, w) // attempt 3 at +30s: imported
	if n := len(im.imported()); n != 3 {
		t.Errorf("%d import attempts, want 3", n)
	}
	if got := tree(t, opts.Failed); len(got) != 0 {
		t.Errorf("failed folder = %q, want empty (busy is temporary)", got)
	}
	if got := tree(t, opts.Archive); !slices.Equal(got, []string{"2026/11/jan.csv=a,b"}) {
		t.Errorf("archive = %q, want the file", got)
	}
}

// TestStillWritingGoesBackToInbox: an import that finds the file still
// being written sends it back to the inbox, where it settles again.
func TestStillWritingGoesBackToInbox(t *testing.T) {
	t.Parallel()
	fc := clockwork.NewFakeClockAt(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	opts := folders(t, fc)
	im := &importer{failing: map[string]error{"feb.csv": fmt.Errorf("%w: feb.csv grew while it was read", ErrStillWriting)}}
	w, err := New(opts, im.imp, nil, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(opts.Inbox, "feb.csv"), "half")
	scan(t, w)
	fc.Advance(opts.Settle)
	scan(t, w)
	if got := tree(t, opts.Inbox); !slices.Equal(got, []string{"feb.csv=half"}) {
		t.Fatalf("inbox = %q, want the file back", got)
	}
	for _, dir := range []string{opts.Processing, opts.Failed, opts.Archive} {
		if got := tree(t, dir); len(got) != 0 {
			t.Errorf("%s = %q, want empty", dir, got)
		}
	}
	im.mu.Lock()
	delete(im.failing, "feb.csv")
	im.mu.Unlock()
	appendTo(t, filepath.Join(opts.Inbox, "feb.csv"), " and the rest")
	scan(t, w) // changed: settles again
	fc.Advance(opts.Settle)
	scan(t, w)
	if got := tree(t, opts.Archive); !slices.Equal(got, []string{"2026/11/feb.csv=half and the rest"}) {
		t.Errorf("archive = %q, want the whole file", got)
	}
}

// TestOddInboxEntriesAreLogged: a folder or a symbolic link in the inbox
// is left alone, and the log says so once.
func TestOddInboxEntriesAreLogged(t *testing.T) {
	t.Parallel()
	fc := clockwork.NewFakeClockAt(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	opts := folders(t, fc)
	var logs bytes.Buffer
	w, err := New(opts, (&importer{}).imp, nil, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(opts.Inbox, "exports 2026"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/hostname", filepath.Join(opts.Inbox, "link.csv")); err != nil {
		t.Fatal(err)
	}
	scan(t, w)
	scan(t, w)
	out := logs.String()
	for _, want := range []string{`entry="exports 2026" kind=folder`, `entry=link.csv kind="symbolic link"`} {
		if strings.Count(out, want) != 1 {
			t.Errorf("log has %d lines with %s, want 1:\n%s", strings.Count(out, want), want, out)
		}
	}
}
