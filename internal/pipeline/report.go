package pipeline

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/ingest"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/report"
	"github.com/clientrisk/clientrisk/internal/store"
)

// ReportRequest says which report to make.
type ReportRequest struct {
	Month  invoice.Month
	Files  []string      // exports to read (--in); imported first when Ledger is set
	Ledger *store.Ledger // nil: the report is made from Files alone
	OutDir string        // "" = the config's output_dir
	Lang   string        // "" = the config's language
}

// ReportOutcome is what a report run made.
type ReportOutcome struct {
	Month               invoice.Month
	PDF, JSON, XLSX     string // paths written
	Input               *report.Input
	Reads               []FileRead
	FilesRead, FilesBad int
}

// Paths returns the files written, PDF first.
func (o *ReportOutcome) Paths() []string { return []string{o.PDF, o.JSON, o.XLSX} }

// Report reads (and, with a ledger, imports) the requested files, computes
// the month and writes the PDF, JSON and XLSX. Files that fail are listed in
// the data-quality section and the report is made from the rest; only when
// nothing at all could be read does it return ErrNothingRead. When there
// were documents but every one was rejected (a currency with no rate, no
// issue date), the report is written and returned with ErrNothingCounted.
func (p *Pipeline) Report(ctx context.Context, req ReportRequest) (*ReportOutcome, error) {
	out := &ReportOutcome{Month: req.Month}
	var (
		mi      monthInput
		quality report.DataQuality
	)
	for _, path := range req.Files {
		var fr FileRead
		if req.Ledger != nil {
			io := p.Import(ctx, req.Ledger, path)
			fr = io.FileRead
		} else {
			fr = p.read(ctx, path, true)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if fr.Err != nil {
			out.FilesBad++
			quality.Files = append(quality.Files, report.FileSummary{Name: fr.Name(), Error: fr.Err.Error()})
			out.Reads = append(out.Reads, fr)
			continue
		}
		out.FilesRead++
		addRead(&quality, fr)
		if req.Ledger == nil {
			mi.addFile(fr.Result)
		}
		// The documents are in mi or in the ledger now: the outcome keeps
		// the file's counts, not a second hold on its rows.
		fr.Result = fr.Result.WithoutContents()
		out.Reads = append(out.Reads, fr)
	}
	var (
		res        *analytics.Result
		byCurrency map[string]int
		err        error
	)
	if req.Ledger != nil {
		if err := p.addLedgerImports(ctx, req.Ledger, &quality, out.Reads); err != nil {
			return nil, err
		}
		// One snapshot for every walk of the documents and the rest: an
		// import by another process meanwhile is not half seen.
		err = req.Ledger.View(ctx, func(v *store.View) error {
			mi, err := ledgerInput(v)
			if err != nil {
				return err
			}
			res, byCurrency, err = p.computeMonth(req, mi, out, &quality)
			return err
		})
	} else {
		res, byCurrency, err = p.computeMonth(req, mi, out, &quality)
	}
	if err != nil {
		return nil, err
	}
	lang := req.Lang
	if lang == "" {
		lang = p.Config.Language
	}
	in := &report.Input{
		Company:   p.Config.Company,
		Lang:      lang,
		Generated: p.Now().In(p.location()),
		Result:    res,
		Quality:   quality,
	}
	out.Input = in
	dir := req.OutDir
	if dir == "" {
		dir = p.Config.OutputDir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create the output folder: %w", err)
	}
	// What a run killed mid-write left here goes (report.SweepTemp).
	report.SweepTemp(dir, time.Now())
	out.PDF, out.JSON, out.XLSX = report.Paths(dir, req.Month)
	if err := writeAtomic(out.JSON, func(w io.Writer) error { return report.WriteJSON(w, in) }); err != nil {
		return nil, err
	}
	if err := writeAtomic(out.PDF, func(w io.Writer) error { return report.WritePDF(w, in) }); err != nil {
		return nil, err
	}
	// WriteXLSX writes to a temporary file and renames it into place itself.
	if err := report.WriteXLSX(out.XLSX, in); err != nil {
		return nil, err
	}
	p.Log.Info("report written", "month", req.Month.String(), "pdf", out.PDF, "clients", len(res.Clients),
		"files_read", out.FilesRead, "files_failed", out.FilesBad)
	if why := p.nothingCounted(byCurrency, len(res.Rejected)); why != "" {
		return out, fmt.Errorf("%w: %s", ErrNothingCounted, why)
	}
	return out, nil
}

// computeMonth computes the month from mi, adding the payments' notes to
// quality; byCurrency counts the documents by currency (nothingCounted).
func (p *Pipeline) computeMonth(req ReportRequest, mi monthInput, out *ReportOutcome, quality *report.DataQuality) (res *analytics.Result, byCurrency map[string]int, err error) {
	if mi.n == 0 && len(mi.entries) == 0 && len(mi.pays)+len(mi.custs) > 0 {
		where := "the files hold"
		if req.Ledger != nil {
			where = "the ledger holds"
		}
		return nil, nil, fmt.Errorf("%w: %s payments or customer lists but no invoices yet (add the invoice export)", ErrNothingRead, where)
	}
	if mi.n == 0 && len(mi.entries) == 0 && out.FilesRead == 0 {
		if len(req.Files) == 0 {
			return nil, nil, fmt.Errorf("%w: the ledger is empty and no files were given (use --in FILE or clientrisk import)", ErrNothingRead)
		}
		return nil, nil, fmt.Errorf("%w: all %d files failed", ErrNothingRead, out.FilesBad)
	}

	// Payments and customer lists meet the invoices here, as of the
	// month's last day: a payment after it does not count.
	src := mi.docs
	var plan *analytics.PaymentPlan
	if len(mi.pays) > 0 || len(mi.custs) > 0 {
		if plan, err = analytics.PlanPayments(src, mi.pays, mi.custs, req.Month.Last()); err != nil {
			return nil, nil, err
		}
		src = plan.Source(src)
		quality.Notes = append(quality.Notes, plan.Notes...)
	}
	// What the documents' currencies are (nothingCounted), counted as
	// Compute walks them; each walk counts afresh.
	counted := func(fn func(int, *invoice.Document) error) error {
		byCurrency = map[string]int{}
		return src(func(i int, d *invoice.Document) error {
			byCurrency[d.Currency]++
			return fn(i, d)
		})
	}
	clients := mi.clients
	if clients != nil && plan != nil {
		clients = plan.Clients(clients)
	}
	res, err = analytics.ComputeFrom(counted, clients, mi.entries, p.AnalyticsOptions(req.Month))
	if errors.Is(err, analytics.ErrInvalidOptions) {
		return nil, nil, fmt.Errorf("compute %s: %w", req.Month, err)
	}
	return res, byCurrency, err
}

// monthInput is what a month's report is computed from: the documents as
// a Source that can be walked again (the files' rows in memory, or the
// ledger streamed), with the time entries, payments and customer lists.
type monthInput struct {
	docs    analytics.Source
	clients analytics.ClientSource // the documents' clients, when cheaper than docs (the ledger); nil: from docs
	n       int                    // how many documents docs gives
	walks   []func(func(*invoice.Document) error) error
	entries []invoice.TimeEntry
	pays    []invoice.Payment
	custs   []invoice.Customer
}

// addFile adds what one file read holds; its documents are walked where
// the file's reading keeps them (ingest's Stream mode), file after file.
func (m *monthInput) addFile(r *ingest.FileResult) {
	m.walks = append(m.walks, r.EachDocument)
	m.n += r.DocumentCount()
	m.docs = analytics.Walks(m.walks...)
	m.entries = append(m.entries, r.TimeEntries...)
	m.pays = append(m.pays, r.Payments...)
	m.custs = append(m.custs, r.Customers...)
}

// ledgerInput is a ledger view's current documents, streamed (never all
// in memory at once), with its time entries, payments and customer lists.
func ledgerInput(v *store.View) (monthInput, error) {
	n, err := v.DocumentCount()
	if err != nil {
		return monthInput{}, err
	}
	entries, err := v.TimeEntries()
	if err != nil {
		return monthInput{}, err
	}
	pays, custs, err := v.Payments()
	if err != nil {
		return monthInput{}, err
	}
	return monthInput{docs: analytics.Walks(v.EachDocument), clients: v.EachClient, n: n, entries: entries, pays: pays, custs: custs}, nil
}

// addRead adds one file's counts, rejected rows and notes to quality.
func addRead(q *report.DataQuality, fr FileRead) {
	r := fr.Result
	q.Files = append(q.Files, report.FileSummary{
		Name: r.Name, SHA256: r.SHA256, Rows: r.Rows, Accepted: r.Accepted,
		Rejected: len(r.Rejected), Duplicates: r.Duplicates, Skipped: r.Skipped,
	})
	for _, e := range r.Rejected {
		q.Rejected = append(q.Rejected, report.RejectedRow{File: e.File, Sheet: e.Sheet, Row: e.Row, Column: e.Column, Reason: e.Reason})
	}
	for _, n := range r.Notes {
		q.Notes = append(q.Notes, noteMessage(r.Name, n))
	}
}

// noteMessage turns a reader's note into a report message: the file's
// name becomes the "file" argument every "read.*" template starts with,
// strings become Text and ints Count (so the catalogs pick the singular
// and the variant for a CSV, which has no sheet, as ingest does).
func noteMessage(file string, n ingest.Note) analytics.Message {
	m := analytics.Message{Key: n.Key, Args: make([]analytics.Arg, 0, len(n.Args)+1)}
	m.Args = append(m.Args, analytics.Arg{Name: "file", Value: analytics.Text(file)})
	for _, a := range n.Args {
		v := a.Value
		switch x := a.Value.(type) {
		case string:
			v = analytics.Text(x)
		case int:
			v = analytics.Count(x)
		}
		m.Args = append(m.Args, analytics.Arg{Name: a.Name, Value: v})
	}
	return m
}

// addLedgerImports lists the ledger's earlier imports that still set
// documents, so the appendix names every file the figures come from. Their
// rejected rows were reported when they were imported; the ledger keeps the
// counts, not the rows.
func (p *Pipeline) addLedgerImports(ctx context.Context, l *store.Ledger, q *report.DataQuality, reads []FileRead) error {
	imps, err := l.Imports(ctx)
	if err != nil {
		return fmt.Errorf("list the ledger's imports: %w", err)
	}
	seen := map[string]bool{}
	for _, fr := range reads {
		if fr.Result != nil {
			seen[fr.Result.SHA256] = true
		}
	}
	sort.Slice(imps, func(i, j int) bool { return imps[i].ID < imps[j].ID })
	for _, im := range imps {
		// A time tracker's import sets no documents but its hours count:
		// it is listed while it is not removed.
		if seen[im.SHA256] || im.Status == "removed" || (im.Current == 0 && im.TimeEntries == 0 && im.Payments == 0 && im.Customers == 0) {
			continue
		}
		// The ledger does not keep the skipped (totals) rows: Rows counts
		// the rows that became a document, a time entry, a duplicate or a
		// rejection.
		q.Files = append(q.Files, report.FileSummary{
			Name: im.Name, SHA256: im.SHA256,
			Rows:     im.New + im.Updated + im.Unchanged + im.Duplicates + im.Rejected + im.TimeEntries + im.Payments + im.Customers,
			Accepted: im.New + im.Updated + im.Unchanged + im.TimeEntries + im.Payments + im.Customers, Rejected: im.Rejected, Duplicates: im.Duplicates,
		})
	}
	return nil
}

// writeAtomic renders into a temporary file beside path and renames it
// into place (report.WriteAtomic), so a crash or a failed render never
// leaves a half-written report where the old one was. The render goes
// straight to the file: a 10,000-client JSON report is 11 MB that need
// not be held in memory first.
func writeAtomic(path string, render func(io.Writer) error) error {
	var renderErr error
	err := report.WriteAtomic(path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		if renderErr = render(bw); renderErr != nil {
			return renderErr
		}
		return bw.Flush()
	})
	if renderErr != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), renderErr)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
