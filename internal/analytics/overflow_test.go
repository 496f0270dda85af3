package analytics

import (
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// TestTotalsCannotOverflow: twenty invoices of 90,000,000,000,000,000.00
// EUR each fit one by one in int64 minor units (9.0e18 ≤ 9.22e18), but
// any two together do not. The first is counted; the other nineteen are
// rejected with the reason, so no total wraps around (it used to: the
// report said "No revenue", -4.467e16).
func TestTotalsCannotOverflow(t *testing.T) {
	t.Parallel()
	const huge = invoice.Money(9_000_000_000_000_000_000) // 90,000,000,000,000,000.00 EUR
	var docs []invoice.Document
	for i := range 20 {
		d := inv("acme", "Acme", "F-"+string(rune('A'+i)), "2026-10-05", huge)
		d.Source.Row = 2 + i
		docs = append(docs, d)
	}
	res, err := Compute(docs, nil, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Portfolio.Revenue != huge {
		t.Errorf("revenue = %s, want %s (the first invoice only)", res.Portfolio.Revenue, huge)
	}
	var tooLarge int
	for _, r := range res.Rejected {
		if strings.Contains(r.Reason, "is too large: with the documents before it the totals would pass 92233720368547758.07 EUR") {
			tooLarge++
		}
	}
	if tooLarge != 19 {
		t.Errorf("%d documents rejected as too large to add up, want 19: %+v", tooLarge, res.Rejected)
	}
}
