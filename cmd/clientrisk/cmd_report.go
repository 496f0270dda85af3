package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/pipeline"
	"github.com/clientrisk/clientrisk/internal/report/i18n"
)

// stringList is a repeatable flag (--in a.xlsx --in b.csv).
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func (m *Main) runReport(ctx context.Context, args []string) error {
	var common commonFlags
	fs := newFlagSet(m, "report", "--config F [--month yyyy-mm] [--in FILE ...] [--out DIR] [--lang en|it|es|ru]", `
Computes a month's figures and writes <out>/<yyyy-mm>-client-report.pdf, .json
and .xlsx. The documents come from the ledger; files given with --in are
imported into it first (a file already imported changes nothing). With
--no-ledger the report is made from the --in files alone and the ledger is
not touched. The month defaults to the previous month in the config's time
zone. A file that cannot be read is listed in the report's data-quality
section and the report is made from the rest, then the command exits 1
(with --keep-going: 0, and the email, if asked for, is sent); when nothing
could be read, no report is made. When every document is rejected (e.g. all
in a currency with no rate in the config) the report is written and the
command exits 1 with the reason, sending no email.`)
	common.register(fs)
	cfgPath := configFlag(fs)
	monthFlag := fs.String("month", "", "the report month, yyyy-mm (default: last month)")
	var in stringList
	fs.Var(&in, "in", "an export to read (repeat for several); more files may follow the flags")
	outDir := fs.String("out", "", "output folder (default: output_dir of the config)")
	lang := fs.String("lang", "", "report language: en, it, es, ru (default: language of the config)")
	noLedger := fs.Bool("no-ledger", false, "make the report from the --in files alone, without the ledger")
	email := fs.Bool("email", false, "email the report to email.to after writing it (once per month and recipient)")
	resend := fs.Bool("resend", false, "with --email: send again to recipients who already have this month's report")
	keepGoing := fs.Bool("keep-going", false, "exit 0 (and send the email) when some --in files cannot be read: the report is made from the rest")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	in = append(in, pos...)
	if *lang != "" {
		if _, err := i18n.Lookup(*lang); err != nil {
			return usageError("--lang: %v", err)
		}
	}
	if *noLedger && len(in) == 0 {
		return usageError("--no-ledger needs at least one --in FILE")
	}
	if *noLedger && *email {
		return usageError("--email needs the ledger (it records what was sent): drop --no-ledger")
	}
	if *resend && !*email {
		return usageError("--resend goes with --email")
	}
	_, p, err := m.setup(&common, *cfgPath, false)
	if err != nil {
		return err
	}
	month, err := parseMonthFlag(*monthFlag, p)
	if err != nil {
		return err
	}
	p.Progress = m.progress(common)
	run, err := p.ManualReport(ctx, pipeline.ManualRequest{
		ReportRequest: pipeline.ReportRequest{Month: month, Files: in, OutDir: *outDir, Lang: *lang},
		NoLedger:      *noLedger, Email: *email, Resend: *resend, Getenv: m.Getenv,
	})
	if run != nil { // made even when err says the report only partly worked
		defer run.Close()
	}
	if err != nil && (run == nil || run.ReportOutcome == nil || run.Input == nil) {
		if errors.Is(err, pipeline.ErrNothingRead) {
			for _, r := range run.Reads() {
				fmt.Fprintf(m.Stderr, "  %s: %v\n", r.Path, r.Err)
			}
		}
		return err
	}
	// The report is written; err, if any, is ErrNothingCounted (or the
	// run's record), said after the report's paths.
	failed := 0
	for _, r := range run.Reads() {
		if r.Err != nil {
			failed++
			fmt.Fprintf(m.Stderr, "warning: %v (left out of the report, listed in its data-quality section)\n", r.Err)
		}
	}
	fmt.Fprintln(m.Stdout, reportSummary(run.Input.Result))
	for _, path := range run.Paths() {
		fmt.Fprintf(m.Stdout, "  %s\n", path)
	}
	if err != nil {
		return err
	}
	if failed > 0 && !*keepGoing {
		msg := fmt.Sprintf("%d of %d input files could not be read: the report was made from the rest (--keep-going to exit 0 then)", failed, len(run.Reads()))
		if *email {
			msg += "; no email sent"
		}
		return errors.New(msg)
	}
	sent, err := run.SendEmail(ctx)
	if sent != nil {
		m.printEmail(sent, month, err == nil)
	}
	return err
}

// printEmail says what became of the report's email, per recipient.
func (m *Main) printEmail(sent *pipeline.EmailOutcome, month invoice.Month, ok bool) {
	for _, s := range sent.Skipped {
		fmt.Fprintf(m.Stdout, "  email to %s: already sent for %s, not sent again (--resend to send anyway)\n", s, month)
	}
	if sent.Queued && ok {
		fmt.Fprintf(m.Stdout, "  email queued: the running clientrisk serve sends it (see 'clientrisk status')\n")
	}
	for _, r := range sent.Results {
		if r.Err != nil {
			fmt.Fprintf(m.Stdout, "  email to %s: %s: %v\n", r.Record.Recipient, r.Record.Status, r.Err)
		} else {
			fmt.Fprintf(m.Stdout, "  email to %s: sent\n", r.Record.Recipient)
		}
	}
}

// parseMonthFlag reads --month, defaulting to last month in the config's
// zone. A month after the current one is refused: its report would show
// figures of days that have not happened, dated as if they had. The
// current month is allowed (a preview of the month so far).
func parseMonthFlag(s string, p *pipeline.Pipeline) (invoice.Month, error) {
	if s == "" {
		return p.DefaultMonth(), nil
	}
	month, err := invoice.ParseMonth(s)
	if err != nil {
		return invoice.Month{}, usageError("--month: %v", err)
	}
	loc := time.Local
	if p.Config.Timezone != nil {
		loc = p.Config.Timezone
	}
	if current := invoice.MonthOf(p.Now().In(loc)); current.Before(month) {
		return invoice.Month{}, usageError("--month %s is in the future: the latest month a report can be made for is %s", month, current)
	}
	return month, nil
}

// reportSummary is the line printed after a report: the clients with
// revenue in the window, and how many of all the clients the report names
// (those listed plus the lost ones not listed) carry a flag. Flagged is
// counted out of that whole, so the line never shows more flagged clients
// than clients: lost clients have no revenue in the window and would
// otherwise be flagged clients missing from the count.
func reportSummary(res *analytics.Result) string {
	named := make(map[string]bool, len(res.Clients)+len(res.Lost))
	flagged := make(map[string]bool)
	for _, c := range res.Clients {
		named[c.Key] = true
		if len(c.Flags) > 0 {
			flagged[c.Key] = true
		}
	}
	lostOnly := 0
	for _, c := range res.Lost {
		if !named[c.Key] {
			lostOnly++
		}
		named[c.Key] = true
		flagged[c.Key] = true
	}
	s := fmt.Sprintf("report for %s: %d %s with revenue, %d of %d %s flagged", res.Month, res.Portfolio.Clients,
		plural(res.Portfolio.Clients, "client", "clients"), len(flagged), len(named), plural(len(named), "client", "clients"))
	if lostOnly > 0 {
		s += fmt.Sprintf(" (%d lost, without revenue in the window)", lostOnly)
	}
	return s + fmt.Sprintf(", revenue %s %s", res.Portfolio.Revenue.Decimal(res.Currency), res.Currency)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// progress returns a row counter printed in place on a terminal, or nil.
func (m *Main) progress(common commonFlags) func(file string, rows int) {
	if !isTerminal(m.Stderr) || common.logFormat == "json" {
		return nil
	}
	shown := false
	return func(file string, rows int) {
		switch {
		case rows >= 0:
			fmt.Fprintf(m.Stderr, "\r\033[Kreading %s: %d rows", file, rows)
			shown = true
		case shown:
			fmt.Fprint(m.Stderr, "\r\033[K")
			shown = false
		}
	}
}
