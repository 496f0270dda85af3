package main

import (
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/ingest"
)

// TestCheckSaysHowAndWhatWasSkipped: a near match is said as one, an
// unnamed date column as what it is; ledger lines left out are not called
// totals, and template rows are counted as blank.
func TestCheckSaysHowAndWhatWasSkipped(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	printSheet(&b, ingest.SheetResult{Name: "2024", TableKind: "invoices", HeaderRow: 3, Rows: 2, Accepted: 2, Blank: 2,
		Mapping: []ingest.ColumnMapping{
			{Field: "client", Column: "B", Header: "Clinete", How: "near"},
			{Field: "issue_date", Column: "D", Header: "", How: "beside"},
		}}, 0)
	out := b.String()
	for _, want := range []string{`"Clinete"  (near match)`, `(no header: dates beside the empty date column)`,
		"rows 2, accepted 2, rejected 0, skipped 0, duplicates 0, blank template rows 2\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	// 5 left out: all ledger lines; 3 of 7: 4 totals lines.
	for _, c := range []struct {
		skipped, notIncome int
		want               string
	}{{1, 0, "totals"}, {5, 5, "ledger lines other than income"}, {7, 3, "4 totals, 3 ledger lines other than income"}} {
		if got := skippedWhy(c.skipped, c.notIncome); got != c.want {
			t.Errorf("skippedWhy(%d, %d) = %q, want %q", c.skipped, c.notIncome, got, c.want)
		}
	}
}
