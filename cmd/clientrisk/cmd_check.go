package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/ingest"
	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/pipeline"
	"github.com/clientrisk/clientrisk/internal/report/i18n"
)

// checkRejectedCap is how many rejected rows check prints per file.
const checkRejectedCap = 50

func (m *Main) runCheck(ctx context.Context, args []string) error {
	var common commonFlags
	fs := newFlagSet(m, "check", "[--config F] FILE...", `
Shows how each export is understood, before you trust it: for every sheet the
header row, which column each field is read from, the date order chosen and
why, the currency, the counts (rows, accepted, rejected, skipped, duplicates),
the first documents as parsed, and every rejected row with its reason.
Documents in a currency that is neither the base currency nor in the config's
rates count as rejected, with one line per sheet and currency ("400 rows in
USD: no rate in the config (rates: {USD: ...})"): every report would leave
them out.
The input section of the config (column overrides, date order, encoding) is
applied when a config is found (a --config that does not exist is an error;
without --config, a missing clientrisk.yaml means the defaults). The files
are only read, never changed.
Exit 0 when every file could be read, 1 otherwise.`)
	common.register(fs)
	cfgPath := configFlag(fs)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError("name at least one export FILE to check")
	}
	// Without --config a missing clientrisk.yaml gives the defaults; a
	// config named on the command line must exist, as for every command.
	_, p, err := m.setup(&common, *cfgPath, !flagSet(fs, "config"))
	if err != nil {
		return err
	}
	failed := 0
	var reads []pipeline.FileRead
	for i, path := range files {
		if i > 0 {
			fmt.Fprintln(m.Stdout)
		}
		fr := p.ReadStream(ctx, path)
		if fr.Err != nil {
			failed++
			fmt.Fprintf(m.Stdout, "%s: CANNOT READ\n  %v\n", path, fr.Err)
			continue
		}
		printCheck(m.Stdout, path, fr)
		reads = append(reads, fr)
	}
	printJoin(m.Stdout, reads, invoice.DateOf(p.Now()))
	if failed > 0 {
		fmt.Fprintf(m.Stdout, "\n%d of %d files could not be read.\n", failed, len(files))
		return errSilentFailure
	}
	return nil
}

// printCheck writes the explanation of one file. The documents with no
// rate count as rejected (and not accepted): a report rejects them.
func printCheck(w io.Writer, path string, fr pipeline.FileRead) {
	r := fr.Result
	noRate := fr.NoRateRows()
	fmt.Fprintf(w, "%s (%s, %d bytes, sha256 %s)\n", path, r.Format, r.Size, short(r.SHA256, 12))
	fmt.Fprintf(w, "  rows %d, accepted %d, rejected %d, skipped %d (%s), duplicates %d",
		r.Rows, r.Accepted-noRate, len(r.Rejected)+noRate, r.Skipped, skippedWhy(r.Skipped, r.NotIncome), r.Duplicates)
	if r.Blank > 0 {
		fmt.Fprintf(w, ", blank template rows %d", r.Blank)
	}
	if r.Rounded > 0 {
		fmt.Fprintf(w, ", rounded to the cent %d", r.Rounded)
	}
	fmt.Fprintf(w, "; %d documents, %d time entries", r.DocumentCount(), len(r.TimeEntries))
	if len(r.Payments) > 0 {
		fmt.Fprintf(w, ", %d %s", len(r.Payments), plural(len(r.Payments), "payment", "payments"))
	}
	if len(r.Customers) > 0 {
		fmt.Fprintf(w, ", %d %s", len(r.Customers), plural(len(r.Customers), "customer", "customers"))
	}
	fmt.Fprintln(w)
	if len(r.Payments) > 0 {
		fmt.Fprintf(w, "  a payments export: %s\n", fmt.Sprint(len(r.Payments), " ", plural(len(r.Payments), "payment", "payments")))
	}
	if len(r.Customers) > 0 {
		fmt.Fprintf(w, "  a customer list: %s\n", fmt.Sprint(len(r.Customers), " ", plural(len(r.Customers), "customer", "customers")))
	}
	for _, g := range fr.NoRate {
		fmt.Fprintf(w, "  rejected: %s\n", g)
	}
	for _, s := range r.Sheets {
		printSheet(w, s, sheetNoRate(fr.NoRate, s.Name))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  note: %s\n", n.String())
	}
	printDocuments(w, firstDocuments(r, 5), 5)
	printTimeEntries(w, r.TimeEntries, 5)
	printPayments(w, r.Payments, 5)
	printCustomers(w, r.Customers, 5)
	if len(r.Rejected) > 0 {
		fmt.Fprintf(w, "  rejected rows (%d):\n", len(r.Rejected))
		for i, e := range r.Rejected {
			if i == checkRejectedCap {
				fmt.Fprintf(w, "    ... and %d more\n", len(r.Rejected)-checkRejectedCap)
				break
			}
			loc := fmt.Sprintf("row %d", e.Row)
			if e.Sheet != "" {
				loc = "sheet " + e.Sheet + ", " + loc
			}
			if e.Column != "" {
				loc += ", column " + e.Column
			}
			fmt.Fprintf(w, "    %s: %s\n", loc, e.Reason)
		}
	}
}

// sheetNoRate is how many of a sheet's documents have no rate.
func sheetNoRate(groups []pipeline.NoRate, sheet string) int {
	n := 0
	for _, g := range groups {
		if g.Sheet == sheet {
			n += g.RejectedRows()
		}
	}
	return n
}

func printSheet(w io.Writer, s ingest.SheetResult, noRate int) {
	name := s.Name
	if name == "" {
		name = "(table)"
	}
	switch {
	case s.Hidden:
		fmt.Fprintf(w, "  sheet %q: hidden, skipped\n", name)
		return
	case s.NoTable != "":
		fmt.Fprintf(w, "  sheet %q: %s\n", name, s.NoTable)
		return
	}
	fmt.Fprintf(w, "  sheet %q: %s table, header on row %d\n", name, s.TableKind, s.HeaderRow)
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	for _, c := range s.Mapping {
		fmt.Fprintf(tw, "    %s\t<- column %s\t%q\t(%s)\n", c.Field, c.Column, c.Header, howWords[c.How])
	}
	tw.Flush()
	if s.DateOrder != "" {
		fmt.Fprintf(w, "    date order: %s (%s)\n", s.DateOrder, s.DateWhy)
	}
	cur := s.Currency
	if cur == "" {
		cur = "none in the file: the base currency"
	}
	fmt.Fprintf(w, "    currency: %s\n", cur)
	if s.Grain != "" {
		fmt.Fprintf(w, "    one row is: %s (%s)\n", grainWord(s.Grain), s.GrainWhy)
	}
	fmt.Fprintf(w, "    rows %d, accepted %d, rejected %d, skipped %d, duplicates %d",
		s.Rows, s.Accepted-noRate, s.Rejected+noRate, s.Skipped, s.Duplicates)
	if s.Blank > 0 {
		fmt.Fprintf(w, ", blank template rows %d", s.Blank)
	}
	fmt.Fprintln(w)
}

// howWords say how a column was matched (ingest.ColumnMapping.How).
var howWords = map[string]string{"exact": "exact", "contains": "contains", "config": "config",
	"near": "near match", "beside": "no header: dates beside the empty date column"}

// skippedWhy says what the skipped rows were: totals lines, and the lines
// of a ledger export other than income.
func skippedWhy(skipped, notIncome int) string {
	switch {
	case notIncome == 0:
		return "totals"
	case notIncome == skipped:
		return "ledger lines other than income"
	}
	return fmt.Sprintf("%d totals, %d ledger lines other than income", skipped-notIncome, notIncome)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// short cuts s to n runes with an ellipsis.
func short(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

func grainWord(g string) string {
	if g == "line" {
		return "an invoice line (lines of one number are summed)"
	}
	return "an invoice"
}

// printFirst prints the first n of items as parsed, one row each under a
// header of tab-separated column names.
func printFirst[T any](w io.Writer, what string, items []T, n int, header string, row func(T) []any) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(w, "  first %d %s as parsed:\n", min(n, len(items)), what)
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "    "+header+"\t")
	for _, it := range items[:min(n, len(items))] {
		cells := row(it)
		fmt.Fprint(tw, "    ")
		for _, c := range cells {
			fmt.Fprintf(tw, "%v\t", c)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// firstDocuments are the first n documents of a file read in Stream mode.
func firstDocuments(r *ingest.FileResult, n int) []invoice.Document {
	docs := make([]invoice.Document, 0, n)
	for i := range min(n, r.DocumentCount()) {
		docs = append(docs, r.Document(i))
	}
	return docs
}

func printDocuments(w io.Writer, docs []invoice.Document, n int) {
	printFirst(w, "documents", docs, n, "row\tkind\tnumber\tclient\tissued\tdue\tpaid\tamount\tcur\tstatus", func(d invoice.Document) []any {
		return []any{d.Source.Row, d.Kind, short(d.Number, 14), short(d.ClientName, 28), d.IssueDate, orDash(d.DueDate.String()),
			orDash(d.PaidDate.String()), d.Amount.Decimal(d.Currency), orDash(d.Currency), orDash(d.Status.String())}
	})
}

func printTimeEntries(w io.Writer, entries []invoice.TimeEntry, n int) {
	printFirst(w, "time entries", entries, n, "row\tclient\tdate\thours", func(e invoice.TimeEntry) []any {
		return []any{e.Source.Row, short(e.ClientName, 28), e.Date, fmt.Sprintf("%.2f", e.Hours())}
	})
}

func printPayments(w io.Writer, pays []invoice.Payment, n int) {
	printFirst(w, "payments", pays, n, "row\tinvoice\tclient\tdate\tamount\tcur", func(p invoice.Payment) []any {
		return []any{p.Source.Row, orDash(short(p.Number, 14)), short(orDash(p.ClientName), 28), p.Date,
			p.Amount.Decimal(p.Currency), orDash(p.Currency)}
	})
}

func printCustomers(w io.Writer, custs []invoice.Customer, n int) {
	printFirst(w, "customers", custs, n, "row\tid\tname\tterms\temail\tcategory", func(c invoice.Customer) []any {
		terms := "-"
		if c.HasTerms {
			terms = fmt.Sprintf("%d days", c.TermsDays)
		}
		return []any{c.Source.Row, short(c.ClientID, 14), short(c.Name, 28), terms, orDash(c.Email), orDash(c.Category)}
	})
}

// printJoin says, when the files checked hold payments or a customer list
// beside invoices, how they meet (analytics.ApplyPayments as of today):
// which source gave each invoice its paid date, payments that found no
// invoice, overpayments, names and terms from the customer list.
func printJoin(w io.Writer, reads []pipeline.FileRead, today invoice.Date) {
	var pays []invoice.Payment
	var custs []invoice.Customer
	var walks []func(func(*invoice.Document) error) error
	ndocs := 0
	for _, fr := range reads {
		ndocs += fr.Result.DocumentCount()
		pays = append(pays, fr.Result.Payments...)
		custs = append(custs, fr.Result.Customers...)
		walks = append(walks, fr.Result.EachDocument)
	}
	if len(pays) == 0 && len(custs) == 0 || ndocs == 0 {
		return
	}
	// The documents of every file in turn, walked twice: to plan the
	// join, then to apply it.
	src := analytics.Walks(walks...)
	plan, _ := analytics.PlanPayments(src, pays, custs, today) // the files are in memory: the walk cannot fail
	from := map[string]int{}
	var first []invoice.Document
	var firstFrom []string
	_ = src(func(i int, orig *invoice.Document) error {
		d := *orig
		f := plan.Apply(i, &d)
		from[f]++
		if len(first) < 5 {
			first, firstFrom = append(first, d), append(firstFrom, f)
		}
		return nil
	})
	fmt.Fprintf(w, "\njoined as of %s (payments and customer lists applied to the invoices of these files):\n", today)
	fmt.Fprintf(w, "  paid dates: %d from payments, %d from the invoice export, none for %d\n",
		from[analytics.PaidFromPayments], from[analytics.PaidFromExport], from[""])
	en, _ := i18n.Lookup("en")
	for _, n := range plan.Notes {
		fmt.Fprintf(w, "  note: %s\n", en.Message(n))
	}
	fmt.Fprintf(w, "  first %d invoices joined:\n", len(first))
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "    file\trow\tnumber\tclient\tdue\tpaid\tpaid date from\topen\t")
	for i, d := range first {
		open := "-"
		if d.HasOutstanding {
			open = d.Outstanding.Decimal(d.Currency)
		}
		fmt.Fprintf(tw, "    %s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", short(d.Source.File, 28), d.Source.Row, short(d.Number, 14),
			short(d.ClientName, 28), orDash(d.DueDate.String()), orDash(d.PaidDate.String()), orDash(firstFrom[i]), open)
	}
	tw.Flush()
}
