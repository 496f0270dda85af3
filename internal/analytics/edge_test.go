package analytics

import (
	"errors"
	"math/big"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// client returns the figures of the client with the given key, or fails.
func client(t *testing.T, r *Result, key string) *ClientFigures {
	t.Helper()
	for i := range r.Clients {
		if r.Clients[i].Key == key {
			return &r.Clients[i]
		}
	}
	var keys []string
	for _, c := range r.Clients {
		keys = append(keys, c.Key)
	}
	t.Fatalf("no client %q in %v", key, keys)
	return nil
}

// assumptionsWith returns the assumptions with the given key.
func assumptionsWith(r *Result, key string) []Message {
	var out []Message
	for _, m := range r.Assumptions {
		if m.Key == key {
			out = append(out, m)
		}
	}
	return out
}

func clientKeys(r *Result) []string {
	var keys []string
	for _, c := range r.Clients {
		keys = append(keys, c.Key)
	}
	return keys
}

func TestComputeEdgeCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		docs    []invoice.Document
		entries []invoice.TimeEntry
		opts    func(*Options)
		month   string
		check   func(t *testing.T, r *Result)
	}{
		{
			name:  "one client",
			month: "2026-10",
			docs:  []invoice.Document{inv("a", "A", "1", "2026-05-01", eur(100))},
			check: func(t *testing.T, r *Result) {
				p := r.Portfolio
				// share 1 -> HHI 100^2 = 10000, effective clients 10000/10000 = 1.
				checkEqual(t, "HHI", p.HHI, 10000.0)
				checkEqual(t, "EffectiveClients", p.EffectiveClients, fp(1))
				checkEqual(t, "HHIBand", p.HHIBand, BandHigh)
				checkEqual(t, "tops", []float64{p.Top1Share, p.Top3Share, p.Top5Share}, []float64{1, 1, 1})
				checkEqual(t, "Pareto80", p.Pareto80Clients, 1)
				checkEqual(t, "Pareto80Fraction", p.Pareto80Fraction, fp(1))
				checkEqual(t, "LossIfTopLeaves", p.LossIfTopLeaves, eur(100))
			},
		},
		{
			name:  "net negative client has share 0 and is not counted",
			month: "2026-10",
			docs: []invoice.Document{
				inv("a", "A", "1", "2026-05-01", eur(300)),
				inv("b", "B", "2", "2026-05-01", eur(100)),
				credit(inv("b", "B", "3", "2026-06-01", eur(-250))),
			},
			check: func(t *testing.T, r *Result) {
				// total = 300 (B's -150 left out); A share 1, HHI 10000.
				checkEqual(t, "Clients", r.Portfolio.Clients, 1)
				checkEqual(t, "Revenue", r.Portfolio.Revenue, eur(300))
				checkEqual(t, "HHI", r.Portfolio.HHI, 10000.0)
				checkEqual(t, "order", clientKeys(r), []string{"a", "b"})
				b := client(t, r, "b")
				checkEqual(t, "B.Revenue", b.Revenue, eur(-150))
				checkEqual(t, "B.Share", b.Share, 0.0)
			},
		},
		{
			name:  "no paid invoices leaves payment figures undefined",
			month: "2026-10",
			docs:  []invoice.Document{inv("a", "A", "1", "2026-10-01", eur(100))},
			check: func(t *testing.T, r *Result) {
				c := client(t, r, "a")
				checkEqual(t, "client", []*float64{c.AvgDaysToPay, c.WADL, c.MedianDaysLate, c.P90DaysLate, c.MaxDaysLate, c.OnTimeRate},
					[]*float64{nil, nil, nil, nil, nil, nil})
				checkEqual(t, "portfolio", []*float64{r.Portfolio.WADL, r.Portfolio.OnTimeRate, r.Portfolio.TotalHours, r.Portfolio.MedianEffectiveRate},
					[]*float64{nil, nil, nil, nil})
				checkEqual(t, "hours", []*float64{c.Hours, c.HoursShare, c.LoadRatio, c.EffectiveRate}, []*float64{nil, nil, nil, nil})
				checkEqual(t, "PaidCount", c.PaidCount, 0)
			},
		},
		{
			name:  "missing due dates take the default terms",
			month: "2026-10",
			opts:  func(o *Options) { o.PaymentTermsDays = 14 },
			docs: []invoice.Document{
				// due 09-01 + 14 = 09-15, paid 09-20: 5 days late.
				paid(inv("a", "A", "1", "2026-09-01", eur(100)), "2026-09-20"),
				// due 10-10 + 14 = 10-24; open: 31 - 24 = 7 days past due.
				inv("a", "A", "2", "2026-10-10", eur(100)),
				// has a due date: not counted.
				due(inv("a", "A", "3", "2026-10-10", eur(100)), "2026-10-30"),
			},
			check: func(t *testing.T, r *Result) {
				c := client(t, r, "a")
				checkEqual(t, "MaxDaysLate", c.MaxDaysLate, fp(5))
				checkEqual(t, "MaxDaysPastDue", c.MaxDaysPastDue, ip(7))
				checkEqual(t, "Assumptions", r.Assumptions, []Message{
					msg(KeyAssumptionDefaultTerms, Arg{"count", Count(2)}, Arg{"days", Count(14)})})
				checkEqual(t, "open invoices", r.Open.Len(), 2)
			},
		},
		{
			name:  "paid after A: open at A, not in payment figures",
			month: "2026-10",
			docs:  []invoice.Document{paid(due(inv("a", "A", "1", "2026-09-01", eur(100)), "2026-10-01"), "2026-11-05")},
			check: func(t *testing.T, r *Result) {
				c := client(t, r, "a")
				checkEqual(t, "OpenAmount", c.OpenAmount, eur(100))
				checkEqual(t, "OverdueAmount", c.OverdueAmount, eur(100)) // 30 days past due
				checkEqual(t, "PaidCount", c.PaidCount, 0)
			},
		},
		{
			name:  "paid after A, next month: paid in W and counted",
			month: "2026-11",
			docs:  []invoice.Document{paid(due(inv("a", "A", "1", "2026-09-01", eur(100)), "2026-10-01"), "2026-11-05")},
			check: func(t *testing.T, r *Result) {
				c := client(t, r, "a")
				checkEqual(t, "OpenAmount", c.OpenAmount, invoice.Money(0))
				// 09-01 -> 11-05: 30 + 31 + 4 = 65 days; due 10-01: 35 days late.
				checkEqual(t, "AvgDaysToPay", c.AvgDaysToPay, fp(65))
				checkEqual(t, "MaxDaysLate", c.MaxDaysLate, fp(35))
			},
		},
		{
			name:  "paid status without a date, zero balance: neither open nor in payment figures",
			month: "2026-10",
			docs: []invoice.Document{
				status(inv("a", "A", "1", "2026-09-01", eur(100)), invoice.StatusPaid),
				func() invoice.Document {
					d := inv("a", "A", "2", "2026-09-01", eur(100))
					d.HasOutstanding = true
					return d
				}(),
				func() invoice.Document { // partly paid: the balance is open
					d := due(inv("a", "A", "3", "2026-09-01", eur(100)), "2026-10-01")
					d.HasOutstanding, d.Outstanding = true, eur(40)
					return d
				}(),
			},
			check: func(t *testing.T, r *Result) {
				c := client(t, r, "a")
				checkEqual(t, "OpenAmount", c.OpenAmount, eur(40))
				checkEqual(t, "PaidCount", c.PaidCount, 0)
				checkEqual(t, "Aging", c.Aging, Aging{D1to30: eur(40)})
			},
		},
		{
			name:  "window boundaries",
			month: "2026-03",
			opts:  func(o *Options) { o.WindowMonths = 3 },
			docs: []invoice.Document{
				inv("a", "A", "1", "2025-12-31", eur(1)),    // the day before W: out
				inv("a", "A", "2", "2026-01-01", eur(10)),   // first day: in
				inv("a", "A", "3", "2026-03-31", eur(100)),  // last day (A): in
				inv("a", "A", "4", "2026-04-01", eur(1000)), // after A: ignored
			},
			check: func(t *testing.T, r *Result) {
				checkEqual(t, "WindowFrom", r.WindowFrom, day("2026-01-01"))
				checkEqual(t, "Revenue", client(t, r, "a").Revenue, eur(110))
				checkEqual(t, "MonthRevenue", client(t, r, "a").MonthRevenue, eur(100))
				checkEqual(t, "InvoiceCount", client(t, r, "a").InvoiceCount, 2)
				// open: 1 (2025-12-31), 2, 3 = 111; number 4 is after A.
				checkEqual(t, "OpenAmount", client(t, r, "a").OpenAmount, eur(111))
			},
		},
		{
			name:  "a currency with no rate is rejected",
			month: "2026-10",
			docs: []invoice.Document{
				inv("a", "A", "1", "2026-05-01", eur(100)),
				func() invoice.Document {
					d := inv("b", "B", "2", "2026-05-01", eur(500))
					d.Currency, d.Source = "gbp", invoice.Source{File: "b.csv", Row: 7}
					return d
				}(),
			},
			check: func(t *testing.T, r *Result) {
				checkEqual(t, "Rejected", r.Rejected, []Rejection{{Source: invoice.Source{File: "b.csv", Row: 7}, Reason: "no exchange rate for GBP"}})
				checkEqual(t, "clients", clientKeys(r), []string{"a"})
				checkEqual(t, "Assumptions", assumptionsWith(r, KeyAssumptionNoRate), []Message{
					msg(KeyAssumptionNoRate, Arg{"count", Count(1)}, Arg{"currency", Text("GBP")})})
			},
		},
		{
			name:  "conversion rounds half-even once per document",
			month: "2026-10",
			opts:  func(o *Options) { o.Rates = map[string]*big.Rat{"usd": big.NewRat(1, 2)} },
			docs: func() []invoice.Document {
				var ds []invoice.Document
				for i, cents := range []invoice.Money{1001, 1001, 1003} {
					d := inv("a", "A", string(rune('1'+i)), "2026-05-01", cents)
					d.Currency = "USD"
					ds = append(ds, d)
				}
				return ds
			}(),
			check: func(t *testing.T, r *Result) {
				// 10.01 * 0.5 = 5.005 -> 5.00 (to even), twice; 10.03 * 0.5 = 5.015 -> 5.02.
				// 5.00 + 5.00 + 5.02 = 15.02 (rounding the sum 30.05*0.5 = 15.025 would differ).
				checkEqual(t, "Revenue", client(t, r, "a").Revenue, invoice.Money(1502))
				checkEqual(t, "Assumptions", assumptionsWith(r, KeyAssumptionConverted), []Message{msg(KeyAssumptionConverted,
					Arg{"count", Count(3)}, Arg{"currency", Text("USD")}, Arg{"rate", Text("0.5")})})
			},
		},
		{
			name:  "aliases merge spellings, exclusions leave a client out",
			month: "2026-10",
			opts: func(o *Options) {
				o.Aliases = map[string][]string{"ACME": {"Acme Corporation", "acme holding"}}
				o.Exclude = []string{"Internal"}
			},
			docs: []invoice.Document{
				inv("acme corporation", "Acme Corporation", "1", "2026-05-01", eur(100)),
				inv("acme holding", "ACME HOLDING", "2", "2026-05-01", eur(200)),
				inv("acme", "acme", "3", "2026-05-01", eur(300)),
				inv("other", "Other", "4", "2026-05-01", eur(600)),
				inv("internal", "INTERNAL", "5", "2026-05-01", eur(5000)),
				status(inv("internal", "internal", "6", "2026-05-01", eur(5000)), invoice.StatusVoid),
			},
			entries: []invoice.TimeEntry{hours("internal", "Internal", "2026-05-01", 100), hours("x", "Acme Corporation", "2026-05-01", 10)},
			check: func(t *testing.T, r *Result) {
				key := invoice.ClientKey("", "ACME")
				checkEqual(t, "clients", clientKeys(r), []string{key, "other"})
				acme := client(t, r, key)
				checkEqual(t, "Name", acme.Name, "ACME")
				checkEqual(t, "Revenue", acme.Revenue, eur(600))
				checkEqual(t, "Hours", acme.Hours, fp(10)) // Internal's 100 h left out
				checkEqual(t, "ExcludedClients", r.ExcludedClients, 2)
				checkEqual(t, "ExcludedDocuments", r.ExcludedDocuments, 0)
				checkEqual(t, "Assumptions", assumptionsWith(r, KeyAssumptionExcludedClients), []Message{msg(KeyAssumptionExcludedClients,
					Arg{"count", Count(2)}, Arg{"clients", Text("Internal")})})
			},
		},
		{
			name:  "grace days",
			month: "2026-10",
			opts:  func(o *Options) { o.GraceDays = 3 },
			docs: []invoice.Document{
				paid(due(inv("a", "A", "1", "2026-09-01", eur(100)), "2026-09-10"), "2026-09-13"), // 3 late: on time
				paid(due(inv("a", "A", "2", "2026-09-01", eur(300)), "2026-09-10"), "2026-09-14"), // 4 late: not
			},
			check: func(t *testing.T, r *Result) {
				c := client(t, r, "a")
				checkEqual(t, "OnTimeRate", c.OnTimeRate, fp(0.5))
				// days late still counted from the due date: (100*3 + 300*4)/400 = 3.75.
				checkEqual(t, "WADL", c.WADL, fp(3.75))
				checkEqual(t, "MedianDaysLate", c.MedianDaysLate, fp(3.5))
			},
		},
		{
			name:  "p90 nearest rank over 10 values",
			month: "2026-10",
			docs: func() []invoice.Document {
				var ds []invoice.Document
				for late := 1; late <= 10; late++ { // due 09-01, paid 09-01+late
					ds = append(ds, paid(due(inv("a", "A", string(rune('a'+late)), "2026-08-01", eur(1)), "2026-09-01"),
						day("2026-09-01").AddDays(late).String()))
				}
				return ds
			}(),
			check: func(t *testing.T, r *Result) {
				c := client(t, r, "a")
				// rank ceil(0.9*10) = 9 -> 9; median (5+6)/2 = 5.5; max 10.
				checkEqual(t, "P90", c.P90DaysLate, fp(9))
				checkEqual(t, "Median", c.MedianDaysLate, fp(5.5))
				checkEqual(t, "Max", c.MaxDaysLate, fp(10))
				// 10 paid, WADL 5.5 < 15: not slow.
				checkEqual(t, "slow", c.HasFlag(FlagSlowPayer), false)
			},
		},
		{
			name:  "lost and new clients",
			month: "2026-10",
			docs: []invoice.Document{
				// quiet months 2026-08..10, the 12 before: 2025-08..2026-07.
				inv("l1", "L1", "1", "2025-08-01", eur(10)), // both ends of the 12 months
				inv("l1", "L1", "2", "2026-07-31", eur(20)),
				// l1 bought monthly at the end (gaps 9, 1, 1: median 1), so its
				// 3 quiet months are twice its rhythm: lost.
				inv("l1", "L1", "2a", "2026-05-10", eur(5)),
				inv("l1", "L1", "2b", "2026-06-10", eur(5)),
				inv("l2", "L2", "3", "2025-07-31", eur(10)), // before the 12 months
				inv("l2", "L2", "4", "2026-07-01", eur(10)),
				inv("l3", "L3", "5", "2025-09-01", eur(10)),
				inv("l3", "L3", "6", "2025-10-01", eur(10)),
				inv("l3", "L3", "7", "2026-08-01", eur(10)), // an invoice in the quiet months
				inv("l4", "L4", "8", "2026-01-01", eur(10)), // one distinct month only
				inv("l4", "L4", "9", "2026-01-31", eur(10)),
				inv("n1", "N1", "10", "2026-10-01", eur(50)), // first ever in M
				inv("n2", "N2", "11", "2026-10-02", eur(50)),
				inv("n2", "N2", "12", "2026-09-30", eur(50)),
				inv("n3", "N3", "13", "2026-11-01", eur(50)), // after A
			},
			check: func(t *testing.T, r *Result) {
				var lost, news []string
				for _, l := range r.Lost {
					lost = append(lost, l.Key)
				}
				for _, n := range r.New {
					news = append(news, n.Key)
				}
				checkEqual(t, "Lost", lost, []string{"l1"})
				checkEqual(t, "New", news, []string{"n1"})
				if len(r.Lost) == 1 {
					// revenue in W (from 2025-11-01): 5 + 5 + 20; 4 invoice months.
					checkEqual(t, "Lost[0].Flag.Reasons", r.Lost[0].Flag.Reasons, []Message{reasonLost(4, day("2026-07-31"), eur(30), 3, 1)})
				}
				// l4 bought in 2026-01 only (nothing before): one-off, not lost.
				checkEqual(t, "OneOff", r.OneOff, 1)
				checkEqual(t, "New[0]", r.New, []NewClient{{Key: "n1", Name: "N1", FirstInvoice: day("2026-10-01"), Revenue: eur(50)}})
				checkEqual(t, "l1 flagged lost", client(t, r, "l1").HasFlag(FlagLost), true)
				for _, c := range r.Clients {
					if c.Key == "n3" {
						t.Errorf("n3 (only after A) is listed")
					}
				}
			},
		},
		{
			name:  "share change against the window ending the month before",
			month: "2026-10",
			opts:  func(o *Options) { o.WindowMonths = 1 },
			docs: []invoice.Document{
				inv("a", "A", "1", "2026-09-10", eur(100)),
				inv("b", "B", "2", "2026-09-10", eur(100)),
				inv("a", "A", "3", "2026-10-10", eur(300)),
				inv("b", "B", "4", "2026-10-10", eur(100)),
			},
			check: func(t *testing.T, r *Result) {
				a := client(t, r, "a")
				// October: 300/400 = .75; September: 100/200 = .5; change +.25.
				checkEqual(t, "Share", a.Share, 0.75)
				checkEqual(t, "PrevShare", a.PrevShare, fp(0.5))
				checkEqual(t, "ShareChange", a.ShareChange, fp(0.25))
				checkEqual(t, "B.ShareChange", client(t, r, "b").ShareChange, fp(-0.25))
			},
		},
		{
			name:  "no documents at all",
			month: "2026-10",
			check: func(t *testing.T, r *Result) {
				// The floor is never below one currency unit (1.00 EUR).
				checkEqual(t, "Portfolio", r.Portfolio, Portfolio{HHIBand: BandUnconcentrated, MinAmount: eur(1), ActAmount: eur(1)})
				checkEqual(t, "Clients", len(r.Clients), 0)
			},
		},
		{
			name:  "HHI bands at their limits",
			month: "2026-10",
			docs: func() []invoice.Document {
				// shares .3 .3 .2 .2 -> 900+900+400+400 = 2600 (high);
				// checked with moderate/high thresholds moved to 2600 below.
				return []invoice.Document{
					inv("a", "A", "1", "2026-05-01", eur(30)), inv("b", "B", "2", "2026-05-01", eur(30)),
					inv("c", "C", "3", "2026-05-01", eur(20)), inv("d", "D", "4", "2026-05-01", eur(20)),
				}
			}(),
			opts: func(o *Options) { o.Thresholds.HHIHigh = 2600 },
			check: func(t *testing.T, r *Result) {
				// 2600 is not above 2600: moderate, and no note.
				checkEqual(t, "HHI", r.Portfolio.HHI, 2600.0)
				checkEqual(t, "HHIBand", r.Portfolio.HHIBand, BandModerate)
				checkEqual(t, "Notes", len(r.Portfolio.Notes), 0)
				// pareto: .3, .6, .8 >= .8 -> 3 (exactly 80% counts).
				checkEqual(t, "Pareto80", r.Portfolio.Pareto80Clients, 3)
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := baseOptions(tc.month)
			if tc.opts != nil {
				tc.opts(&opts)
			}
			r, err := Compute(tc.docs, tc.entries, opts)
			if err != nil {
				t.Fatalf("Compute: %v", err)
			}
			tc.check(t, r)
		})
	}
}

// TestAsOfAndDSODays checks A and the DSO day count over leap and
// 28/30/31-day months: one open invoice issued in M and never paid, so
// DSO = amount/amount * days = days.
func TestAsOfAndDSODays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		month    string
		asOf     string
		days     float64
		issueDue string // due date of the open invoice
		pastDue  int
	}{
		{"2024-02", "2024-02-29", 31 + 31 + 29, "2024-01-30", 30}, // Dec, Jan, Feb of a leap year
		{"2025-02", "2025-02-28", 31 + 31 + 28, "2025-01-29", 30},
		{"2026-04", "2026-04-30", 28 + 31 + 30, "2026-03-31", 30},
		{"2026-07", "2026-07-31", 31 + 30 + 31, "2026-07-01", 30},
		{"2024-03", "2024-03-31", 31 + 29 + 31, "2024-02-29", 31}, // Jan, Feb (29), Mar
	}
	for _, tc := range tests {
		t.Run(tc.month, func(t *testing.T) {
			m := month(tc.month)
			docs := []invoice.Document{due(inv("a", "A", "1", m.First().String(), eur(100)), tc.issueDue)}
			r, err := Compute(docs, nil, baseOptions(tc.month))
			if err != nil {
				t.Fatal(err)
			}
			checkEqual(t, "AsOf", r.AsOf, day(tc.asOf))
			checkEqual(t, "DSO", r.Portfolio.DSO, fp(tc.days))
			if r.Open.Len() != 1 {
				t.Fatalf("open invoices %d, want 1", r.Open.Len())
			}
			checkEqual(t, "DaysPastDue", r.Open.At(0).DaysPastDue, tc.pastDue)
		})
	}
}

func TestComputeInvalidOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts func(*Options)
	}{
		{"zero month", func(o *Options) { o.Month = invoice.Month{} }},
		{"window 0", func(o *Options) { o.WindowMonths = 0 }},
		{"negative terms", func(o *Options) { o.PaymentTermsDays = -1 }},
		{"negative rate", func(o *Options) { o.Rates = map[string]*big.Rat{"USD": big.NewRat(-1, 1)} }},
		{"lost after 0", func(o *Options) { o.Thresholds.LostAfterMonths = 0 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := baseOptions("2026-10")
			tc.opts(&opts)
			r, err := Compute(nil, nil, opts)
			if !errors.Is(err, ErrInvalidOptions) || r != nil {
				t.Errorf("Compute = %v, %v; want nil and an ErrInvalidOptions", r, err)
			}
		})
	}
	// Zero thresholds mean the defaults, not "flag everything".
	opts := baseOptions("2026-10")
	opts.Thresholds = Thresholds{}
	r, err := Compute([]invoice.Document{inv("a", "A", "1", "2026-05-01", eur(1)), inv("b", "B", "2", "2026-05-01", eur(9))}, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkEqual(t, "A flagged", client(t, r, "a").HasFlag(FlagOverDependent), false) // share .1 < .25
	checkEqual(t, "B flagged", client(t, r, "b").HasFlag(FlagOverDependent), true)
}
