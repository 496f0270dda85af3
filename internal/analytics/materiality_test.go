package analytics

import (
	"fmt"
	"slices"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// flaggedKeys lists the keys of the clients carrying flag, sorted.
func flaggedKeys(r *Result, flag string) []string {
	var out []string
	for i := range r.Clients {
		if r.Clients[i].HasFlag(flag) {
			out = append(out, r.Clients[i].Key)
		}
	}
	slices.Sort(out)
	return out
}

// TestCommonSignalIsAFinding: 100 clients, 60 with 2 disputes (the limit)
// and 3 with 8; the signal is carried by 63 > 100/3 clients, so it is a
// portfolio finding and only the 3 outliers keep the flag. Scores are
// disputes / disputed_min: 1 for the 60, 4 for the 3; the 90th
// percentile (rank ceil(0.9*63) = 57) is 1 and the median is 1, so only
// a score above 1 stands out.
func TestCommonSignalIsAFinding(t *testing.T) {
	t.Parallel()
	var docs []invoice.Document
	for i := range 100 {
		k := fmt.Sprintf("c%03d", i)
		docs = append(docs, paid(due(inv(k, k, k+"-1", "2026-09-01", eur(1000)), "2026-09-30"), "2026-09-20"))
		disputes := 0
		switch {
		case i < 60:
			disputes = 2
		case i < 63:
			disputes = 8
		}
		for j := range disputes {
			docs = append(docs, status(paid(inv(k, k, fmt.Sprintf("%s-d%d", k, j), "2026-10-01", eur(10)), "2026-10-10"), invoice.StatusDisputed))
		}
	}
	r, err := Compute(docs, nil, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	checkEqual(t, "flagged", flaggedKeys(r, FlagHighMaintenance), []string{"c060", "c061", "c062"})
	if len(r.Findings) != 1 {
		t.Fatalf("findings %+v, want one", r.Findings)
	}
	f := r.Findings[0]
	checkEqual(t, "finding", []any{f.Signal, f.Count, f.Clients, f.Flagged}, []any{FlagHighMaintenance, 63, 100, 3})
	// 8 disputes / 2 = 4 >= 2: act.
	for _, c := range r.Clients {
		for _, fl := range c.Flags {
			if fl.Grade != GradeAct {
				t.Errorf("%s %s: grade %s, want act", c.Key, fl.Flag, fl.Grade)
			}
		}
	}
}

// TestRareSignalStaysAClientFlag: with 4 of 20 clients disputing, every
// one of them keeps the flag (no finding): 4 is not more than 20/3.
func TestRareSignalStaysAClientFlag(t *testing.T) {
	t.Parallel()
	var docs []invoice.Document
	for i := range 20 {
		k := fmt.Sprintf("c%02d", i)
		docs = append(docs, paid(inv(k, k, k+"-1", "2026-09-01", eur(1000)), "2026-09-20"))
		if i < 4 {
			for j := range 2 {
				docs = append(docs, status(paid(inv(k, k, fmt.Sprintf("%s-d%d", k, j), "2026-10-01", eur(10)), "2026-10-05"), invoice.StatusDisputed))
			}
		}
	}
	r, err := Compute(docs, nil, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	checkEqual(t, "flagged", flaggedKeys(r, FlagHighMaintenance), []string{"c00", "c01", "c02", "c03"})
	checkEqual(t, "findings", len(r.Findings), 0)
}

// TestSlowPayerMateriality: window revenue 120,000.00 -> an average month
// of 10,000.00, floor 100.00, act amount 500.00.
func TestSlowPayerMateriality(t *testing.T) {
	t.Parallel()
	// big brings the revenue; its invoice is paid, so it owes nothing.
	big := paid(inv("big", "Big", "B", "2026-03-01", eur(119_000)), "2026-03-20")
	tests := []struct {
		name  string
		docs  []invoice.Document
		flag  bool
		grade string
	}{
		{"99.99 overdue 90 days: below the floor", []invoice.Document{
			due(inv("s", "S", "1", "2026-07-01", 9999), "2026-08-02"), // 90 days past due
			paid(inv("s", "S", "2", "2026-05-01", invoice.Money(100001-9999)), "2026-05-20"),
		}, false, ""},
		{"100.00 overdue 90 days: at the floor, watch", []invoice.Document{
			due(inv("s", "S", "1", "2026-07-01", eur(100)), "2026-08-02"),
			paid(inv("s", "S", "2", "2026-05-01", eur(900)), "2026-05-20"),
		}, true, GradeWatch},
		{"100.00 overdue 121 days: over twice slow_overdue_days, act", []invoice.Document{
			due(inv("s", "S", "1", "2026-06-01", eur(100)), "2026-07-02"), // 121 days
			paid(inv("s", "S", "2", "2026-05-01", eur(900)), "2026-05-20"),
		}, true, GradeAct},
		{"500.00 overdue 70 days: the act amount", []invoice.Document{
			due(inv("s", "S", "1", "2026-07-01", eur(500)), "2026-08-22"), // 70 days
			paid(inv("s", "S", "2", "2026-05-01", eur(500)), "2026-05-20"),
		}, true, GradeAct},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Compute(append([]invoice.Document{big}, tc.docs...), nil, baseOptions("2026-10"))
			if err != nil {
				t.Fatal(err)
			}
			checkEqual(t, "MinAmount", r.Portfolio.MinAmount, eur(100))
			checkEqual(t, "ActAmount", r.Portfolio.ActAmount, eur(500))
			c := client(t, r, "s")
			if c.HasFlag(FlagSlowPayer) != tc.flag {
				t.Fatalf("slow payer %v, want %v (%+v)", c.HasFlag(FlagSlowPayer), tc.flag, c.Flags)
			}
			for _, f := range c.Flags {
				if f.Flag == FlagSlowPayer && f.Grade != tc.grade {
					t.Errorf("grade %s, want %s", f.Grade, tc.grade)
				}
				if f.Flag == FlagSlowPayer && f.Grade == GradeWatch {
					for _, a := range f.Actions {
						if a.Key == KeyActionNoticeSlow || a.Key == KeyActionPauseWork {
							t.Errorf("a watch advises %s", a.Key)
						}
					}
				}
			}
		})
	}
}

// TestChaseNamesTheLargestInvoices: five overdue invoices, one below the
// floor (1% of 12,000.00/12 = 10.00): the action names the three largest
// at or above it, then "2 more", and the total of all five.
func TestChaseNamesTheLargestInvoices(t *testing.T) {
	t.Parallel()
	docs := []invoice.Document{
		paid(inv("big", "Big", "B", "2026-03-01", eur(10_940)), "2026-03-10"),
		due(inv("s", "S", "A", "2026-08-01", eur(300)), "2026-08-31"), // 61 days
		due(inv("s", "S", "B", "2026-09-01", eur(500)), "2026-09-30"), // 31 days
		due(inv("s", "S", "C", "2026-09-01", eur(200)), "2026-10-01"), // 30 days
		due(inv("s", "S", "D", "2026-10-01", eur(55)), "2026-10-21"),  // 10 days
		due(inv("s", "S", "E", "2026-10-01", eur(5)), "2026-10-21"),   // below the floor
	}
	r, err := Compute(docs, nil, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	checkEqual(t, "MinAmount", r.Portfolio.MinAmount, eur(10))
	c := client(t, r, "s")
	if !c.HasFlag(FlagSlowPayer) {
		t.Fatalf("not a slow payer: %+v", c.Flags)
	}
	chase := c.Flags[len(c.Flags)-1].Actions[0]
	if c.Flags[0].Flag == FlagSlowPayer {
		chase = c.Flags[0].Actions[0]
	}
	want := msg(KeyActionChase, Arg{"invoices", InvoiceRefs{Refs: []InvoiceRef{
		{Number: "B", Issued: day("2026-09-01"), Amount: eur(500), DaysPastDue: 31},
		{Number: "A", Issued: day("2026-08-01"), Amount: eur(300), DaysPastDue: 61},
		{Number: "C", Issued: day("2026-09-01"), Amount: eur(200), DaysPastDue: 30},
	}, More: 2, Total: eur(1060)}})
	checkEqual(t, "chase", chase, want)
	if len(r.Actions) == 0 || r.Actions[0].ClientKey != "s" {
		t.Errorf("page 1 actions %+v, want the slow payer first", r.Actions)
	}
}

// TestLostFollowsRhythm: with M = 2026-10 the look-back is 2025-08..2026-07
// and the quiet months 2026-08..10.
func TestLostFollowsRhythm(t *testing.T) {
	t.Parallel()
	docs := []invoice.Document{
		// keeps the revenue up: invoices every month of the window.
		inv("big", "Big", "B1", "2026-10-01", eur(10_000)),
		// monthly until June: silent 4 months (Jul..Oct) >= 2 x 1: lost.
		inv("m", "Monthly", "1", "2026-04-05", eur(1000)),
		inv("m", "Monthly", "2", "2026-05-05", eur(1000)),
		inv("m", "Monthly", "3", "2026-06-05", eur(1000)),
		// quarterly (2025-10, 2026-01, 2026-04, 2026-07): silent 3 < 2 x 3.
		inv("q", "Quarterly", "1", "2025-10-10", eur(1000)),
		inv("q", "Quarterly", "2", "2026-01-10", eur(1000)),
		inv("q", "Quarterly", "3", "2026-04-10", eur(1000)),
		inv("q", "Quarterly", "4", "2026-07-10", eur(1000)),
		// one invoice month only, nothing before: a one-off buyer.
		inv("o", "One-off", "1", "2026-02-10", eur(3000)),
		inv("o", "One-off", "2", "2026-02-20", eur(3000)),
		// monthly but tiny: 2 x 0.50 is below the floor (1.00 at least).
		inv("t", "Tiny", "1", "2026-03-01", 50),
		inv("t", "Tiny", "2", "2026-04-01", 50),
	}
	r, err := Compute(docs, nil, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	var lost []string
	for _, l := range r.Lost {
		lost = append(lost, l.Key)
	}
	checkEqual(t, "lost", lost, []string{"m"})
	checkEqual(t, "one-off", r.OneOff, 1)
	// revenue 10000+3000+4000+6000+1 = 23001.00 -> a month is 1916.75;
	// Monthly's 3000 is more than that: act.
	checkEqual(t, "grade", r.Lost[0].Flag.Grade, GradeAct)
	checkEqual(t, "reason", r.Lost[0].Flag.Reasons, []Message{reasonLost(3, day("2026-06-05"), eur(3000), 3, 1)})
}

// TestUnknownIsNotZero: an export with no paid date, status or balance
// says nothing of payment: the client is not payment-known, has no trend
// and cannot be a slow payer, however old its invoices.
func TestUnknownIsNotZero(t *testing.T) {
	t.Parallel()
	docs := []invoice.Document{
		noPayInfo(inv("a", "A", "1", "2026-01-10", eur(5000))),
		noPayInfo(inv("b", "", "2", "2026-02-10", eur(3000))),
	}
	docs[1].ClientID = "IT0123"
	r, err := Compute(docs, nil, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	checkEqual(t, "PaymentKnown", r.Portfolio.PaymentKnown, false)
	checkEqual(t, "Trend", r.Trend, []TrendPoint(nil))
	checkEqual(t, "slow", flaggedKeys(r, FlagSlowPayer), []string(nil))
	for _, c := range r.Clients {
		if c.PaymentKnown {
			t.Errorf("%s: payment known", c.Key)
		}
	}
	// A client known only by its id is named by it.
	checkEqual(t, "id name", client(t, r, "b").Name, "IT0123")
}

// TestTrendMonthEnds: two invoices followed through the month ends.
// X: issued 2026-08-10, due 2026-09-09, paid 2026-10-05, 1000.
// Y: issued 2026-09-15, due 2026-10-15, open, 500.
// End of Aug: X open, not due (due 09-09 > 08-31): open 1000, overdue 0.
// End of Sep: X open and overdue (09-09 < 09-30), Y open, not due: open
// 1500, overdue 1000. End of Oct: X paid; Y overdue: open 500, overdue 500.
// DSO at Oct: revenue Aug-Oct 1500 over 92 days: 500/1500*92.
func TestTrendMonthEnds(t *testing.T) {
	t.Parallel()
	docs := []invoice.Document{
		paid(due(inv("x", "X", "X", "2026-08-10", eur(1000)), "2026-09-09"), "2026-10-05"),
		due(inv("y", "Y", "Y", "2026-09-15", eur(500)), "2026-10-15"),
	}
	r, err := Compute(docs, nil, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Trend) != 3 {
		t.Fatalf("trend %+v, want Aug..Oct", r.Trend)
	}
	got := r.Trend
	checkEqual(t, "Aug", []invoice.Money{got[0].Open, got[0].Overdue}, []invoice.Money{eur(1000), 0})
	checkEqual(t, "Sep", []invoice.Money{got[1].Open, got[1].Overdue}, []invoice.Money{eur(1500), eur(1000)})
	checkEqual(t, "Oct", []invoice.Money{got[2].Open, got[2].Overdue}, []invoice.Money{eur(500), eur(500)})
	checkEqual(t, "Oct DSO", got[2].DSO, fp(500.0/1500*92))
	// The last point is the portfolio's own figures.
	checkEqual(t, "matches A", []invoice.Money{got[2].Open, got[2].Overdue}, []invoice.Money{r.Portfolio.OpenAmount, r.Portfolio.OverdueAmount})
}

// TestImpossibleDates counts due-before-issue, paid-before-issue and
// future dates (today 2026-11-04), with the first row of each.
func TestImpossibleDates(t *testing.T) {
	t.Parallel()
	docs := []invoice.Document{
		due(inv("a", "A", "1", "2026-05-10", eur(100)), "2026-05-01"),
		due(inv("a", "A", "2", "2026-05-10", eur(100)), "2026-04-01"),
		paid(inv("a", "A", "3", "2026-05-10", eur(100)), "2026-05-09"),
		paid(inv("a", "A", "4", "2026-10-10", eur(100)), "2026-12-01"),
	}
	for i := range docs {
		docs[i].Source = invoice.Source{File: "x.csv", Row: i + 2}
	}
	opts := baseOptions("2026-10")
	opts.Today = day("2026-11-04")
	r, err := Compute(docs, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	im := r.Impossible
	checkEqual(t, "counts", []int{im.DueBeforeIssue, im.PaidBeforeIssue, im.Future}, []int{2, 1, 1})
	checkEqual(t, "first rows", []int{im.FirstDue.Row, im.FirstPaid.Row, im.FirstFuture.Row}, []int{2, 4, 5})
}

// TestDataFindingCountsEachInvoiceOnce: an invoice due and paid before it
// was issued is one invoice with impossible dates, not two. Of 4 invoices,
// A is due and paid before issue, B is due before issue: 2 of 4, and the
// finding says 2 (it said 3, and "430 of 400" on the v4 export with its
// payments).
func TestDataFindingCountsEachInvoiceOnce(t *testing.T) {
	t.Parallel()
	a := paid(due(inv("acme", "Acme", "A", "2026-10-10", eur(100)), "2026-10-01"), "2026-10-05")
	b := due(inv("acme", "Acme", "B", "2026-10-12", eur(100)), "2026-10-02")
	c := inv("acme", "Acme", "C", "2026-10-14", eur(100))
	d := inv("beta", "Beta", "D", "2026-10-15", eur(100))
	res, err := Compute([]invoice.Document{a, b, c, d}, nil, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	if im := res.Impossible; im.DueBeforeIssue != 2 || im.PaidBeforeIssue != 1 || im.Invoices != 2 {
		t.Errorf("impossible dates: %+v, want due-before 2, paid-before 1, invoices 2", im)
	}
	var found *Finding
	for i := range res.Findings {
		if res.Findings[i].Signal == SignalData {
			found = &res.Findings[i]
		}
	}
	if found == nil || found.Count != 2 {
		t.Fatalf("data finding: %+v, want one counting 2 invoices", found)
	}
	if got := found.Message.Arg("count"); got != Count(2) {
		t.Errorf("finding's count argument = %v, want 2", got)
	}
}
