package analytics

import (
	"math"
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
		// Rows no sheet has, which an openItem cannot hold itself; a
		// number longer than an arena chunk takes; no number.
		{ClientKey: "beta", ClientName: "Beta", Number: string(make([]byte, 5000)), IssueDate: day("2026-10-02"), DueDate: day("2026-11-01"),
			Amount: 1, OrigAmount: 1, DaysPastDue: -1, Bucket: BucketCurrent,
			Source: invoice.Source{File: "b.csv", Row: math.MaxInt32 + 1}},
		{ClientKey: "beta", ClientName: "Beta", IssueDate: day("2026-10-03"), DueDate: day("2026-11-02"),
			Amount: 2, OrigAmount: 2, DaysPastDue: -2, Bucket: BucketCurrent,
			Source: invoice.Source{File: "b.csv", Row: -4}},
		{ClientKey: "beta", ClientName: "Beta", Number: "B-10", IssueDate: day("2026-10-04"), DueDate: day("2026-11-03"),
			Amount: 3, OrigAmount: 3, DaysPastDue: -3, Bucket: BucketCurrent,
			Source: invoice.Source{File: "b.csv", Row: math.MaxInt32}},
	}
	l := NewOpenList(in)
	if l.Len() != len(in) {
		t.Fatalf("Len %d, want %d", l.Len(), len(in))
	}
	for i, want := range in {
		got := l.At(i)
		checkEqual(t, "At", got, want)
		// The list keeps copies: an input string (a ledger row's number)
		// is not kept alive by it.
		if got.Number != "" && unsafe.StringData(got.Number) == unsafe.StringData(want.Number) {
			t.Errorf("invoice %d: the number is the input's string, not a copy in the list", i)
		}
	}
	checkEqual(t, "Invoices", l.Invoices(), in)
	// Acme's two invoices share their client; each (file, sheet, currency)
	// is kept once; only the two rows beyond 0..MaxInt32 are kept aside.
	checkEqual(t, "names", len(l.names), 2)
	checkEqual(t, "sources", l.sources, []openSource{{"q.xlsx", "Invoices", "USD"}, {"b.csv", "", ""}, {"q.xlsx", "Invoices", ""}})
	checkEqual(t, "big rows", l.bigRows, []int{math.MaxInt32 + 1, -4})
	var seen []string
	for i, o := range l.All() {
		seen = append(seen, o.Number)
		if i == 1 {
			break
		}
	}
	checkEqual(t, "All, stopped after two", seen, []string{"A-1", "B-9"})
	checkEqual(t, "zero value", OpenList{}.Len(), 0)
	// The point of the list: a ledger's open invoices (hundreds of
	// thousands) in 48 bytes each, where an OpenInvoice takes 160 and its
	// number a string of its own.
	if got := unsafe.Sizeof(openItem{}); got > 48 {
		t.Errorf("an open invoice takes %d bytes in the list, want at most 48", got)
	}
}
