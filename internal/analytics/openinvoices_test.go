package analytics

import (
	"testing"
	"unsafe"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

func TestOpenListKeepsEveryField(t *testing.T) {
	in := []OpenInvoice{
		{ClientKey: "acme", ClientName: "Acme srl", Number: "A-1", IssueDate: day("2026-06-01"), DueDate: day("2026-07-01"),
			Amount: 150000, OrigCurrency: "USD", OrigAmount: 163043, DaysPastDue: 122, Bucket: Bucket90plus,
			Source: invoice.Source{File: "q.xlsx", Sheet: "Invoices", Row: 7}},
		{ClientKey: "beta", ClientName: "Beta", Number: "B-9", IssueDate: day("2026-10-01"), DueDate: day("2026-10-31"), DueAssumed: true,
			Amount: 5000, OrigAmount: 5000, DaysPastDue: 0, Bucket: BucketCurrent,
			Source: invoice.Source{File: "b.csv", Row: 3_000_000}},
		{ClientKey: "acme", ClientName: "Acme srl", Number: "A-2", IssueDate: day("2026-09-01"), DueDate: day("2026-10-01"),
			Amount: -2000, OrigAmount: -2000, DaysPastDue: 31, Bucket: Bucket31to60,
			Source: invoice.Source{File: "q.xlsx", Sheet: "Invoices", Row: 8}},
	}
	l := NewOpenList(in)
	if l.Len() != 3 {
		t.Fatalf("Len %d, want 3", l.Len())
	}
	for i, want := range in {
		checkEqual(t, "At", l.At(i), want)
	}
	checkEqual(t, "Invoices", l.Invoices(), in)
	// Acme's two invoices share their client; the file name and the empty
	// currency and sheet are each kept once.
	checkEqual(t, "names", len(l.names), 2)
	checkEqual(t, "texts", l.texts, []string{"q.xlsx", "Invoices", "USD", "b.csv", ""})
	var seen []string
	for i, o := range l.All() {
		seen = append(seen, o.Number)
		if i == 1 {
			break
		}
	}
	checkEqual(t, "All, stopped after two", seen, []string{"A-1", "B-9"})
	checkEqual(t, "zero value", OpenList{}.Len(), 0)
	// The point of the list: a ledger's open invoices in under half the
	// memory of OpenInvoice values.
	if got, full := unsafe.Sizeof(openItem{}), unsafe.Sizeof(OpenInvoice{}); got > 72 || 2*got > full {
		t.Errorf("an open invoice takes %d bytes in the list, %d as an OpenInvoice", got, full)
	}
}
