package report

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// largeInput is a big portfolio's month: clients clients with every
// figure set and open open invoices spread over them, each with its
// source row, as a 1M-row export gives.
func largeInput(clients, open int) *Input {
	in := emptyInput()
	r := in.Result
	r.Clients = make([]analytics.ClientFigures, clients)
	for i := range r.Clients {
		rev := invoice.Money(int64(clients-i)*10000 + 37)
		r.Clients[i] = analytics.ClientFigures{
			Key: fmt.Sprintf("client %05d", i), Name: fmt.Sprintf("Client %05d S.r.l.", i),
			Revenue: rev, Share: 1 / float64(clients), MonthRevenue: rev / 12, MonthShare: 0.001,
			PrevShare: fptr(0.002), ShareChange: fptr(-0.001), PaymentKnown: true, PaidCount: 40,
			AvgDaysToPay: fptr(31.5), WADL: fptr(2.25), MedianDaysLate: fptr(1), P90DaysLate: fptr(12),
			MaxDaysLate: fptr(40), OnTimeRate: fptr(0.75), OpenAmount: rev / 10, OverdueAmount: rev / 20,
			MaxDaysPastDue: iptr(17), DSO: fptr(33.3),
			Aging:        analytics.Aging{Current: rev / 20, D1to30: rev / 40, D31to60: rev / 40},
			InvoiceCount: 100, CreditNoteCount: 2, CreditNoteRatio: fptr(0.02),
			FirstInvoice: invoice.NewDate(2020, time.March, 1), LastInvoice: invoice.NewDate(2026, time.October, 20),
		}
	}
	list := make([]analytics.OpenInvoice, open)
	for i := range list {
		c := &r.Clients[i%clients]
		list[i] = analytics.OpenInvoice{
			ClientKey: c.Key, ClientName: c.Name, Number: fmt.Sprintf("2026/%06d", i),
			IssueDate: invoice.NewDate(2026, time.September, 1+i%30), DueDate: invoice.NewDate(2026, time.October, 1+i%30),
			Amount: invoice.Money(12345 + i), OrigAmount: invoice.Money(12345 + i), DaysPastDue: 30 - i%30, Bucket: "1-30",
			Source: invoice.Source{File: "inv_1m.xlsx", Sheet: "Invoices", Row: i + 2},
		}
	}
	r.Open = analytics.NewOpenList(list)
	return in
}

// BenchmarkWriteXLSXLarge writes 10,000 clients and 200,000 open
// invoices: the size where the per-cell cost and the zip dominate.
func BenchmarkWriteXLSXLarge(b *testing.B) {
	in := largeInput(10000, 200000)
	p := filepath.Join(b.TempDir(), "r.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteXLSX(p, in); err != nil {
			b.Fatal(err)
		}
	}
	if st, err := os.Stat(p); err == nil {
		b.ReportMetric(float64(st.Size())/1e6, "MB/file")
	}
}
