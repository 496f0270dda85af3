package analytics

import "github.com/clientrisk/clientrisk/internal/invoice"

// clientActivity is what the metrics spec "Lost and new clients" needs of one
// client's invoices (kind invoice only, any amount, issued on or before
// A): its first and last invoice, the months of the lost look-back with
// an invoice, and whether it invoiced in the quiet months.
//
// With M=2026-10 and lost_after_months=3, the quiet months are
// 2026-08..2026-10 and the 12 months before (the look-back) are
// 2025-08..2026-07; those months may lie before W. The first invoice is
// over all documents given, so New means the first invoice ever is in M.
type clientActivity struct {
	first, last invoice.Date
	lostMonths  uint16 // bit i: an invoice in month lostFrom+i
	quiet       bool   // an invoice in the quiet months
}

func (c *clientActivity) add(mb *monthBits, issue invoice.Date) {
	if c.first.IsZero() || issue < c.first {
		c.first = issue
	}
	if issue > c.last {
		c.last = issue
	}
	switch {
	case issue >= mb.quietFrom && issue <= mb.quietTo:
		c.quiet = true
	case issue >= mb.lostStart[0] && issue < mb.lostStart[12]:
		bit := 0
		for issue >= mb.lostStart[bit+1] {
			bit++
		}
		c.lostMonths |= 1 << bit
	}
}
