package analytics

import "github.com/clientrisk/clientrisk/internal/invoice"

// clientRevenue is the metrics spec "Revenue and concentration" for one client:
// revenue(c) over W, month_revenue(c) over M, the revenue of the 3 months
// ending A (for DSO) and of the window ending M-1 (for PrevShare). Every
// counted document adds its amount, credit notes (negative) included; a
// disputed invoice's revenue still counts.
type clientRevenue struct {
	inWindow bool          // a document issued in W
	revenue  invoice.Money // W
	month    invoice.Money // M
	dso      invoice.Money // the 3 months ending A
	prev     invoice.Money // the window ending M-1
}

func (c *clientRevenue) add(p *periods, r *docRec) {
	if r.inW {
		c.inWindow = true
		c.revenue += r.amount
		if r.issue >= p.monthFrom {
			c.month += r.amount
		}
		if r.issue >= p.dsoFrom {
			c.dso += r.amount
		}
	}
	if r.issue >= p.prevFrom && r.issue <= p.prevTo {
		c.prev += r.amount
	}
}

// clientMaintenance is the metrics spec "Maintenance load" for one client's
// documents issued in W: invoice_count, credit_note_count and
// disputed_count (documents with status disputed).
type clientMaintenance struct {
	invoices, creditNotes, disputed int
}

func (c *clientMaintenance) add(r *docRec) {
	if r.isCredit {
		c.creditNotes++
	} else {
		c.invoices++
	}
	if r.disputed {
		c.disputed++
	}
}
