package analytics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// genPortfolio makes nDocs random documents over nClients clients around
// report month m: all kinds, statuses, missing dates, foreign currencies
// (USD has a rate, GBP has none), payments before and after A.
func genPortfolio(rng *rand.Rand, nDocs, nClients int, m invoice.Month) ([]invoice.Document, []invoice.TimeEntry) {
	from := m.Add(-30).First()
	span := int(m.Add(2).First() - from)
	docs := make([]invoice.Document, nDocs)
	for i := range docs {
		c := rng.IntN(nClients)
		// A skewed choice of client, so some clients dominate.
		if rng.IntN(3) == 0 {
			c = rng.IntN(max(1, nClients/10))
		}
		d := invoice.Document{
			Kind:       invoice.KindInvoice,
			Number:     fmt.Sprintf("N%d", i),
			ClientKey:  fmt.Sprintf("c%05d", c),
			ClientName: fmt.Sprintf("Client %d", c),
			IssueDate:  from.AddDays(rng.IntN(span)),
			Amount:     invoice.Money(rng.Int64N(5_000_000) + 1),
			Source:     invoice.Source{File: "gen.csv", Row: i + 2},
		}
		if rng.IntN(8) == 0 {
			d.ClientName = fmt.Sprintf("CLIENT %d", c) // a second spelling
		}
		if rng.IntN(10) == 0 {
			d.Kind = invoice.KindCreditNote
			d.Amount = -d.Amount / 3
		}
		if rng.IntN(2) == 0 {
			d.DueDate = d.IssueDate.AddDays(rng.IntN(60))
		}
		d.HasPaymentInfo = rng.IntN(10) != 0
		if d.HasPaymentInfo {
			switch rng.IntN(4) {
			case 0, 1:
				d.PaidDate = d.IssueDate.AddDays(rng.IntN(150))
			case 2:
				d.HasOutstanding = true
				d.Outstanding = d.Amount / invoice.Money(1+rng.IntN(3))
			}
		}
		d.Status = []invoice.Status{invoice.StatusUnknown, invoice.StatusUnknown, invoice.StatusOpen,
			invoice.StatusPaid, invoice.StatusVoid, invoice.StatusDraft, invoice.StatusDisputed}[rng.IntN(7)]
		switch rng.IntN(20) {
		case 0:
			d.Currency = "USD"
		case 1:
			d.Currency = "GBP"
		}
		docs[i] = d
	}
	var entries []invoice.TimeEntry
	for i := 0; i < nDocs/4; i++ {
		c := rng.IntN(nClients)
		entries = append(entries, invoice.TimeEntry{
			ClientKey: fmt.Sprintf("c%05d", c), ClientName: fmt.Sprintf("Client %d", c),
			Date: from.AddDays(rng.IntN(span)), Seconds: rng.Int64N(8 * 3600),
		})
	}
	return docs, entries
}

func TestComputeProperties(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(2026, 10))
	for iter := range 200 {
		m := invoice.Month{Year: 2023 + rng.IntN(4), Month: time.Month(1 + rng.IntN(12))}
		nClients := 1 + rng.IntN(12)
		docs, entries := genPortfolio(rng, rng.IntN(120), nClients, m)
		opts := baseOptions(m.String())
		opts.WindowMonths = 1 + rng.IntN(18)
		opts.GraceDays = rng.IntN(5)
		name := fmt.Sprintf("iteration %d (month %s, %d docs)", iter, m, len(docs))

		r, err := Compute(docs, entries, opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p := r.Portfolio

		// Shares sum to 1; HHI within [10000/n, 10000].
		var sum float64
		var total invoice.Money
		for _, c := range r.Clients {
			sum += c.Share
			if c.Revenue > 0 {
				total += c.Revenue
			}
		}
		if total != p.Revenue {
			t.Errorf("%s: portfolio revenue %d, sum of positive client revenue %d", name, p.Revenue, total)
		}
		if total > 0 {
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("%s: shares sum to %v", name, sum)
			}
			lo := 10000 / float64(p.Clients)
			if p.HHI < lo-1e-6 || p.HHI > 10000+1e-9 {
				t.Errorf("%s: HHI %v outside [%v, 10000] with %d clients", name, p.HHI, lo, p.Clients)
			}
			// pareto80 is the smallest k: the top k-1 stay below 80%, the top k reach it.
			var prefix invoice.Money
			for k := 1; k <= p.Clients; k++ {
				prefix += r.Clients[k-1].Revenue
				reached := 5*int64(prefix) >= 4*int64(total)
				if k < p.Pareto80Clients && reached {
					t.Errorf("%s: top %d already reach 80%%, pareto80 = %d", name, k, p.Pareto80Clients)
				}
				if k == p.Pareto80Clients && !reached {
					t.Errorf("%s: top %d (pareto80) do not reach 80%%", name, k)
				}
			}
		} else if p.HHI != 0 || p.EffectiveClients != nil {
			t.Errorf("%s: no revenue but HHI %v, effective clients %v", name, p.HHI, p.EffectiveClients)
		}

		// Aging buckets sum to the open amount exactly, for the portfolio and
		// each client; open invoices add up to the same.
		if p.Aging.Total() != p.OpenAmount {
			t.Errorf("%s: portfolio aging %d != open %d", name, p.Aging.Total(), p.OpenAmount)
		}
		var openSum, clientOpen invoice.Money
		for _, o := range r.Open.All() {
			openSum += o.Amount
		}
		for _, c := range r.Clients {
			clientOpen += c.OpenAmount
			if c.Aging.Total() != c.OpenAmount {
				t.Errorf("%s: client %s aging %d != open %d", name, c.Key, c.Aging.Total(), c.OpenAmount)
			}
			if c.OverdueAmount != c.OpenAmount-c.Aging.Current {
				t.Errorf("%s: client %s overdue %d != open %d - current %d", name, c.Key, c.OverdueAmount, c.OpenAmount, c.Aging.Current)
			}
		}
		if openSum != p.OpenAmount || clientOpen != p.OpenAmount {
			t.Errorf("%s: open list %d, clients %d, portfolio %d", name, openSum, clientOpen, p.OpenAmount)
		}

		// The same documents in another order give the same result.
		shuffledDocs := append([]invoice.Document(nil), docs...)
		shuffledEntries := append([]invoice.TimeEntry(nil), entries...)
		rng.Shuffle(len(shuffledDocs), func(i, j int) { shuffledDocs[i], shuffledDocs[j] = shuffledDocs[j], shuffledDocs[i] })
		rng.Shuffle(len(shuffledEntries), func(i, j int) {
			shuffledEntries[i], shuffledEntries[j] = shuffledEntries[j], shuffledEntries[i]
		})
		r2, err := Compute(shuffledDocs, shuffledEntries, opts)
		if err != nil {
			t.Fatalf("%s: shuffled: %v", name, err)
		}
		// The open invoices are compared as such: the list's shared strings
		// are kept in the order the pass found them.
		same := reflect.DeepEqual(r.Open.Invoices(), r2.Open.Invoices())
		rest, rest2 := *r, *r2
		rest.Open, rest2.Open = OpenList{}, OpenList{}
		if !same || !reflect.DeepEqual(rest, rest2) {
			for _, d := range diffValues("Result", reflect.ValueOf(*r2), reflect.ValueOf(*r)) {
				t.Errorf("%s: shuffled input changed %s", name, d)
			}
			if !t.Failed() {
				t.Errorf("%s: shuffled input changed the result (float bits)", name)
			}
		}
	}
}

// BenchmarkCompute1M: 1M documents over 10k clients.
func BenchmarkCompute1M(b *testing.B) {
	m := month("2026-10")
	docs, entries := genPortfolio(rand.New(rand.NewPCG(1, 2)), 1_000_000, 10_000, m)
	opts := baseOptions("2026-10")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Compute(docs, entries, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzCompute feeds random portfolios and options: Compute must not panic,
// must accept every valid option set, and must keep the open amount equal
// to its aging buckets.
func FuzzCompute(f *testing.F) {
	f.Add(uint64(1), uint8(40), uint8(5), uint16(2026*12+9), uint8(12), uint8(3))
	f.Add(uint64(7), uint8(0), uint8(1), uint16(2024*12+1), uint8(1), uint8(1))
	f.Add(uint64(99), uint8(255), uint8(200), uint16(2000*12), uint8(60), uint8(24))
	f.Fuzz(func(t *testing.T, seed uint64, nDocs, nClients uint8, monthIndex uint16, window, lostAfter uint8) {
		m := invoice.Month{Year: int(monthIndex) / 12, Month: time.Month(int(monthIndex)%12 + 1)}
		if m.Year < 1900 {
			m.Year += 1900
		}
		docs, entries := genPortfolio(rand.New(rand.NewPCG(seed, seed^0x9e3779b9)), int(nDocs), 1+int(nClients), m)
		opts := baseOptions(m.String())
		opts.WindowMonths = int(window)
		opts.Thresholds.LostAfterMonths = int(lostAfter)
		r, err := Compute(docs, entries, opts)
		if window < 1 || lostAfter < 1 {
			if err == nil {
				t.Fatalf("window %d, lost_after %d accepted", window, lostAfter)
			}
			return
		}
		if err != nil {
			t.Fatalf("valid options rejected: %v", err)
		}
		if r.Portfolio.Aging.Total() != r.Portfolio.OpenAmount {
			t.Fatalf("aging %d != open %d", r.Portfolio.Aging.Total(), r.Portfolio.OpenAmount)
		}
	})
}
