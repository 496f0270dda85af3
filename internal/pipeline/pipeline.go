package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/config"
	"github.com/clientrisk/clientrisk/internal/ingest"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/store"
)

// Pipeline runs the flow for one configuration.
type Pipeline struct {
	Config *config.Config
	Log    *slog.Logger
	Now    func() time.Time
	// Progress, if set, is told how many rows of a file were read so far
	// (the command shows it on a terminal), and rows < 0 once the file is
	// done, so the display can be cleared.
	Progress func(file string, rows int)
}

// New returns a pipeline; now is the clock (time.Now outside tests).
func New(cfg *config.Config, log *slog.Logger, now func() time.Time) *Pipeline {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	return &Pipeline{Config: cfg, Log: log, Now: now}
}

// IngestOptions turns the input section of the config into reader options.
func (p *Pipeline) IngestOptions() ingest.Options {
	opts := p.Config.Input
	if opts.Encoding == "auto" {
		opts.Encoding = ""
	}
	return opts
}

// AnalyticsOptions turns the config into the options of one month: the
// file's options with the month, today, the base currency and the clients
// section added.
func (p *Pipeline) AnalyticsOptions(month invoice.Month) analytics.Options {
	c := p.Config
	o := c.Options
	o.Month = month
	o.BaseCurrency = c.Currency
	o.Aliases, o.Exclude = c.Clients.Aliases, c.Clients.Exclude
	o.Today = invoice.DateOf(p.Now().In(p.location()))
	return o
}

// DefaultMonth is the month before today in the configured time zone.
func (p *Pipeline) DefaultMonth() invoice.Month {
	return invoice.MonthOf(p.Now().In(p.location())).Add(-1)
}

func (p *Pipeline) location() *time.Location {
	if p.Config.Timezone != nil {
		return p.Config.Timezone
	}
	return time.Local
}

// FileRead is one file's reading: Result when it was read (possibly with
// rejected rows), Err when it could not be read at all.
type FileRead struct {
	Path   string
	Result *ingest.FileResult
	Err    error
	// NoRate are the documents of Result in a currency with no rate in
	// the config, per sheet and currency (see NoRate).
	NoRate []NoRate
}

// Name is the file's base name.
func (f FileRead) Name() string { return filepath.Base(f.Path) }

// Read reads one file. A file that fails does not stop the caller's run.
func (p *Pipeline) Read(ctx context.Context, path string) FileRead { return p.read(ctx, path, false) }

// ReadStream is Read in ingest's Stream mode: the documents are not in
// Result.Documents but walked with Result.EachDocument (or taken one by
// one with Result.Document), so a big file's are not all held twice.
func (p *Pipeline) ReadStream(ctx context.Context, path string) FileRead {
	return p.read(ctx, path, true)
}

// read is Read; stream reads the file in ingest's Stream mode (its
// documents are walked with EachDocument, Documents stays nil).
func (p *Pipeline) read(ctx context.Context, path string, stream bool) FileRead {
	if err := ctx.Err(); err != nil {
		return FileRead{Path: path, Err: err}
	}
	opts := p.IngestOptions()
	opts.Stream = stream
	if p.Progress != nil {
		name := filepath.Base(path)
		opts.Progress = func(rows int) { p.Progress(name, rows) }
	}
	start := p.Now()
	res, err := ingest.ReadFile(path, opts)
	if p.Progress != nil {
		p.Progress(filepath.Base(path), -1)
	}
	if err != nil {
		p.Log.Warn("file could not be read", "file", path, "err", err)
		return FileRead{Path: path, Err: err}
	}
	noRate := p.noRate(res)
	for _, g := range noRate {
		p.Log.Warn("no rate for a currency: every report rejects these documents", "file", path,
			"sheet", g.Sheet, "currency", g.Currency, "documents", g.Documents, "rows", g.Rows)
	}
	attrs := []any{"file", path, "rows", res.Rows, "accepted", res.Accepted,
		"rejected", len(res.Rejected), "duplicates", res.Duplicates, "skipped", res.Skipped,
		"documents", res.DocumentCount(), "time_entries", len(res.TimeEntries)}
	if len(res.Payments) > 0 {
		attrs = append(attrs, "payments", len(res.Payments))
	}
	if len(res.Customers) > 0 {
		attrs = append(attrs, "customers", len(res.Customers))
	}
	p.Log.Info("file read", append(attrs, "elapsed", p.Now().Sub(start).Round(time.Millisecond))...)
	return FileRead{Path: path, Result: res, NoRate: noRate}
}

// ReadAll reads every file; failures are in the returned reads.
func (p *Pipeline) ReadAll(ctx context.Context, paths []string) []FileRead {
	out := make([]FileRead, 0, len(paths))
	for _, path := range paths {
		out = append(out, p.Read(ctx, path))
	}
	return out
}

// ImportOutcome is one file's import into the ledger.
type ImportOutcome struct {
	FileRead
	Counts store.ImportCounts
}

// Import reads a file and stores it in the ledger in one transaction. A file
// already imported (same SHA-256) changes nothing.
func (p *Pipeline) Import(ctx context.Context, l *store.Ledger, path string) ImportOutcome {
	// Stream mode: the import takes the documents one by one from the
	// rows (store.DocList), never all made at once.
	fr := p.ReadStream(ctx, path)
	out := ImportOutcome{FileRead: fr}
	if fr.Err != nil {
		return out
	}
	r := fr.Result
	abs, _ := filepath.Abs(path)
	counts, err := l.ImportContents(ctx, store.ImportFile{Name: r.Name, Path: abs, Size: r.Size, SHA256: r.SHA256},
		store.Contents{List: r, TimeEntries: r.TimeEntries, Payments: r.Payments, Customers: r.Customers},
		store.ReadCounts{Rejected: len(r.Rejected), Duplicates: r.Duplicates}, p.Now())
	if err != nil {
		out.Err = fmt.Errorf("import %s into the ledger: %w", r.Name, err)
		p.Log.Error("import failed", "file", path, "err", err)
		return out
	}
	out.Counts = counts
	// Stored: the outcome keeps the file's counts, not its rows.
	out.Result = r.WithoutContents()
	if counts.AlreadyImported {
		p.Log.Info("file already imported: nothing changed", "file", path, "import", counts.PreviousID)
	} else {
		p.Log.Info("file imported", "file", path, "import", counts.ImportID, "new", counts.New,
			"updated", counts.Updated, "unchanged", counts.Unchanged, "rejected", counts.Rejected)
	}
	return out
}

// OpenLedger opens the configured ledger.
func (p *Pipeline) OpenLedger() (*store.Ledger, error) {
	if err := os.MkdirAll(filepath.Dir(p.Config.Ledger), 0o755); err != nil {
		return nil, fmt.Errorf("create the ledger's folder: %w", err)
	}
	return store.Open(p.Config.Ledger)
}

// ErrNothingRead is returned when no input could be read at all.
var ErrNothingRead = errors.New("no input could be read")
