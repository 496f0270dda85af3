package analytics

import (
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// TestFlagThresholds checks each flag condition on both sides of its
// threshold (thresholds are inclusive where metrics.md says >=).
func TestFlagThresholds(t *testing.T) {
	t.Parallel()
	// paidLate returns an invoice of client k paid late days after its due date.
	paidLate := func(k, num string, amount invoice.Money, late int) invoice.Document {
		return paid(due(inv(k, k, num, "2026-05-01", amount), "2026-06-01"), day("2026-06-01").AddDays(late).String())
	}
	// big keeps every test client's share below 0.25 so over_dependent stays out.
	big := inv("big", "Big", "big", "2026-05-01", eur(1_000_000))
	// owed is an open invoice 16 days past due at 2026-10-31: the money at
	// stake the paid-late pattern needs (the floor is one cent here, so
	// the signals of metrics.md are tested alone).
	owed := due(inv("c", "c", "owed", "2026-10-01", eur(1)), "2026-10-15")
	tests := []struct {
		name    string
		docs    []invoice.Document
		entries []invoice.TimeEntry
		flag    string
		want    bool
		reasons []Message
	}{
		{
			name: "wadl exactly 15 over 3 paid",
			docs: []invoice.Document{paidLate("c", "1", eur(100), 15), paidLate("c", "2", eur(100), 10), paidLate("c", "3", eur(100), 20), owed},
			flag: FlagSlowPayer, want: true,
			// (15+10+20)*100/300 = 15; the open 1.00 is the money at stake.
			reasons: []Message{reasonWADL(15, 15, 3), msg(KeyReasonOverdueNow, Arg{"amount", eur(1)})},
		},
		{
			name: "wadl 15 over only 2 paid",
			docs: []invoice.Document{paidLate("c", "1", eur(100), 15), paidLate("c", "2", eur(100), 15), owed},
			flag: FlagSlowPayer, want: false,
		},
		{
			name: "wadl just below 15",
			// (14*100 + 15*100 + 15*100)/300 = 14.67
			docs: []invoice.Document{paidLate("c", "1", eur(100), 14), paidLate("c", "2", eur(100), 15), paidLate("c", "3", eur(100), 15), owed},
			flag: FlagSlowPayer, want: false,
		},
		{
			name: "open 60 days past due is not enough",
			docs: []invoice.Document{due(inv("c", "c", "1", "2026-08-01", eur(100)), "2026-09-01")}, // 10-31 - 09-01 = 60
			flag: FlagSlowPayer, want: false,
		},
		{
			name: "open 61 days past due",
			docs: []invoice.Document{due(inv("c", "c", "1", "2026-08-01", eur(100)), "2026-08-31")}, // 61
			flag: FlagSlowPayer, want: true,
			reasons: []Message{msg(KeyReasonOverdueInvoices, Arg{"count", Count(1)}, Arg{"threshold", Count(60)}, Arg{"amount", eur(100)},
				Arg{"invoices", InvoiceRefs{Refs: []InvoiceRef{{Number: "1", Issued: day("2026-08-01"), Amount: eur(100), DaysPastDue: 61}}, Total: eur(100)}})},
		},
		{
			name: "credit notes 2 of 10 invoices",
			docs: func() []invoice.Document {
				var ds []invoice.Document
				for i := range 10 {
					ds = append(ds, paidLate("c", string(rune('a'+i)), eur(100), 0))
				}
				return append(ds, credit(inv("c", "c", "x", "2026-05-02", eur(-1))), credit(inv("c", "c", "y", "2026-05-02", eur(-1))))
			}(),
			flag: FlagHighMaintenance, want: true,
			reasons: []Message{reasonCreditNotes(0.2, 0.2, 2)},
		},
		{
			name: "one credit note of 2 invoices is not enough",
			docs: []invoice.Document{paidLate("c", "1", eur(100), 0), paidLate("c", "2", eur(100), 0), credit(inv("c", "c", "x", "2026-05-02", eur(-1)))},
			flag: FlagHighMaintenance, want: false,
		},
		{
			name: "one dispute is not enough",
			docs: []invoice.Document{status(paidLate("c", "1", eur(100), 0), invoice.StatusDisputed)},
			flag: FlagHighMaintenance, want: false,
		},
		{
			name: "load ratio under 10 hours does not count",
			// c: 9 h of 10 (share of hours .9) for 100/1000100 of revenue.
			docs:    []invoice.Document{paidLate("c", "1", eur(100), 0)},
			entries: []invoice.TimeEntry{hours("c", "c", "2026-05-01", 9), hours("big", "Big", "2026-05-01", 1)},
			flag:    FlagHighMaintenance, want: false,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := baseOptions("2026-10")
			opts.Thresholds = DefaultThresholds()
			opts.Thresholds.MinAmount = 1
			r, err := Compute(append([]invoice.Document{big}, tc.docs...), tc.entries, opts)
			if err != nil {
				t.Fatal(err)
			}
			c := client(t, r, "c")
			if got := c.HasFlag(tc.flag); got != tc.want {
				t.Fatalf("%s = %v, want %v (flags %+v)", tc.flag, got, tc.want, c.Flags)
			}
			for _, f := range c.Flags {
				if f.Flag == tc.flag && tc.reasons != nil {
					checkEqual(t, "Reasons", f.Reasons, tc.reasons)
				}
			}
		})
	}
}
