package analytics

import (
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// handPortfolio is the hand-computed example: report month 2026-10, as-of
// A = 2026-10-31, W = 2025-11-01..2026-10-31 (12 months), terms 30 days,
// grace 0, USD at 0.92. The 3 months ending A are 2026-08..2026-10:
// 31+30+31 = 92 days. The previous window is 2025-10-01..2026-09-30.
func handPortfolio() ([]invoice.Document, []invoice.TimeEntry) {
	docs := []invoice.Document{
		// Alpha: 4 invoices in W, 3 paid late.
		// A1 2026-01-10 -> paid 2026-03-01: 21 (rest of Jan) + 28 (Feb) + 1 = 50 days to pay;
		//    due 2026-02-09: 19 (rest of Feb) + 1 = 20 days late.
		paid(due(inv("alpha", "Alpha Ltd", "A1", "2026-01-10", eur(10000)), "2026-02-09"), "2026-03-01"),
		// A2 2026-04-01 -> 2026-05-11: 30 + 10 = 40 days; due 05-01: 10 late.
		paid(due(inv("alpha", "Alpha Ltd", "A2", "2026-04-01", eur(36000)), "2026-05-01"), "2026-05-11"),
		// A3 2026-07-01 -> 2026-08-30: 31 + 29 = 60 days; due 07-31: 30 late.
		paid(due(inv("alpha", "ALPHA LTD", "A3", "2026-07-01", eur(10000)), "2026-07-31"), "2026-08-30"),
		// A4 open, due 2026-11-04: days past due = 10-31 - 11-04 = -4 (current).
		status(due(inv("alpha", "Alpha Ltd", "A4", "2026-10-05", eur(10000)), "2026-11-04"), invoice.StatusOpen),
		// A void document: left out, counted.
		status(inv("alpha", "Alpha Ltd", "V1", "2026-02-01", eur(9999)), invoice.StatusVoid),

		// Beta: 4 invoices, 2 credit notes, 2 disputed.
		// B1 on the first day of W, paid on its due date: 30 days to pay, 0 late, on time.
		paid(due(inv("beta", "Beta Srl", "B1", "2025-11-01", eur(8000)), "2025-12-01"), "2025-12-01"),
		// B2 disputed, open; due 2026-03-17: 14 + 30+31+30+31+31+30 + 31 = 228 days past due (90+).
		status(due(inv("beta", "Beta Srl", "B2", "2026-03-17", eur(6000)), "2026-03-17"), invoice.StatusDisputed),
		credit(inv("beta", "Beta Srl", "B3", "2026-03-01", eur(-1000))),
		// B4 disputed, no due date: due = 05-10 + 30 = 06-09; paid 06-20:
		//    31 + 10 = 41 days to pay, 11 late.
		status(paid(inv("beta", "Beta Srl", "B4", "2026-05-10", eur(6000)), "2026-06-20"), invoice.StatusDisputed),
		// B5 a credit note written with a positive amount: negated.
		credit(inv("beta", "Beta Srl", "B5", "2026-09-10", eur(1000))),
		// B6 on the last day of W, balance 2000 open; due 11-30: -30 days (current).
		func() invoice.Document {
			d := due(inv("beta", "Beta Srl", "B6", "2026-10-31", eur(2000)), "2026-11-30")
			d.HasOutstanding, d.Outstanding = true, eur(2000)
			return d
		}(),

		// Gamma: G1 paid 5 days early: 25 days to pay, 0 late.
		paid(due(inv("gamma", "Gamma Co", "G1", "2026-06-15", eur(5080)), "2026-07-15"), "2026-07-10"),
		// G2 USD 1000.00 * 0.92 = 920.00 EUR; 08-20 -> 09-19: 30 days, 0 late.
		func() invoice.Document {
			d := paid(due(inv("gamma", "Gamma", "G2", "2026-08-20", 100000), "2026-09-19"), "2026-09-19")
			d.Currency = "USD"
			return d
		}(),

		// Delta: D1 the day before W (revenue out of W, in the previous
		// window) but paid in W: 30 + 5 = 35 days to pay, 5 late.
		paid(due(inv("delta", "Delta", "D1", "2025-10-31", eur(3000)), "2025-11-30"), "2025-12-05"),
		// D2 paid after A: open at A; due 10-01: 30 days past due (1-30).
		paid(due(inv("delta", "Delta", "D2", "2026-09-01", eur(4000)), "2026-10-01"), "2026-11-10"),
		// D3 no due date: 10-15 + 30 = 11-14, -14 days (current).
		inv("delta", "Delta", "D3", "2026-10-15", eur(1000)),

		// Echo: an invoice from before W still open, and a credit note in W.
		// E0 due 2025-07-01: 365 (to 2026-07-01) + 31 + 31 + 30 + 30 = 487 days past due.
		due(inv("echo", "Echo", "E0", "2025-06-01", eur(700)), "2025-07-01"),
		credit(inv("echo", "Echo", "E1", "2026-03-10", eur(-500))),

		// Foxtrot: an export without payment data; invoices in 2025-12 and
		// 2026-03, none in 2026-08..10: lost.
		noPayInfo(inv("foxtrot", "Foxtrot", "F1", "2025-12-10", eur(1500))),
		noPayInfo(inv("foxtrot", "Foxtrot", "F2", "2026-03-10", eur(1500))),
	}
	entries := []invoice.TimeEntry{
		hours("alpha", "Alpha Ltd", "2026-03-01", 30),
		hours("alpha", "Alpha Ltd", "2026-10-31", 10),
		hours("beta", "Beta Srl", "2025-11-01", 10),
		hours("gamma", "Gamma", "2026-07-01", 50),
		hours("gamma", "Gamma", "2025-10-31", 100), // before W: not counted
	}
	return docs, entries
}

func TestComputeHandPortfolio(t *testing.T) {
	t.Parallel()
	docs, entries := handPortfolio()
	got, err := Compute(docs, entries, baseOptions("2026-10"))
	if err != nil {
		t.Fatal(err)
	}
	checkEqual(t, "AsOf", got.AsOf, day("2026-10-31"))
	checkEqual(t, "WindowFrom", got.WindowFrom, day("2025-11-01"))

	// Revenue in W (EUR):
	//   Alpha 10000+36000+10000+10000 = 66000
	//   Beta 8000+6000-1000+6000-1000+2000 = 20000
	//   Gamma 5080+920 = 6000; Delta 4000+1000 = 5000; Foxtrot 3000; Echo -500
	//   total (positive only) = 100000, clients = 5
	// Shares .66 .20 .06 .05 .03 -> HHI = 4356+400+36+25+9 = 4826 (high).
	// Top3 = .92, top5 = 1; pareto: .66 < .8, .86 >= .8 -> 2 of 5 = 0.4.
	// Month (Oct 2026): Alpha 10000, Beta 2000, Delta 1000 -> 13000.
	// Paid in W: A1 10000x20, A2 36000x10, A3 10000x30, B1 8000x0,
	//   B4 6000x11, G1 5080x0, G2 920x0, D1 3000x5 -> WADL =
	//   (200000+360000+300000+66000+15000) / 79000 = 941000/79000;
	//   on time: B1, G1, G2 -> 3/8.
	// Open at A: A4 10000 (-4), B2 6000 (228), B6 2000 (-30), D2 4000 (30),
	//   D3 1000 (-14), E0 700 (487) -> 23700; overdue 6000+4000+700 = 10700;
	//   current 13000, 1-30 4000, 90+ 6700.
	// DSO: revenue Aug-Oct 2026 = A4 10000 + B5 -1000 + B6 2000 + G2 920
	//   + D2 4000 + D3 1000 = 16920 -> 23700/16920*92.
	// Hours in W: 40+10+50 = 100. Effective rates (>= 10 h): Alpha
	//   66000/40 = 1650, Beta 20000/10 = 2000, Gamma 6000/50 = 120 ->
	//   median 1650.
	wantPortfolio := Portfolio{
		Revenue: eur(100000), MonthRevenue: eur(13000), Clients: 5,
		HHI: 4826, HHIBand: BandHigh, EffectiveClients: fp(10000.0 / 4826),
		Top1Share: 0.66, Top3Share: 0.92, Top5Share: 1,
		Pareto80Clients: 2, Pareto80Fraction: fp(0.4), LossIfTopLeaves: eur(66000),
		OpenAmount: eur(23700), OverdueAmount: eur(10700), DSO: fp(23700.0 / 16920 * 92),
		WADL: fp(941000.0 / 79000), OnTimeRate: fp(3.0 / 8), PaidCount: 8,
		Aging:               Aging{Current: eur(13000), D1to30: eur(4000), D90plus: eur(6700)},
		TotalHours:          fp(100),
		MedianEffectiveRate: fp(1650),
		Notes:               []Message{msg(KeyNoteHHIHigh, Arg{"hhi", Ratio(4826)}, Arg{"threshold", Ratio(2500)})},
		PaymentKnown:        true,
		// 100000 / 12 = 8333.33; 1% = 83.33; 5% = 416.67 (half-even cents).
		MinAmount: invoice.Money(8333), ActAmount: invoice.Money(41667),
	}
	checkEqual(t, "Portfolio", got.Portfolio, wantPortfolio)

	// Flags under the materiality rules (materiality.go): revenue 100000
	// over 12 months -> an average month of 8333.33, floor 83.33, act
	// amount 416.67. Alpha 66% >= 1.6*25% = 40%: act; its paid-late
	// pattern (15.36 days) has nothing overdue, so no slow-payer flag.
	// Beta: B2 6000 is 228 > 120 days past due: act; credit notes 2
	// (ratio 0.5/0.2 but count 2/2 = 1) and disputes 2/2: watch. Gamma:
	// load ratio 8.33/1.5 = 5.6 >= 2: act. Foxtrot: invoices in 2025-12
	// and 2026-03 (gap 3), silent 7 months >= 2*3, 3000 >= 83.33, below
	// a month's 8333.33: watch. Echo: E0 700 is 487 days past due: act.
	// Only beta and gamma share a signal: no finding (fewer than 5).
	wantFlags := map[string][]string{
		"alpha":   {"over_dependent/act"},
		"beta":    {"slow_payer/act", "high_maintenance/watch"},
		"gamma":   {"high_maintenance/act"},
		"foxtrot": {"lost/watch"},
		"echo":    {"slow_payer/act"},
	}
	lostFlag := Flag{Flag: FlagLost, Grade: GradeWatch, AtStake: eur(3000), score: 300000,
		// 2 months (2025-12, 2026-03) in 2025-08..2026-07, none in 2026-08..10.
		Reasons: []Message{reasonLost(2, day("2026-03-10"), eur(3000), 3, 3)},
		Actions: []Message{msg(KeyActionAskWhy)}}

	// Previous window 2025-10-01..2026-09-30: Alpha 56000, Beta 18000,
	// Gamma 6000, Delta 3000+4000 = 7000, Foxtrot 3000, Echo -500 -> 90000.
	want := []ClientFigures{
		{
			PaymentKnown: true,
			Key:          "alpha", Name: "Alpha Ltd", // 3 of 4 counted rows spell it so
			Revenue: eur(66000), Share: 0.66, MonthRevenue: eur(10000), MonthShare: 10.0 / 13,
			PrevShare: fp(56.0 / 90), ShareChange: fp(0.66 - 56.0/90),
			// lates 20, 10, 30 -> sorted 10 20 30; days to pay (50+40+60)/3 = 50;
			// WADL (10000*20 + 36000*10 + 10000*30)/56000 = 860000/56000 = 15.36 >= 15.
			PaidCount: 3, AvgDaysToPay: fp(50), WADL: fp(860000.0 / 56000),
			MedianDaysLate: fp(20), P90DaysLate: fp(30), MaxDaysLate: fp(30), OnTimeRate: fp(0),
			OpenAmount: eur(10000), MaxDaysPastDue: ip(-4), DSO: fp(10000.0 / 10000 * 92),
			Aging:        Aging{Current: eur(10000)},
			InvoiceCount: 4, CreditNoteRatio: fp(0),
			// 40 h: hours share .4, load .4/.66, rate 66000/40.
			Hours: fp(40), HoursShare: fp(0.4), LoadRatio: fp(0.4 / 0.66), EffectiveRate: fp(1650),
			FirstInvoice: day("2026-01-10"), LastInvoice: day("2026-10-05"),
		},
		{
			PaymentKnown: true,
			Key:          "beta", Name: "Beta Srl",
			Revenue: eur(20000), Share: 0.2, MonthRevenue: eur(2000), MonthShare: 2.0 / 13,
			PrevShare: fp(0.2), ShareChange: fp(0),
			// B1 30 days/0 late, B4 41 days/11 late: mean 35.5, WADL 66000/14000,
			// median (0+11)/2, p90 rank ceil(1.8) = 2 -> 11, on time 1/2.
			PaidCount: 2, AvgDaysToPay: fp(35.5), WADL: fp(66000.0 / 14000),
			MedianDaysLate: fp(5.5), P90DaysLate: fp(11), MaxDaysLate: fp(11), OnTimeRate: fp(0.5),
			// open B2 6000 + B6 2000; 3-month revenue -1000 + 2000 = 1000 -> 8000/1000*92.
			OpenAmount: eur(8000), OverdueAmount: eur(6000), MaxDaysPastDue: ip(228), DSO: fp(736),
			Aging:        Aging{Current: eur(2000), D90plus: eur(6000)},
			InvoiceCount: 4, CreditNoteCount: 2, CreditNoteRatio: fp(0.5), DisputedCount: 2,
			// 10 h: share of hours .1, load .1/.2 = .5, rate 20000/10.
			Hours: fp(10), HoursShare: fp(0.1), LoadRatio: fp(0.5), EffectiveRate: fp(2000),
			FirstInvoice: day("2025-11-01"), LastInvoice: day("2026-10-31"),
		},
		{
			PaymentKnown: true,
			Key:          "gamma", Name: "Gamma", // "Gamma" and "Gamma Co" once each: the smaller
			Revenue: eur(6000), Share: 0.06, PrevShare: fp(6.0 / 90), ShareChange: fp(0.06 - 6.0/90),
			PaidCount: 2, AvgDaysToPay: fp(27.5), WADL: fp(0),
			MedianDaysLate: fp(0), P90DaysLate: fp(0), MaxDaysLate: fp(0), OnTimeRate: fp(1),
			DSO:          fp(0), // open 0 / 920 * 92
			InvoiceCount: 2, CreditNoteRatio: fp(0),
			// 50 h: hours share .5, load .5/.06 = 8.33 >= 1.5; rate 6000/50 = 120 < 0.6*1650 = 990.
			Hours: fp(50), HoursShare: fp(0.5), LoadRatio: fp(0.5 / 0.06), EffectiveRate: fp(120),
			FirstInvoice: day("2026-06-15"), LastInvoice: day("2026-08-20"),
		},
		{
			PaymentKnown: true,
			Key:          "delta", Name: "Delta",
			Revenue: eur(5000), Share: 0.05, MonthRevenue: eur(1000), MonthShare: 1.0 / 13,
			PrevShare: fp(7.0 / 90), ShareChange: fp(0.05 - 7.0/90),
			PaidCount: 1, AvgDaysToPay: fp(35), WADL: fp(5),
			MedianDaysLate: fp(5), P90DaysLate: fp(5), MaxDaysLate: fp(5), OnTimeRate: fp(0),
			// open D2 4000 + D3 1000 over 3-month revenue 5000.
			OpenAmount: eur(5000), OverdueAmount: eur(4000), MaxDaysPastDue: ip(30), DSO: fp(92),
			Aging:        Aging{Current: eur(1000), D1to30: eur(4000)},
			InvoiceCount: 2, CreditNoteRatio: fp(0),
			Hours: fp(0), HoursShare: fp(0), LoadRatio: fp(0),
			FirstInvoice: day("2025-10-31"), LastInvoice: day("2026-10-15"),
		},
		{
			Key: "foxtrot", Name: "Foxtrot",
			Revenue: eur(3000), Share: 0.03, PrevShare: fp(3.0 / 90), ShareChange: fp(0.03 - 3.0/90),
			InvoiceCount: 2, CreditNoteRatio: fp(0),
			Hours: fp(0), HoursShare: fp(0), LoadRatio: fp(0),
			FirstInvoice: day("2025-12-10"), LastInvoice: day("2026-03-10"),
		},
		{
			PaymentKnown: true,
			Key:          "echo", Name: "Echo",
			Revenue: eur(-500), PrevShare: fp(0), ShareChange: fp(0),
			OpenAmount: eur(700), OverdueAmount: eur(700), MaxDaysPastDue: ip(487),
			Aging:           Aging{D90plus: eur(700)},
			CreditNoteCount: 1,
			Hours:           fp(0), HoursShare: fp(0),
			FirstInvoice: day("2025-06-01"), LastInvoice: day("2025-06-01"),
		},
	}
	if len(got.Clients) != len(want) {
		var keys []string
		for _, c := range got.Clients {
			keys = append(keys, c.Key)
		}
		t.Fatalf("clients %v, want %d", keys, len(want))
	}
	for i := range want {
		g := got.Clients[i]
		var names []string
		for _, f := range g.Flags {
			names = append(names, f.Flag+"/"+f.Grade)
		}
		checkEqual(t, "Flags["+want[i].Key+"]", names, wantFlags[want[i].Key])
		g.Flags = nil
		checkEqual(t, "Clients["+want[i].Key+"]", g, want[i])
	}
	checkEqual(t, "Findings", got.Findings, []Finding(nil))
	checkEqual(t, "MinAmount", got.Portfolio.MinAmount, invoice.Money(8333))
	checkEqual(t, "ActAmount", got.Portfolio.ActAmount, invoice.Money(41667))

	checkEqual(t, "Lost", got.Lost, []LostClient{{Key: "foxtrot", Name: "Foxtrot", Revenue: eur(3000), LastInvoice: day("2026-03-10"), Flag: lostFlag}})
	checkEqual(t, "New", got.New, []NewClient(nil))

	var openOrder []string
	for _, o := range got.Open.All() {
		openOrder = append(openOrder, o.Number+"/"+o.Bucket)
	}
	checkEqual(t, "Open order", openOrder, []string{"E0/90+", "B2/90+", "D2/1-30", "A4/current", "D3/current", "B6/current"})
	if got.Open.Len() == 6 {
		checkEqual(t, "Open[D3]", got.Open.At(4), OpenInvoice{
			ClientKey: "delta", ClientName: "Delta", Number: "D3", IssueDate: day("2026-10-15"),
			DueDate: day("2026-11-14"), DueAssumed: true, Amount: eur(1000), OrigAmount: eur(1000), DaysPastDue: -14,
			Bucket: BucketCurrent, Source: invoice.Source{File: "test.csv", Row: 2},
		})
	}

	checkEqual(t, "Assumptions", got.Assumptions, []Message{
		msg(KeyAssumptionExcludedStatus, Arg{"count", Count(1)}),
		msg(KeyAssumptionConverted, Arg{"count", Count(1)}, Arg{"currency", Text("USD")}, Arg{"rate", Text("0.92")}),
		// B4 (paid) and D3 (open) had no due date.
		msg(KeyAssumptionDefaultTerms, Arg{"count", Count(2)}, Arg{"days", Count(30)}),
		msg(KeyAssumptionNoPaymentData, Arg{"count", Count(2)}, Arg{"files", Text("test.csv")}),
	})
	checkEqual(t, "SignalsAvailable", got.SignalsAvailable, []string{SignalCreditNotes, SignalDisputes, SignalHours})
	checkEqual(t, "ExcludedDocuments", got.ExcludedDocuments, 1)
	checkEqual(t, "Rejected", got.Rejected, []Rejection(nil))
}
