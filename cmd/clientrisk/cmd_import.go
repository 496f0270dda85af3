package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
)

func (m *Main) runImport(ctx context.Context, args []string) error {
	var common commonFlags
	fs := newFlagSet(m, "import", "--config F FILE...", `
Imports exports into the ledger, each file in one transaction, and prints per
file how many documents were new, updated (e.g. a paid date arrived),
unchanged, and rejected. A file whose content (SHA-256) was imported before
changes nothing. Documents in a currency that is neither the base currency
nor in the config's rates count as rejected, with one line per sheet and
currency ("400 rows in USD: no rate in the config (rates: {USD: ...})"):
they are kept in the ledger, in their own currency, and every report leaves
them out until the rate is in the config (then no re-import is needed).
Exit 1 if any file could not be imported.`)
	common.register(fs)
	cfgPath := configFlag(fs)
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError("name at least one export FILE to import")
	}
	p, l, err := m.setupLedger(&common, *cfgPath)
	if err != nil {
		return err
	}
	defer l.Close()
	p.Progress = m.progress(common)
	failed := 0
	var noRate, kept []string
	tw := tabwriter.NewWriter(m.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "file\timport\tnew\tupdated\tunchanged\trejected\tduplicates\ttime entries\t")
	for _, path := range files {
		o := p.Import(ctx, l, path)
		for _, g := range o.NoRate {
			noRate = append(noRate, fmt.Sprintf("%s: %s", path, g))
		}
		switch {
		case o.Err != nil:
			failed++
			fmt.Fprintf(tw, "%s\tFAILED: %v\t\t\t\t\t\t\t\n", path, o.Err)
		case o.Counts.AlreadyImported:
			fmt.Fprintf(tw, "%s\talready imported as %d: nothing changed\t\t\t\t\t\t\t\n", path, o.Counts.PreviousID)
		default:
			c := o.Counts
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", path, c.ImportID, c.New, c.Updated, c.Unchanged,
				c.Rejected+o.NoRateRows(), c.Duplicates, c.TimeEntries)
			var parts []string
			if c.Payments > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", c.Payments, plural(c.Payments, "payment", "payments")))
			}
			if c.Customers > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", c.Customers, plural(c.Customers, "customer", "customers")))
			}
			if len(parts) > 0 {
				kept = append(kept, fmt.Sprintf("%s: %s kept (applied to the invoices at report time)", path, strings.Join(parts, " and ")))
			}
		}
	}
	tw.Flush()
	for _, line := range kept {
		fmt.Fprintln(m.Stdout, line)
	}
	for _, line := range noRate {
		fmt.Fprintln(m.Stdout, line)
	}
	if len(noRate) > 0 {
		fmt.Fprintln(m.Stdout, "  (counted as rejected: kept in the ledger in their own currency, left out of every report until the rate is in the config; no re-import needed then)")
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be imported (run 'clientrisk check FILE' to see why)", failed, len(files))
	}
	return nil
}

func (m *Main) runImports(ctx context.Context, args []string) error {
	var common commonFlags
	fs := newFlagSet(m, "imports", "--config F [remove ID]", `
Lists the ledger's imports (newest last) with their counts and how many
documents each still sets. 'imports remove ID' takes an import back out:
the documents it last set revert to the previous import's version, or
disappear if no other import has them.`)
	common.register(fs)
	cfgPath := configFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 && (pos[0] != "remove" || len(pos) != 2) {
		return usageError("want 'imports' or 'imports remove ID'")
	}
	// The ID is checked before the ledger is opened: a typo must not
	// create an empty ledger.
	var id int64
	if len(pos) == 2 {
		if id, err = strconv.ParseInt(pos[1], 10, 64); err != nil {
			return usageError("import ID %q is not a number", pos[1])
		}
	}
	_, l, err := m.setupLedger(&common, *cfgPath)
	if err != nil {
		return err
	}
	defer l.Close()
	if len(pos) == 2 {
		reverted, removed, err := l.RemoveImport(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "import %d removed: %d documents reverted to an earlier import, %d removed\n", id, reverted, removed)
		return nil
	}
	imps, err := l.Imports(ctx)
	if err != nil {
		return err
	}
	if len(imps) == 0 {
		fmt.Fprintf(m.Stdout, "the ledger %s has no imports yet\n", l.Path())
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tfile\tfinished\tstatus\tnew\tupdated\tunchanged\trejected\tcurrent\tpayments\tcustomers\tsha256\t")
	for _, im := range imps {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t\n", im.ID, im.Name, im.Finished.Format("2006-01-02 15:04"),
			im.Status, im.New, im.Updated, im.Unchanged, im.Rejected, im.Current, im.Payments, im.Customers, short(im.SHA256, 12))
	}
	return tw.Flush()
}
