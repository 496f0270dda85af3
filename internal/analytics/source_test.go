package analytics

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// streamed is a Source as the ledger gives one: every document through
// the same variable, overwritten with rubbish once fn returns, so a figure
// that kept a pointer into it would come out wrong.
func streamed(docs []invoice.Document) Source {
	return func(fn func(int, *invoice.Document) error) error {
		var d invoice.Document
		for i := range docs {
			d = docs[i]
			if err := fn(i, &d); err != nil {
				return err
			}
			d = invoice.Document{Number: "clobbered", ClientKey: "x", ClientName: "X", Currency: "XXX",
				IssueDate: day("1999-01-01"), Amount: 1, Source: invoice.Source{File: "clobbered.csv", Row: 99}}
		}
		return nil
	}
}

// TestComputeFromStreamedSource: figures from a Source that reuses one
// document value are those of the hand-computed portfolio, open invoices
// included (they keep their number, currency and source).
func TestComputeFromStreamedSource(t *testing.T) {
	t.Parallel()
	docs := []invoice.Document{
		paid(due(inv("a", "Alpha", "A-1", "2026-09-01", eur(600)), "2026-09-30"), "2026-10-10"),
		due(inv("a", "Alpha", "A-2", "2026-10-01", eur(200)), "2026-10-15"), // open at 2026-10-31, 16 days past due
		func() invoice.Document {
			// USD 100.00 at 0.92 = EUR 92.00, open, not yet due.
			d := due(inv("b", "Beta", "B-7", "2026-10-20", 10000), "2026-11-19")
			d.Currency, d.Source = "USD", invoice.Source{File: "usd.csv", Sheet: "S", Row: 7}
			return d
		}(),
	}
	res, err := ComputeFrom(streamed(docs), nil, nil, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	// Revenue: Alpha 600 + 200 = 800.00, Beta 92.00; total 892.00.
	if got, want := res.Portfolio.Revenue, invoice.Money(89200); got != want {
		t.Errorf("revenue %d, want %d", got, want)
	}
	if res.Open.Len() != 2 {
		t.Fatalf("%d open invoices, want 2", res.Open.Len())
	}
	// Sorted by days past due, largest first: A-2 (16), then B-7 (-19).
	a2, b7 := res.Open.At(0), res.Open.At(1)
	if a2.Number != "A-2" || a2.ClientName != "Alpha" || a2.Amount != eur(200) || a2.DaysPastDue != 16 ||
		a2.Source != (invoice.Source{File: "test.csv", Row: 2}) || a2.OrigCurrency != "" {
		t.Errorf("first open invoice %+v, want A-2 of Alpha, 200.00, 16 days past due, test.csv row 2", a2)
	}
	if b7.Number != "B-7" || b7.OrigCurrency != "USD" || b7.OrigAmount != 10000 || b7.Amount != 9200 ||
		b7.Source != (invoice.Source{File: "usd.csv", Sheet: "S", Row: 7}) {
		t.Errorf("second open invoice %+v, want B-7 of Beta, USD 100.00 = 92.00, usd.csv sheet S row 7", b7)
	}
}

// TestComputeFromSourceError: the Source's own error comes back, not a
// report made of part of the documents.
func TestComputeFromSourceError(t *testing.T) {
	t.Parallel()
	broken := errors.New("disk gone")
	calls := 0
	src := func(fn func(int, *invoice.Document) error) error {
		calls++
		d := inv("a", "Alpha", "1", "2026-10-01", eur(1))
		if err := fn(0, &d); err != nil {
			return err
		}
		if calls == 2 { // the second walk fails half-way
			return broken
		}
		return nil
	}
	if res, err := ComputeFrom(src, nil, nil, baseOptions("2026-10")); !errors.Is(err, broken) || res != nil {
		t.Fatalf("ComputeFrom = %v, %v; want nil, %v", res, err, broken)
	}
}

// TestPaymentPlanSource: payments applied through a plan's Source to a
// streamed source give the same invoice as the hand-worked case.
func TestPaymentPlanSource(t *testing.T) {
	t.Parallel()
	docs := []invoice.Document{
		noPayInfo(inv("a", "A", "1", "2026-01-10", 10000)),
		noPayInfo(inv("a", "A", "2", "2026-01-10", 500)),
	}
	pays := []invoice.Payment{
		payment("a", "1", "2026-02-01", 3000, "p.csv", 2),
		payment("a", "1", "2026-03-10", 7000, "p.csv", 3),
	}
	plan, err := PlanPayments(streamed(docs), pays, nil, day("2026-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	var got []invoice.Document
	err = plan.Source(streamed(docs))(func(_ int, d *invoice.Document) error {
		got = append(got, *d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Invoice 1: 30.00 + 70.00 cover 100.00 on 03-10: paid then, balance 0.
	if d := got[0]; d.PaidDate != day("2026-03-10") || !d.HasOutstanding || d.Outstanding != 0 || !d.HasPaymentInfo {
		t.Errorf("invoice 1 %+v, want paid 2026-03-10 with a balance of 0", d)
	}
	// Invoice 2: no payment, same file as invoice 1: known unpaid.
	if d := got[1]; !d.PaidDate.IsZero() || !d.HasPaymentInfo {
		t.Errorf("invoice 2 %+v, want unpaid with payment info", d)
	}
	if plan.Applied != 2 || plan.Invoices != 1 {
		t.Errorf("applied %d payments to %d invoices, want 2 to 1", plan.Applied, plan.Invoices)
	}
	if docs[0].HasPaymentInfo || !docs[0].PaidDate.IsZero() {
		t.Errorf("the plan changed its source's documents: %+v", docs[0])
	}
}

// TestComputeFromClientSource: with the clients given apart (as the
// ledger gives them, in another order), the name bridge joins a
// name-keyed invoice to its id-keyed client as from the documents: Bianchi
// 1000 + 500 = 1500.00; and the clients' walk, not the documents', is what
// the bridge reads (a source walked once only).
func TestComputeFromClientSource(t *testing.T) {
	t.Parallel()
	docs := []invoice.Document{
		withID("Bianchi Arredamenti spa", "IT03456780154", "1", "2026-10-05", eur(1000)),
		inv(invoice.ClientKey("", "Bianchi Arredamenti S.p.A."), "Bianchi Arredamenti S.p.A.", "Q-7", "2026-10-06", eur(500)),
	}
	walks := 0
	src := func(fn func(int, *invoice.Document) error) error {
		walks++
		return SliceSource(docs)(fn)
	}
	clients := func(fn func(key, id, name string) error) error {
		for i := len(docs) - 1; i >= 0; i-- { // any order
			if err := fn(docs[i].ClientKey, docs[i].ClientID, docs[i].ClientName); err != nil {
				return err
			}
		}
		return nil
	}
	res, err := ComputeFrom(src, clients, nil, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	if walks != 1 {
		t.Errorf("the documents were walked %d times, want once", walks)
	}
	if len(res.Clients) != 1 || res.Clients[0].Revenue != eur(1500) || res.Clients[0].Key != invoice.ClientKey("IT03456780154", "") {
		t.Errorf("clients %+v, want one, Bianchi by id, 1500.00", keysOf(res.Clients))
	}
}

// TestPaymentPlanClients: a client with no name gets its customer list's,
// as Apply gives it to its documents; named clients keep theirs.
func TestPaymentPlanClients(t *testing.T) {
	t.Parallel()
	custs := []invoice.Customer{{ClientKey: "c-7", ClientID: "C7", Name: "Verdi srl"}}
	plan, err := PlanPayments(SliceSource(nil), nil, custs, day("2026-10-31"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	in := func(fn func(key, id, name string) error) error {
		if err := fn("c-7", "C7", ""); err != nil {
			return err
		}
		return fn("c-7", "C7", "Verdi")
	}
	err = plan.Clients(in)(func(key, id, name string) error { got = append(got, name); return nil })
	if err != nil || len(got) != 2 || got[0] != "Verdi srl" || got[1] != "Verdi" {
		t.Errorf("names %q, %v; want [Verdi srl Verdi]", got, err)
	}
}

// TestWalks: documents of several walks are numbered on across them, and
// a walk's error stops the rest.
func TestWalks(t *testing.T) {
	t.Parallel()
	a := []invoice.Document{inv("a", "A", "1", "2026-10-01", 1), inv("a", "A", "2", "2026-10-02", 2)}
	b := []invoice.Document{inv("b", "B", "3", "2026-10-03", 3)}
	each := func(docs []invoice.Document) func(func(*invoice.Document) error) error {
		return func(fn func(*invoice.Document) error) error {
			return SliceSource(docs)(func(_ int, d *invoice.Document) error { return fn(d) })
		}
	}
	var got []string
	err := Walks(each(a), each(b))(func(i int, d *invoice.Document) error {
		got = append(got, fmt.Sprintf("%d:%s", i, d.Number))
		return nil
	})
	if err != nil || strings.Join(got, " ") != "0:1 1:2 2:3" {
		t.Errorf("Walks gave %v, %v; want 0:1 1:2 2:3", got, err)
	}
	stop := errors.New("stop")
	calls := 0
	err = Walks(each(a), each(b))(func(int, *invoice.Document) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Errorf("a failing fn: %v after %d calls, want stop after 1", err, calls)
	}
}
