package report

import (
	"flag"
	"path/filepath"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// update rewrites the golden files under testdata/ (go test
// ./internal/report -update); shared by every golden test of the package.
var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestPaths(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dir             string
		month           invoice.Month
		pdf, json, xlsx string
	}{
		{"reports", invoice.Month{Year: 2026, Month: time.October}, "reports/2026-10-client-report.pdf", "reports/2026-10-client-report.json", "reports/2026-10-client-report.xlsx"},
		{"/srv/out", invoice.Month{Year: 2027, Month: time.January}, "/srv/out/2027-01-client-report.pdf", "/srv/out/2027-01-client-report.json", "/srv/out/2027-01-client-report.xlsx"},
		{"", invoice.Month{Year: 999, Month: time.March}, "0999-03-client-report.pdf", "0999-03-client-report.json", "0999-03-client-report.xlsx"},
	}
	for _, tc := range tests {
		pdf, json, xlsx := Paths(tc.dir, tc.month)
		for _, c := range []struct{ got, want string }{{pdf, tc.pdf}, {json, tc.json}, {xlsx, tc.xlsx}} {
			if c.got != filepath.FromSlash(c.want) {
				t.Errorf("Paths(%q, %s): got %q, want %q", tc.dir, tc.month, c.got, c.want)
			}
		}
	}
}

func TestInputCheck(t *testing.T) {
	t.Parallel()
	for _, in := range []*Input{nil, {Company: "x"}} {
		if err := WriteJSON(new(nopWriter), in); err == nil {
			t.Errorf("WriteJSON(%+v): no error for an input without figures", in)
		}
		if err := WriteXLSX(filepath.Join(t.TempDir(), "x.xlsx"), in); err == nil {
			t.Errorf("WriteXLSX(%+v): no error for an input without figures", in)
		}
	}
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }

func fptr(f float64) *float64 { return &f }
func iptr(i int) *int         { return &i }

func eur(units int64, cents int64) invoice.Money { return invoice.Money(units*100 + cents) }

func arg(name string, v any) analytics.Arg { return analytics.Arg{Name: name, Value: v} }

// fullInput is a hand-built month (2026-10, EUR) with three clients whose
// figures agree with each other, worked out here:
//
//	revenue in W: Acme 60,000.00  Beta 30,000.00  Gamma & Sons 10,000.00
//	total 100,000.00 -> shares 0.6, 0.3, 0.1
//	hhi = 60^2 + 30^2 + 10^2 = 3600 + 900 + 100 = 4600 (high, > 2500)
//	effective clients = 10000 / 4600 = 2.1739130434782608
//	pareto80: 0.6 < 0.8, 0.6+0.3 = 0.9 >= 0.8 -> 2 clients, 2/3 of 3
//	month revenue: Acme 5,000.00, Gamma 10,000.00 -> 15,000.00; shares 1/3, 2/3
//	hours: Acme 100, Beta 300, Gamma 100 = 500 -> hours shares 0.2, 0.6, 0.2
//	load ratio: Acme 0.2/0.6 = 0.333..., Beta 0.6/0.3 = 2, Gamma 0.2/0.1 = 2
//	effective rate: 60000/100 = 600, 30000/300 = 100, 10000/100 = 100; median 100
//	open at 2026-10-31:
//	  Acme 2026/17 due 2026-08-17: 14 + 30 + 31 = 75 days past due, 10,000.00 (61-90)
//	  Gamma G-1 due 2026-11-04 (assumed): -4, 10,000.00 (current)
//	  Acme 2026/30 due 2026-11-09: -9, 2,345.67 (current)
//	  open 22,345.67, overdue 10,000.00; current 12,345.67 + 61-90 10,000.00
//	cash reserve for Acme: 3 months of 60,000.00 / 12 = 15,000.00
func fullInput() *Input {
	d := invoice.NewDate
	beta := "Beta GmbH"
	res := &analytics.Result{
		Month:      invoice.Month{Year: 2026, Month: time.October},
		AsOf:       d(2026, time.October, 31),
		WindowFrom: d(2025, time.November, 1),
		WindowTo:   d(2026, time.October, 31),
		Currency:   "EUR",
		Portfolio: analytics.Portfolio{
			PaymentKnown: true,
			Revenue:      eur(100000, 0), MonthRevenue: eur(15000, 0), Clients: 3,
			HHI: 4600, HHIBand: "high", EffectiveClients: fptr(10000.0 / 4600),
			Top1Share: 0.6, Top3Share: 1, Top5Share: 1,
			Pareto80Clients: 2, Pareto80Fraction: fptr(2.0 / 3),
			LossIfTopLeaves: eur(60000, 0),
			OpenAmount:      eur(22345, 67), OverdueAmount: eur(10000, 0),
			DSO: fptr(50.5), WADL: fptr(8.1), OnTimeRate: fptr(0.7), PaidCount: 10,
			Aging:      analytics.Aging{Current: eur(12345, 67), D61to90: eur(10000, 0)},
			TotalHours: fptr(500), MedianEffectiveRate: fptr(100),
			Notes: []analytics.Message{{Key: "note.hhi_high", Args: []analytics.Arg{
				arg("hhi", analytics.Ratio(4600)), arg("threshold", analytics.Ratio(2500))}}},
		},
		Clients: []analytics.ClientFigures{
			{
				PaymentKnown: true,
				Key:          "acme", Name: "Acme Srl",
				Revenue: eur(60000, 0), Share: 0.6, MonthRevenue: eur(5000, 0), MonthShare: 1.0 / 3,
				PrevShare: fptr(0.55), ShareChange: fptr(0.05),
				PaidCount: 4, AvgDaysToPay: fptr(45.5), WADL: fptr(20.25), MedianDaysLate: fptr(18),
				P90DaysLate: fptr(30), MaxDaysLate: fptr(30), OnTimeRate: fptr(0.25),
				OpenAmount: eur(12345, 67), OverdueAmount: eur(10000, 0), MaxDaysPastDue: iptr(75),
				DSO:          fptr(75.71855),
				Aging:        analytics.Aging{Current: eur(2345, 67), D61to90: eur(10000, 0)},
				InvoiceCount: 12, CreditNoteCount: 1, CreditNoteRatio: fptr(1.0 / 12),
				Hours: fptr(100), HoursShare: fptr(0.2), LoadRatio: fptr(0.2 / 0.6), EffectiveRate: fptr(600),
				FirstInvoice: d(2023, time.March, 3), LastInvoice: d(2026, time.October, 10),
				Flags: []analytics.Flag{
					{
						Flag: analytics.FlagOverDependent,
						Reasons: []analytics.Message{{Key: "reason.share", Args: []analytics.Arg{
							arg("share", analytics.Percent(0.6)), arg("threshold", analytics.Percent(0.25))}}},
						Actions: []analytics.Message{
							{Key: "action.grow_others", Args: []analytics.Arg{arg("next", analytics.Text(beta))}},
							{Key: "action.cap_share", Args: []analytics.Arg{arg("cap", analytics.Percent(0.25))}},
							{Key: "action.cash_reserve", Args: []analytics.Arg{arg("months", analytics.Months(3)), arg("amount", eur(15000, 0))}},
							{Key: "action.contract_notice"},
						},
					},
					{
						Flag: analytics.FlagSlowPayer,
						Reasons: []analytics.Message{
							{Key: "reason.wadl", Args: []analytics.Arg{arg("wadl", analytics.Days(20.25)), arg("threshold", analytics.Days(15)), arg("paid", analytics.Count(4))}},
							{Key: "reason.overdue_invoices", Args: []analytics.Arg{arg("count", analytics.Count(1)), arg("threshold", analytics.Count(60)),
								arg("amount", eur(10000, 0)), arg("invoices", analytics.InvoiceRefs{Refs: []analytics.InvoiceRef{
									{Number: "2026/17", Amount: eur(10000, 0), DaysPastDue: 75}}, Total: eur(10000, 0)})}},
						},
						Actions: []analytics.Message{
							{Key: "action.deposit"},
							{Key: "action.shorter_terms", Args: []analytics.Arg{arg("days", analytics.Count(30)), arg("suggested", analytics.Count(15))}},
							{Key: "action.late_fees"},
							{Key: "action.pause_work", Args: []analytics.Arg{arg("amount", eur(10000, 0))}},
							{Key: "action.notice_slow"},
						},
					},
				},
			},
			{
				PaymentKnown: true,
				Key:          "beta gmbh", Name: beta,
				Revenue: eur(30000, 0), Share: 0.3, MonthRevenue: 0, MonthShare: 0,
				PrevShare: fptr(0.35), ShareChange: fptr(-0.05),
				PaidCount: 6, AvgDaysToPay: fptr(20), WADL: fptr(0), MedianDaysLate: fptr(0),
				P90DaysLate: fptr(0), MaxDaysLate: fptr(0), OnTimeRate: fptr(1),
				DSO:          fptr(0),
				InvoiceCount: 6, CreditNoteRatio: fptr(0),
				Hours: fptr(300), HoursShare: fptr(0.6), LoadRatio: fptr(2), EffectiveRate: fptr(100),
				FirstInvoice: d(2024, time.January, 9), LastInvoice: d(2026, time.July, 15),
				Flags: []analytics.Flag{
					{
						Flag: analytics.FlagHighMaintenance,
						Reasons: []analytics.Message{{Key: "reason.load_ratio", Args: []analytics.Arg{
							arg("ratio", analytics.Ratio(2)), arg("threshold", analytics.Ratio(1.5)), arg("hours", analytics.Hours(300)),
							arg("hours_share", analytics.Percent(0.6)), arg("share", analytics.Percent(0.3))}}},
						Actions: []analytics.Message{{Key: "action.review_scope"}, {Key: "action.bill_changes"}, {Key: "action.raise_price"}, {Key: "action.part_ways"}},
					},
					lostFlag(),
				},
			},
			{
				PaymentKnown: true,
				Key:          "gamma & sons", Name: "Gamma & Sons",
				Revenue: eur(10000, 0), Share: 0.1, MonthRevenue: eur(10000, 0), MonthShare: 2.0 / 3,
				OpenAmount: eur(10000, 0), MaxDaysPastDue: iptr(-4), DSO: fptr(92),
				Aging:        analytics.Aging{Current: eur(10000, 0)},
				InvoiceCount: 1, CreditNoteRatio: fptr(0), DisputedCount: 2,
				Hours: fptr(100), HoursShare: fptr(0.2), LoadRatio: fptr(2), EffectiveRate: fptr(100),
				FirstInvoice: d(2026, time.October, 5), LastInvoice: d(2026, time.October, 5),
				Flags: []analytics.Flag{{
					Flag: analytics.FlagHighMaintenance,
					Reasons: []analytics.Message{
						{Key: "reason.load_ratio", Args: []analytics.Arg{
							arg("ratio", analytics.Ratio(2)), arg("threshold", analytics.Ratio(1.5)), arg("hours", analytics.Hours(100)),
							arg("hours_share", analytics.Percent(0.2)), arg("share", analytics.Percent(0.1))}},
						{Key: "reason.disputes", Args: []analytics.Arg{arg("count", analytics.Count(2)), arg("threshold", analytics.Count(2))}},
					},
					Actions: []analytics.Message{{Key: "action.review_scope"}, {Key: "action.bill_changes"}, {Key: "action.raise_price"}, {Key: "action.part_ways"}},
				}},
			},
		},
		Lost: []analytics.LostClient{{Key: "beta gmbh", Name: beta, Revenue: eur(30000, 0), LastInvoice: d(2026, time.July, 15), Flag: lostFlag()}},
		New:  []analytics.NewClient{{Key: "gamma & sons", Name: "Gamma & Sons", FirstInvoice: d(2026, time.October, 5), Revenue: eur(10000, 0)}},
		Open: analytics.NewOpenList([]analytics.OpenInvoice{
			{ClientKey: "acme", ClientName: "Acme Srl", Number: "2026/17", IssueDate: d(2026, time.July, 18), DueDate: d(2026, time.August, 17),
				Amount: eur(10000, 0), DaysPastDue: 75, Bucket: "61-90", Source: invoice.Source{File: "qb.csv", Row: 31}},
			{ClientKey: "gamma & sons", ClientName: "Gamma & Sons", Number: "G-1", IssueDate: d(2026, time.October, 5), DueDate: d(2026, time.November, 4),
				DueAssumed: true, Amount: eur(10000, 0), DaysPastDue: -4, Bucket: "current", Source: invoice.Source{File: "fic.xlsx", Sheet: "Fatture", Row: 7}},
			{ClientKey: "acme", ClientName: "Acme Srl", Number: "2026/30", IssueDate: d(2026, time.October, 10), DueDate: d(2026, time.November, 9),
				Amount: eur(2345, 67), DaysPastDue: -9, Bucket: "current", Source: invoice.Source{File: "qb.csv", Row: 44}},
		}),
		SignalsAvailable: []string{"credit_notes", "disputes", "hours"},
		Assumptions: []analytics.Message{
			{Key: "assumption.default_terms", Args: []analytics.Arg{arg("count", analytics.Count(1)), arg("days", analytics.Count(30))}},
			{Key: "assumption.excluded_status", Args: []analytics.Arg{arg("count", analytics.Count(2))}},
		},
		Rejected:          []analytics.Rejection{{Source: invoice.Source{File: "fic.xlsx", Sheet: "Fatture", Row: 40}, Reason: "currency CHF has no exchange rate"}},
		ExcludedDocuments: 2,
	}
	return &Input{
		Company:   "Rossi Design srl",
		Lang:      "it",
		Generated: time.Date(2026, time.November, 1, 7, 0, 0, 0, time.UTC),
		Result:    res,
		Quality: DataQuality{
			Files: []FileSummary{
				{Name: "qb.csv", SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Rows: 120, Accepted: 118, Rejected: 1, Duplicates: 1},
				{Name: "fic.xlsx", SHA256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", Rows: 40, Accepted: 40, Skipped: 2},
				{Name: "old.xls", Error: "is a legacy Excel 97-2003 .xls workbook (save it as .xlsx or export CSV)"},
			},
			Rejected: []RejectedRow{{File: "qb.csv", Row: 14, Column: `E "Amount"`, Reason: `cannot read "12,3.4" as an amount`}},
			// default_terms repeats Result's: it must show once.
			Assumptions: []analytics.Message{
				{Key: "assumption.default_terms", Args: []analytics.Arg{arg("count", analytics.Count(1)), arg("days", analytics.Count(30))}},
				{Key: "assumption.no_rate", Args: []analytics.Arg{arg("count", analytics.Count(1)), arg("currency", analytics.Text("CHF"))}},
			},
			Notes: []analytics.Message{{Key: "read.sheet_hidden", Args: []analytics.Arg{
				arg("file", analytics.Text("fic.xlsx")), arg("sheet", analytics.Text("Archive"))}}},
		},
	}
}

func lostFlag() analytics.Flag {
	return analytics.Flag{
		Flag: analytics.FlagLost,
		Reasons: []analytics.Message{{Key: "reason.lost", Args: []analytics.Arg{
			arg("months", analytics.Count(5)), arg("last", invoice.NewDate(2026, time.July, 15)),
			arg("revenue", eur(30000, 0)), arg("quiet", analytics.Count(3)), arg("gap", analytics.Months(2))}}},
		Actions: []analytics.Message{{Key: "action.ask_why"}, {Key: "action.check_profit"}, {Key: "action.review_offer"}},
	}
}

// emptyInput is a month with no documents at all: every list empty, every
// undefined figure null.
func emptyInput() *Input {
	d := invoice.NewDate
	return &Input{
		Company:   "Empty Ltd",
		Lang:      "en",
		Generated: time.Date(2026, time.November, 1, 7, 0, 0, 0, time.UTC),
		Result: &analytics.Result{
			Month:      invoice.Month{Year: 2026, Month: time.October},
			AsOf:       d(2026, time.October, 31),
			WindowFrom: d(2025, time.November, 1),
			WindowTo:   d(2026, time.October, 31),
			Currency:   "EUR",
			Portfolio:  analytics.Portfolio{HHIBand: "unconcentrated"},
		},
	}
}
