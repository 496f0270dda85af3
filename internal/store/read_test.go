package store

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// TestEachDocument walks a ledger through several imports, an update, an
// update taken back by removing its import, and a later update; then
// EachDocument and Documents must both give exactly the documents written
// out below, in key order.
func TestEachDocument(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	imp := func(name string, docs ...invoice.Document) int64 {
		t.Helper()
		c, err := l.Import(ctx, ImportFile{Name: name, SHA256: name}, docs, nil, ReadCounts{}, testNow)
		if err != nil {
			t.Fatalf("import %s: %v", name, err)
		}
		return c.ImportID
	}

	credit := invoice.Document{Kind: invoice.KindCreditNote, ClientKey: "acme", ClientName: "Acme", IssueDate: d(2025, 1, 20),
		Currency: "EUR", Amount: -20000, Source: invoice.Source{File: "jan.xlsx", Sheet: "Credits", Row: 5}}
	imp("jan.xlsx",
		inv("INV-1", "acme", d(2025, 1, 10), 100000, "jan.xlsx", 2),
		inv("INV-2", "beta", d(2025, 1, 12), 50000, "jan.xlsx", 3),
		credit)

	paid := inv("INV-1", "acme", d(2025, 1, 10), 100000, "feb.xlsx", 2)
	paid.PaidDate, paid.Status = d(2025, 2, 10), invoice.StatusPaid
	imp("feb.xlsx",
		paid, // updated
		inv("INV-2", "beta", d(2025, 1, 12), 50000, "feb.xlsx", 3), // unchanged: keeps jan's source
		inv("INV-3", "beta", d(2025, 2, 3), 75000, "feb.xlsx", 4))

	renamed := paid
	renamed.ClientName, renamed.Outstanding, renamed.HasOutstanding = "ACME Ltd", 0, true
	renamed.Source = invoice.Source{File: "mar.xlsx", Sheet: "Invoices", Row: 2}
	dollars := inv("INV-4", "gamma", d(2025, 3, 1), 12345, "mar.xlsx", 3)
	dollars.Currency = "USD"
	mar := imp("mar.xlsx", renamed, dollars)
	// Taking March out puts February's INV-1 back and drops INV-4.
	if _, _, err := l.RemoveImport(ctx, mar); err != nil {
		t.Fatal(err)
	}

	raised := inv("INV-2", "beta", d(2025, 1, 12), 55000, "apr.xlsx", 7)
	imp("apr.xlsx", raised)

	// Key order: "credit_note|c|acme|2025-01-20|-20000|EUR", then
	// "invoice|n|inv-1|2025|acme", "invoice|n|inv-2|2025|beta",
	// "invoice|n|inv-3|2025|beta".
	want := []invoice.Document{
		{Kind: invoice.KindCreditNote, ClientKey: "acme", ClientName: "Acme", IssueDate: d(2025, 1, 20),
			Currency: "EUR", Amount: -20000, Source: invoice.Source{File: "jan.xlsx", Sheet: "Credits", Row: 5}},
		{Kind: invoice.KindInvoice, Number: "INV-1", ClientKey: "acme", ClientName: "acme",
			IssueDate: d(2025, 1, 10), DueDate: d(2025, 2, 9), PaidDate: d(2025, 2, 10), Currency: "EUR", Amount: 100000,
			Status: invoice.StatusPaid, HasPaymentInfo: true, Source: invoice.Source{File: "feb.xlsx", Sheet: "Invoices", Row: 2}},
		{Kind: invoice.KindInvoice, Number: "INV-2", ClientKey: "beta", ClientName: "beta",
			IssueDate: d(2025, 1, 12), DueDate: d(2025, 2, 11), Currency: "EUR", Amount: 55000,
			Status: invoice.StatusOpen, HasPaymentInfo: true, Source: invoice.Source{File: "apr.xlsx", Sheet: "Invoices", Row: 7}},
		{Kind: invoice.KindInvoice, Number: "INV-3", ClientKey: "beta", ClientName: "beta",
			IssueDate: d(2025, 2, 3), DueDate: d(2025, 3, 5), Currency: "EUR", Amount: 75000,
			Status: invoice.StatusOpen, HasPaymentInfo: true, Source: invoice.Source{File: "feb.xlsx", Sheet: "Invoices", Row: 4}},
	}

	var got []invoice.Document
	if err := l.EachDocument(ctx, func(d *invoice.Document) error {
		got = append(got, *d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EachDocument:\n got %+v\nwant %+v", got, want)
	}
	docs, _, err := l.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(docs, want) {
		t.Errorf("Documents:\n got %+v\nwant %+v", docs, want)
	}

	// An error of fn stops the reading after that document and comes back
	// as it is; it says nothing about the ledger, which takes writes after.
	stop := errors.New("enough")
	var seen []string
	err = l.EachDocument(ctx, func(d *invoice.Document) error {
		seen = append(seen, d.Number)
		if d.Number == "INV-1" {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Errorf("EachDocument stopped by fn: got error %v, want fn's error itself", err)
	}
	if !reflect.DeepEqual(seen, []string{"", "INV-1"}) {
		t.Errorf("EachDocument stopped by fn: saw numbers %q, want the credit note's and INV-1", seen)
	}
	imp("may.xlsx", inv("INV-5", "beta", d(2025, 5, 2), 1000, "may.xlsx", 2))
}

// TestViewIsOneSnapshot: inside a View, a second walk of the documents,
// their count, the time entries and the payments do not see an import made
// meanwhile by another connection to the same file (as another process
// would); after the View, a new one does.
func TestViewIsOneSnapshot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clientrisk.db")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := l.Import(ctx, ImportFile{Name: "jan.csv", SHA256: "jan"},
		[]invoice.Document{inv("INV-1", "acme", d(2025, 1, 10), 100000, "jan.csv", 2)}, nil, ReadCounts{}, testNow); err != nil {
		t.Fatal(err)
	}
	numbers := func(v *View) []string {
		var out []string
		if err := v.EachDocument(func(d *invoice.Document) error { out = append(out, d.Number); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	err = l.View(ctx, func(v *View) error {
		first := numbers(v)
		pay := invoice.Payment{Number: "INV-1", ClientKey: "acme", Date: d(2025, 2, 1), Amount: 100000, Source: invoice.Source{File: "feb.csv", Row: 2}}
		if _, err := other.ImportContents(ctx, ImportFile{Name: "feb.csv", SHA256: "feb"},
			Contents{Documents: []invoice.Document{inv("INV-2", "beta", d(2025, 2, 3), 5000, "feb.csv", 3)},
				TimeEntries: []invoice.TimeEntry{{ClientKey: "beta", ClientName: "beta", Date: d(2025, 2, 3), Seconds: 3600}},
				Payments:    []invoice.Payment{pay}},
			ReadCounts{}, testNow); err != nil {
			t.Fatalf("import from the other connection during the view: %v", err)
		}
		if second := numbers(v); !reflect.DeepEqual(second, first) || !reflect.DeepEqual(first, []string{"INV-1"}) {
			t.Errorf("walks in one view: %v then %v, want [INV-1] twice", first, second)
		}
		if n, err := v.DocumentCount(); err != nil || n != 1 {
			t.Errorf("DocumentCount = %d, %v; want 1", n, err)
		}
		if e, err := v.TimeEntries(); err != nil || len(e) != 0 {
			t.Errorf("TimeEntries = %v, %v; want none", e, err)
		}
		if p, _, err := v.Payments(); err != nil || len(p) != 0 {
			t.Errorf("Payments = %v, %v; want none", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = l.View(ctx, func(v *View) error {
		if got := numbers(v); !reflect.DeepEqual(got, []string{"INV-1", "INV-2"}) {
			t.Errorf("a new view: %v, want [INV-1 INV-2]", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The callback's own error comes back as it is.
	mine := errors.New("stop")
	if err := l.View(ctx, func(*View) error { return mine }); err != mine {
		t.Errorf("View returned %v, want the callback's error", err)
	}
}

// madeList is a DocList that makes each document when asked, as a file
// read in ingest's Stream mode does: two invoices of acme, the second
// repeating the first's number (a duplicate: the first row wins).
type madeList struct{ calls *atomic.Int64 }

func (m madeList) DocumentCount() int { return 3 }

func (m madeList) Document(i int) invoice.Document {
	m.calls.Add(1)
	switch i {
	case 0:
		return inv("INV-9", "acme", d(2025, 3, 1), 4200, "list.xlsx", 2)
	case 1:
		return inv("INV-1", "acme", d(2025, 1, 5), 1000, "list.xlsx", 3)
	}
	return inv("INV-9", "acme", d(2025, 3, 1), 9999, "list.xlsx", 4)
}

// TestImportFromList: documents given as a DocList are stored as the
// same documents given as a slice would be: in key order, the first row
// of a repeated key kept and counted once as a duplicate.
func TestImportFromList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	var calls atomic.Int64
	c, err := l.ImportContents(ctx, ImportFile{Name: "list.xlsx", SHA256: "list"}, Contents{List: madeList{&calls}}, ReadCounts{}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if c.New != 2 || c.Duplicates != 1 {
		t.Errorf("counts %+v, want 2 new and 1 duplicate", c)
	}
	docs, _, err := l.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []invoice.Document{
		inv("INV-1", "acme", d(2025, 1, 5), 1000, "list.xlsx", 3),
		inv("INV-9", "acme", d(2025, 3, 1), 4200, "list.xlsx", 2),
	}
	if !reflect.DeepEqual(docs, want) {
		t.Errorf("stored %+v\nwant %+v", docs, want)
	}
	if calls.Load() < 3 {
		t.Errorf("the list was asked %d times, fewer than its documents", calls.Load())
	}
}

// TestViewEachClient: the clients walk gives each current document's
// (key, id, name), the same as its documents hold, and an error from fn
// stops it and comes back as it is.
func TestViewEachClient(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	l := openTemp(t)
	a := inv("INV-1", "acme", d(2025, 1, 10), 100, "jan.csv", 2)
	a.ClientID, a.ClientName = "IT123", "Acme srl"
	b := inv("INV-2", "beta", d(2025, 1, 11), 200, "jan.csv", 3)
	if _, err := l.Import(ctx, ImportFile{Name: "jan.csv", SHA256: "jan"}, []invoice.Document{a, b}, nil, ReadCounts{}, testNow); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	err := l.View(ctx, func(v *View) error {
		got := map[[3]string]int{}
		if err := v.EachClient(func(key, id, name string) error { got[[3]string{key, id, name}]++; return nil }); err != nil {
			return err
		}
		want := map[[3]string]int{{"acme", "IT123", "Acme srl"}: 1, {"beta", "", "beta"}: 1}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("clients %v, want %v", got, want)
		}
		if err := v.EachClient(func(string, string, string) error { return stop }); err != stop {
			t.Errorf("EachClient with fn failing returned %v, want fn's error", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
