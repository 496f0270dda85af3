package main

import (
	"fmt"
	"io"
	"math/big"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// figures are the the metrics spec figures of one client, computed straight from
// the generator's books with the default thresholds. They are what the
// samples are built to show (README.md) and what a report made from the
// exports should find; they are deliberately computed here, apart from
// internal/analytics, so the two can be compared.
type figures struct {
	Name          string
	Revenue       invoice.Money // EUR cents, in the window
	Share         float64
	Invoices      int // issued in the window
	CreditNotes   int
	Disputed      int
	PaidCount     int     // paid in the window, with a paid date in the export
	WADL          float64 // amount-weighted mean days late
	MaxPastDue    int     // of invoices open at the as-of date; 0 when none
	Hours         float64
	LoadRatio     float64 // 0 when no hours or no revenue
	EffectiveRate float64 // EUR per hour; 0 when no hours
	Lost, New     bool
	Flags         []string
}

type truth struct {
	Clients []figures
	Total   invoice.Money
	HHI     float64
	Median  float64 // median effective rate of the clients with hours
}

func (t truth) client(name string) (figures, bool) {
	for _, f := range t.Clients {
		if f.Name == name {
			return f, true
		}
	}
	return figures{}, false
}

// computeTruth follows the metrics spec with the defaults: window of 12 months
// ending demoMonth, as-of date its last day, default thresholds.
func computeTruth(l *ledger, rates map[string]*big.Rat) (truth, error) {
	wFirst, asOf := windowStart.First(), demoMonth.Last()
	inW := func(d invoice.Date) bool { return !d.IsZero() && d >= wFirst && d <= asOf }
	eur := func(d doc, m invoice.Money) (invoice.Money, error) {
		return invoice.Convert(m, d.Currency, "EUR", rates[d.Currency])
	}
	byName := map[string]*figures{}
	var order []string
	get := func(c *client) *figures {
		f, ok := byName[c.Name]
		if !ok {
			f = &figures{Name: c.Name}
			byName[c.Name] = f
			order = append(order, c.Name)
		}
		return f
	}
	weighted := map[string][2]float64{} // name -> sum(amount*days late), sum(amount)
	firstInvoice := map[string]invoice.Date{}
	months := map[string]map[invoice.Month]bool{}
	for _, d := range l.Docs {
		f := get(d.Client)
		amount, err := eur(d, d.Signed())
		if err != nil {
			return truth{}, err
		}
		if d.Kind == invoice.KindInvoice {
			if first, ok := firstInvoice[f.Name]; !ok || d.Issue < first {
				firstInvoice[f.Name] = d.Issue
			}
			if months[f.Name] == nil {
				months[f.Name] = map[invoice.Month]bool{}
			}
			months[f.Name][d.Issue.Month()] = true
		}
		if inW(d.Issue) {
			f.Revenue += amount
			if d.Kind == invoice.KindCreditNote {
				f.CreditNotes++
			} else {
				f.Invoices++
			}
			if d.Status == invoice.StatusDisputed {
				f.Disputed++
			}
		}
		if d.Kind != invoice.KindInvoice {
			continue
		}
		if d.PaidDateInExport && inW(d.Paid) {
			f.PaidCount++
			late := max(0, d.Paid.DaysSince(d.Due))
			w := weighted[f.Name]
			w[0] += float64(amount) * float64(late)
			w[1] += float64(amount)
			weighted[f.Name] = w
		}
		open := d.Status != invoice.StatusPaid || (d.PaidDateInExport && d.Paid > asOf)
		if d.Issue <= asOf && open {
			f.MaxPastDue = max(f.MaxPastDue, asOf.DaysSince(d.Due))
		}
	}
	hours := map[string]float64{}
	var totalHours float64
	for _, e := range l.Entries {
		if inW(e.Day) {
			get(e.Client)
			h := float64(e.Seconds) / 3600
			hours[e.Client.Name] += h
			totalHours += h
		}
	}

	var t truth
	for _, f := range byName {
		if f.Revenue > 0 {
			t.Total += f.Revenue
		}
	}
	var rates_ []float64
	for _, name := range order {
		f := byName[name]
		if f.Revenue > 0 && t.Total > 0 {
			f.Share = float64(f.Revenue) / float64(t.Total)
		}
		t.HHI += (100 * f.Share) * (100 * f.Share)
		if w := weighted[name]; w[1] > 0 {
			f.WADL = w[0] / w[1]
		}
		f.Hours = hours[name]
		if f.Hours > 0 {
			if f.Share > 0 {
				f.LoadRatio = (f.Hours / totalHours) / f.Share
			}
			f.EffectiveRate = float64(f.Revenue) / 100 / f.Hours
			rates_ = append(rates_, f.EffectiveRate)
		}
		// Lost: invoices in >= 2 months of the 12 before the last 3 of the
		// window, none in those 3.
		recent, before := 0, 0
		for m := range months[name] {
			switch {
			case !m.Before(demoMonth.Add(-2)) && !demoMonth.Before(m):
				recent++
			case !m.Before(demoMonth.Add(-14)) && m.Before(demoMonth.Add(-2)):
				before++
			}
		}
		f.Lost = recent == 0 && before >= 2
		f.New = demoMonth.Contains(firstInvoice[name])
	}
	sort.Float64s(rates_)
	if n := len(rates_); n > 0 {
		t.Median = (rates_[(n-1)/2] + rates_[n/2]) / 2
	}
	for _, name := range order {
		f := byName[name]
		if f.Share >= 0.25 {
			f.Flags = append(f.Flags, "over_dependent")
		}
		if (f.PaidCount >= 3 && f.WADL >= 15) || f.MaxPastDue > 60 {
			f.Flags = append(f.Flags, "slow_payer")
		}
		cnRatio := 0.0
		if f.Invoices > 0 {
			cnRatio = float64(f.CreditNotes) / float64(f.Invoices)
		}
		if (cnRatio >= 0.20 && f.CreditNotes >= 2) || f.Disputed >= 2 ||
			(f.Hours >= 10 && (f.LoadRatio >= 1.5 || f.EffectiveRate < 0.6*t.Median)) {
			f.Flags = append(f.Flags, "high_maintenance")
		}
		if f.Lost {
			f.Flags = append(f.Flags, "lost")
		}
		if f.New {
			f.Flags = append(f.Flags, "new")
		}
		t.Clients = append(t.Clients, *f)
	}
	sort.SliceStable(t.Clients, func(i, j int) bool { return t.Clients[i].Revenue > t.Clients[j].Revenue })
	return t, nil
}

func printTruth(w io.Writer, l *ledger) error {
	t, err := computeTruth(l, sampleRates)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "window %s..%s, as of %s; total revenue EUR %s, HHI %.0f, median effective rate %.0f EUR/h\n\n",
		windowStart, demoMonth, demoMonth.Last(), t.Total, t.HHI, t.Median)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "client\trevenue EUR\tshare %\tinv\tCN\tdisp\tpaid\tWADL\tmax past due\thours\tload\tEUR/h\tflags\t")
	for _, f := range t.Clients {
		fmt.Fprintf(tw, "%s\t%s\t%.1f\t%d\t%d\t%d\t%d\t%.1f\t%d\t%.1f\t%.2f\t%.0f\t%s\t\n", f.Name, f.Revenue, 100*f.Share,
			f.Invoices, f.CreditNotes, f.Disputed, f.PaidCount, f.WADL, f.MaxPastDue, f.Hours, f.LoadRatio, f.EffectiveRate, strings.Join(f.Flags, " "))
	}
	return tw.Flush()
}
