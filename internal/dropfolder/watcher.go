package dropfolder

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/clientrisk/clientrisk/internal/backoff"
	"github.com/clientrisk/clientrisk/internal/filekind"
)

// Defaults for the zero values of Options.
const (
	DefaultPoll   = 10 * time.Second
	DefaultSettle = 30 * time.Second
	DefaultGrace  = 30 * time.Second
)

// Settings say where the four folders are and how often the inbox is
// looked at: the dropfolder section of the config file, whose keys the
// yaml tags name. The folders are created if missing and must be on one
// file system (files move between them by rename).
type Settings struct {
	Inbox      string `yaml:"inbox"`
	Processing string `yaml:"processing"`
	Archive    string `yaml:"archive"`
	Failed     string `yaml:"failed"`

	Poll   time.Duration `yaml:"poll"`   // between two looks at the inbox; 0 = DefaultPoll
	Settle time.Duration `yaml:"settle"` // how long size and mtime must hold; 0 = DefaultSettle
}

// DefaultSettings are the folders drop/inbox, drop/processing,
// drop/archive and drop/failed under dir, with the default timings.
func DefaultSettings(dir string) Settings {
	return Settings{
		Inbox:      filepath.Join(dir, "drop", "inbox"),
		Processing: filepath.Join(dir, "drop", "processing"),
		Archive:    filepath.Join(dir, "drop", "archive"),
		Failed:     filepath.Join(dir, "drop", "failed"),
		Poll:       DefaultPoll,
		Settle:     DefaultSettle,
	}
}

// Options are the Settings and what the service adds.
type Options struct {
	Settings
	// Grace is how long an import may go on after Run's context is
	// cancelled before its own context is cancelled; 0 = DefaultGrace.
	Grace time.Duration

	Clock    clockwork.Clock // nil = the real clock
	Location *time.Location  // for archive/yyyy/mm; nil = time.Local
}

// Outcome is what an import says about a file. Details (row errors and
// the like) go into the .error.txt when the import fails; the counts are
// logged.
type Outcome struct {
	Rows, Accepted, Rejected int
	Details                  []string
}

// ImportFunc imports the file at path (in processing/). A non-nil error
// means the file failed and goes to failed/, except:
//   - an error from ctx being cancelled: the file stays in processing/
//     for the next start;
//   - an error wrapping ErrRetryLater (the ledger busy with another
//     writer): the file stays in processing/ and is tried again after a
//     back-off;
//   - an error wrapping ErrStillWriting (the file changed while it was
//     read, or another process holds it open): the file goes back to the
//     inbox to settle again; the import must have taken back what it
//     stored.
type ImportFunc func(ctx context.Context, path string) (Outcome, error)

var (
	// ErrRetryLater marks an import failure that is temporary.
	ErrRetryLater = errors.New("temporary failure, tried again later")
	// ErrStillWriting marks a file that was still being written.
	ErrStillWriting = errors.New("the file is still being written")
)

// Retry back-off for ErrRetryLater: Poll doubled per attempt, at most
// maxRetryWait.
const maxRetryWait = 5 * time.Minute

// OnImported is called after a poll cycle that imported at least one
// file, with the files' archive paths; the pipeline makes (and by config
// emails) the current report there.
type OnImported func(ctx context.Context, imported []string)

// Watcher polls the inbox and moves files through the folders. One
// goroutine (Run, or a test calling Scan) owns it.
type Watcher struct {
	opts  Options
	clock clockwork.Clock
	loc   *time.Location
	imp   ImportFunc
	after OnImported
	log   *slog.Logger
	seen  map[string]sighting
	// retry holds the files in processing/ that failed for a temporary
	// reason (ErrRetryLater), by path, with when to try again.
	retry map[string]retryState
	// odd are the inbox entries that are not plain files, already logged.
	odd map[string]bool
}

type retryState struct {
	original string
	attempts int
	next     time.Time
}

// sighting is how a file in the inbox looked, and since when. The settle
// time counts from when the watcher first saw the file's current size and
// mtime, so a copied file with an old mtime still waits for it.
type sighting struct {
	size  int64
	mod   time.Time
	since time.Time
}

// New checks the options and creates the folders.
func New(opts Options, imp ImportFunc, after OnImported, log *slog.Logger) (*Watcher, error) {
	if imp == nil {
		return nil, errors.New("drop folder: an import function is required")
	}
	named := map[string]string{"inbox": opts.Inbox, "processing": opts.Processing, "archive": opts.Archive, "failed": opts.Failed}
	seen := map[string]string{}
	for _, role := range []string{"inbox", "processing", "archive", "failed"} {
		dir := named[role]
		if dir == "" {
			return nil, fmt.Errorf("drop folder: the %s folder is not set", role)
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, fmt.Errorf("drop folder: %s folder %s: %w", role, dir, err)
		}
		if other, ok := seen[abs]; ok {
			return nil, fmt.Errorf("drop folder: the %s and %s folders are both %s; they must differ", other, role, dir)
		}
		seen[abs] = role
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("drop folder: create %s folder: %w", role, err)
		}
	}
	if opts.Poll < 0 || opts.Settle < 0 || opts.Grace < 0 {
		return nil, fmt.Errorf("drop folder: poll %s, settle %s and grace %s must not be negative", opts.Poll, opts.Settle, opts.Grace)
	}
	if opts.Poll == 0 {
		opts.Poll = DefaultPoll
	}
	if opts.Settle == 0 {
		opts.Settle = DefaultSettle
	}
	if opts.Grace == 0 {
		opts.Grace = DefaultGrace
	}
	if opts.Clock == nil {
		opts.Clock = clockwork.NewRealClock()
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Watcher{
		opts: opts, clock: opts.Clock, loc: opts.Location,
		imp: imp, after: after, log: log, seen: map[string]sighting{},
		retry: map[string]retryState{}, odd: map[string]bool{},
	}, nil
}

// Run takes again the files left in processing/, then polls the inbox
// every Poll until ctx is cancelled. On cancel it takes no new file, lets
// the current import finish (its context is cancelled Grace later) and
// returns nil. Trouble with one file or one poll is logged, not returned:
// a share that is briefly unreachable must not stop the service.
func (w *Watcher) Run(ctx context.Context) error {
	w.log.Info("watching drop folder", "inbox", w.opts.Inbox, "poll", w.opts.Poll.String(), "settle", w.opts.Settle.String())
	n, err := w.Recover(ctx)
	if err != nil {
		w.log.Error("cannot read the processing folder", "folder", w.opts.Processing, "error", err)
	} else if n > 0 {
		w.log.Info("files left in processing taken again", "files", n)
	}
	for {
		if ctx.Err() != nil {
			break
		}
		if _, err := w.Scan(ctx); err != nil {
			w.log.Error("cannot read the inbox", "folder", w.opts.Inbox, "error", err)
		}
		select {
		case <-ctx.Done():
		case <-w.clock.After(w.opts.Poll):
		}
	}
	w.log.Info("drop folder watch stopped")
	return nil
}

// Recover imports the files found in processing/ (left there by a crash
// or an interrupted import), oldest name first, without waiting for them
// to settle: they were whole when they were claimed. It returns how many
// it handled.
func (w *Watcher) Recover(ctx context.Context) (int, error) {
	names, err := regularFiles(w.opts.Processing)
	if err != nil {
		return 0, fmt.Errorf("read processing folder %s: %w", w.opts.Processing, err)
	}
	var imported []string
	handled := 0
	for _, name := range names {
		if ctx.Err() != nil {
			break
		}
		w.log.Info("taking again a file left in processing", "file", name)
		if archived, ok := w.process(ctx, filepath.Join(w.opts.Processing, name), name); ok {
			imported = append(imported, archived)
		}
		handled++
	}
	w.notify(ctx, imported)
	return handled, nil
}

// Scan is one poll cycle: it notes the inbox's files, and takes those that
// have held still for the settle time. It returns how many files it took
// (imported or failed).
func (w *Watcher) Scan(ctx context.Context) (int, error) {
	names, err := regularFiles(w.opts.Inbox)
	if err != nil {
		return 0, fmt.Errorf("read inbox %s: %w", w.opts.Inbox, err)
	}
	w.logOddEntries()
	now := w.clock.Now()
	present := map[string]bool{}
	var ready []string
	for _, name := range names {
		present[name] = true
		info, err := os.Lstat(filepath.Join(w.opts.Inbox, name))
		if err != nil {
			continue // gone since the listing
		}
		s, ok := w.seen[name]
		if !ok || s.size != info.Size() || !s.mod.Equal(info.ModTime()) {
			// New or still changing: the settle time starts again.
			w.seen[name] = sighting{size: info.Size(), mod: info.ModTime(), since: now}
			continue
		}
		if now.Sub(w.seen[name].since) >= w.opts.Settle {
			ready = append(ready, name)
		}
	}
	for name := range w.seen {
		if !present[name] {
			delete(w.seen, name)
		}
	}

	var imported []string
	taken := 0
	for _, name := range ready {
		if ctx.Err() != nil {
			break
		}
		delete(w.seen, name)
		claimed, err := moveNoClobber(filepath.Join(w.opts.Inbox, name), w.opts.Processing, name, "")
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				w.log.Error("cannot claim file", "file", name, "error", err)
			}
			continue
		}
		w.log.Info("file claimed", "file", name, "processing_as", filepath.Base(claimed))
		if archived, ok := w.process(ctx, claimed, name); ok {
			imported = append(imported, archived)
		}
		taken++
	}
	// Files that failed for a temporary reason, once their wait is over.
	for _, path := range w.dueRetries(now) {
		if ctx.Err() != nil {
			break
		}
		if archived, ok := w.process(ctx, path, w.retry[path].original); ok {
			imported = append(imported, archived)
		}
		taken++
	}
	w.notify(ctx, imported)
	return taken, nil
}

// dueRetries lists the paths in w.retry whose wait is over, by name.
func (w *Watcher) dueRetries(now time.Time) []string {
	var due []string
	for path, r := range w.retry {
		if !now.Before(r.next) {
			due = append(due, path)
		}
	}
	sort.Strings(due)
	return due
}

// logOddEntries says once about each inbox entry that is not a plain
// file (a folder, a symbolic link, a named pipe): it is left alone, and
// without a word the user would wait for it for ever.
func (w *Watcher) logOddEntries() {
	entries, err := os.ReadDir(w.opts.Inbox)
	if err != nil {
		return
	}
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if e.Type().IsRegular() || ignored(name) {
			continue
		}
		present[name] = true
		if !w.odd[name] {
			w.odd[name] = true
			w.log.Warn("inbox entry is not a plain file: left alone (drop the export file itself)", "entry", name, "kind", filekind.Of(e.Type()))
		}
	}
	for name := range w.odd {
		if !present[name] {
			delete(w.odd, name)
		}
	}
}

// notify calls OnImported once per poll cycle (and once after recovery)
// with the archive paths of the files imported, never for failures, and
// not after shutdown has begun.
func (w *Watcher) notify(ctx context.Context, imported []string) {
	if len(imported) == 0 || w.after == nil || ctx.Err() != nil {
		return
	}
	w.after(ctx, imported)
}

// process imports one claimed file and moves it on. It returns the
// archive path and true when the import succeeded. A file imported but
// not movable to the archive stays in processing/ and is imported again
// at the next start; the ledger ignores a file it already has.
func (w *Watcher) process(ctx context.Context, path, original string) (string, bool) {
	var out Outcome
	var err, importCtxErr error
	if heldOpen(path) {
		err = fmt.Errorf("%w: another process still has it open", ErrStillWriting)
	} else {
		ictx, cancel := w.graceContext(ctx)
		out, err = w.safeImport(ictx, path)
		cancel()
		importCtxErr = ictx.Err()
	}
	log := w.log.With("file", original)
	prev := w.retry[path]
	delete(w.retry, path)
	switch {
	case err != nil && errors.Is(err, ErrRetryLater) && ctx.Err() == nil:
		prev.original = original
		prev.attempts++
		wait := backoff.Delay(w.opts.Poll, maxRetryWait, prev.attempts)
		prev.next = w.clock.Now().Add(wait)
		w.retry[path] = prev
		log.Warn("import failed for a temporary reason; the file stays in processing and is tried again",
			"reason", err, "attempt", prev.attempts, "retry_in", wait.String())
		return "", false
	case err != nil && errors.Is(err, ErrStillWriting):
		back, merr := moveNoClobber(path, w.opts.Inbox, original, "")
		if merr != nil {
			log.Error("the file was still being written, and it cannot go back to the inbox; it stays in processing", "reason", err, "error", merr)
			return "", false
		}
		log.Warn("the file was still being written: back to the inbox to settle", "reason", err, "inbox_as", filepath.Base(back))
		return "", false
	case err == nil:
		now := w.clock.Now().In(w.loc)
		dir := filepath.Join(w.opts.Archive, fmt.Sprintf("%04d", now.Year()), fmt.Sprintf("%02d", int(now.Month())))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Error("imported, but cannot create the archive folder; the file stays in processing", "error", err)
			return path, true
		}
		archived, err := moveNoClobber(path, dir, filepath.Base(path), "")
		if err != nil {
			log.Error("imported, but cannot archive; the file stays in processing", "error", err)
			return path, true
		}
		log.Info("file imported", "archived_as", archived, "rows", out.Rows, "accepted", out.Accepted, "rejected", out.Rejected)
		return archived, true
	case ctx.Err() != nil && (importCtxErr != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		log.Warn("import cut short by shutdown; the file stays in processing and is taken again at the next start",
			"processing_as", path, "error", err)
		return "", false
	default:
		failed, merr := moveNoClobber(path, w.opts.Failed, filepath.Base(path), errorSuffix)
		if merr != nil {
			log.Error("import failed, and the file cannot be moved to failed; it stays in processing", "reason", err, "error", merr)
			return "", false
		}
		if werr := writeErrorFile(failed+errorSuffix, err, out.Details); werr != nil {
			log.Error("cannot write the error file", "error", werr)
		}
		log.Warn("file failed", "failed_as", failed, "reason", err, "rejected", out.Rejected)
		return "", false
	}
}

// errorSuffix is appended to a failed file's name for the file saying why.
const errorSuffix = ".error.txt"

// writeErrorFile writes <name>.error.txt: the error on its first line,
// then one line per Outcome.Details entry.
func writeErrorFile(path string, reason error, details []string) error {
	var b strings.Builder
	b.WriteString(oneLine(reason.Error()))
	b.WriteByte('\n')
	for _, d := range details {
		b.WriteString(oneLine(d))
		b.WriteByte('\n')
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// safeImport turns a panic in the caller's import into a failure of that
// file, so one odd export cannot stop the service.
func (w *Watcher) safeImport(ctx context.Context, path string) (out Outcome, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("import of %s panicked: %v", filepath.Base(path), r)
		}
	}()
	return w.imp(ctx, path)
}

// graceContext returns a context that is cancelled Grace (on the
// injected clock) after parent is, so an import under way can finish.
func (w *Watcher) graceContext(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	go func() {
		select {
		case <-ctx.Done():
			return
		case <-parent.Done():
		}
		select {
		case <-ctx.Done():
		case <-w.clock.After(w.opts.Grace):
			cancel()
		}
	}()
	return ctx, cancel
}

// regularFiles lists the plain files of dir that may be taken, sorted by
// name. Subfolders, symbolic links and ignored names are left alone.
func regularFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && !ignored(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// Counts are the files waiting in each folder, for `clientrisk status`.
type Counts struct{ Inbox, Processing, Failed int }

// FolderCounts counts the files in the inbox (ignored names excluded),
// in processing/, and in failed/ (the .error.txt files excluded). A
// folder that does not exist yet counts zero.
func FolderCounts(opts Options) (Counts, error) {
	count := func(dir string, skip func(string) bool) (int, error) {
		names, err := regularFiles(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return 0, nil
		}
		if err != nil {
			return 0, fmt.Errorf("count files in %s: %w", dir, err)
		}
		n := 0
		for _, name := range names {
			if skip == nil || !skip(name) {
				n++
			}
		}
		return n, nil
	}
	var c Counts
	var err error
	if c.Inbox, err = count(opts.Inbox, nil); err != nil {
		return Counts{}, err
	}
	if c.Processing, err = count(opts.Processing, nil); err != nil {
		return Counts{}, err
	}
	if c.Failed, err = count(opts.Failed, func(n string) bool { return strings.HasSuffix(n, errorSuffix) }); err != nil {
		return Counts{}, err
	}
	return c, nil
}
