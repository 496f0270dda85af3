package main

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// The story: Rossi Design srl, a small Milan agency, 24 months of business
// ending with the demo report month. Every export is taken "as of" exportDay:
// nothing issued after the demo month exists, and a payment due after the
// export day has not happened yet.
var (
	demoMonth  = invoice.Month{Year: 2026, Month: time.October}
	firstMonth = demoMonth.Add(-23) // 2024-11
	exportDay  = invoice.NewDate(2026, time.November, 4)
	// windowStart is the first month of the default 12-month window.
	windowStart = demoMonth.Add(-11) // 2025-11
)

// Exchange rates of samples/clientrisk.yaml (1 unit = rate EUR). The
// generator uses them only to size the hours in the time-tracking export;
// the truth test reads them from the config itself.
var sampleRates = map[string]*big.Rat{
	"USD": big.NewRat(92, 100),
	"RUB": big.NewRat(105, 10000),
}

// trackedRate is the revenue per tracked hour (EUR) of an ordinary client:
// only the studio's design hours are tracked, so it is high.
const trackedRate = 250

// market says which export a client's invoices appear in.
type market int

const (
	marketQuickBooks market = iota // US clients, USD, QuickBooks-like workbook
	marketItaly                    // Italian register, EUR
	marketSpain                    // Spanish CSV, EUR
	marketRussia                   // 1C-like workbook, RUB
)

type client struct {
	Name     string
	ID       string // VAT/tax number as the export prints it ("" if none)
	Market   market
	Currency string
	// Toggl is the client's name in the time tracker ("" = no hours).
	Toggl   string
	Project string
	// HoursFactor scales tracked hours against revenue: 1 is ordinary,
	// above 1 a client who takes more time than it pays for.
	HoursFactor float64
}

// plan is how a client is invoiced and pays over the 24 months.
type plan struct {
	client       *client
	from, to     invoice.Month // months with invoices, inclusive
	every        int           // an invoice every n months
	amountLo     int64         // whole currency units
	amountHi     int64
	step         int64 // amounts are multiples of step
	terms        int   // days from issue to due
	lateLo       int   // days paid after due (negative: early)
	lateHi       int
	creditNotes  []invoice.Month // months with a credit note (10-20% of that month's invoice)
	disputed     []invoice.Month // months whose invoice is disputed and unpaid
	neverPaid    []invoice.Month // months whose invoice stays unpaid
	skip         []invoice.Month // months with no invoice
	paidDateKnow bool            // the export has a paid-date column
}

// doc is one document as the agency's books know it, before any export
// formats it.
type doc struct {
	Client   *client
	Kind     invoice.Kind
	Number   string
	Issue    invoice.Date
	Due      invoice.Date
	Paid     invoice.Date // zero: unpaid as of exportDay
	Currency string
	Net      invoice.Money // positive, also for credit notes
	Status   invoice.Status
	// PaidDateInExport is false where the program does not print when an
	// invoice was paid (QuickBooks' invoice list only shows the balance).
	PaidDateInExport bool
}

// Signed returns the amount as the metrics spec counts it: credit notes negative.
func (d doc) Signed() invoice.Money {
	if d.Kind == invoice.KindCreditNote {
		return -d.Net
	}
	return d.Net
}

type timeEntry struct {
	Client  *client
	User    string
	Project string
	Desc    string
	Day     invoice.Date
	Seconds int64
}

type ledger struct {
	Clients []*client
	Docs    []doc
	Entries []timeEntry
}

func mo(y int, m time.Month) invoice.Month { return invoice.Month{Year: y, Month: m} }

func contains(ms []invoice.Month, m invoice.Month) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// clients and their plans. The truth each is meant to show is in
// samples/README.md and checked by TestIntendedTruth.
func plans() []plan {
	globex := &client{Name: "Globex Corporation", Market: marketQuickBooks, Currency: "USD", Toggl: "Globex", Project: "Product launch campaign", HoursFactor: 1}
	northwind := &client{Name: "Northwind Traders Inc", Market: marketQuickBooks, Currency: "USD", Toggl: "Northwind Traders", Project: "E-commerce redesign", HoursFactor: 1}
	bianchi := &client{Name: "Bianchi Arredamenti spa", ID: "03456780154", Market: marketItaly, Currency: "EUR", Toggl: "Bianchi Arredamenti", Project: "Catalogo e configuratore", HoursFactor: 3.2}
	ferrari := &client{Name: "Ferrari Logistica srl", ID: "07812340969", Market: marketItaly, Currency: "EUR", Toggl: "Ferrari Logistica", Project: "Sito e brochure", HoursFactor: 1}
	esposito := &client{Name: "Esposito Moda srl", ID: "05123980638", Market: marketItaly, Currency: "EUR", Toggl: "Esposito Moda", Project: "Lookbook stagionale", HoursFactor: 1.15}
	romano := &client{Name: "Romano Costruzioni spa", ID: "01987650582", Market: marketItaly, Currency: "EUR", Toggl: "Romano Costruzioni", Project: "Cantieri: segnaletica", HoursFactor: 0.9}
	colombo := &client{Name: "Colombo Vini srl", ID: "02233440171", Market: marketItaly, Currency: "EUR", Toggl: "Colombo Vini", Project: "Etichette vendemmia 2026", HoursFactor: 1}
	hernandez := &client{Name: "Hernández y Asociados SL", ID: "B84512376", Market: marketSpain, Currency: "EUR", Toggl: "Hernández y Asociados", Project: "Identidad corporativa", HoursFactor: 1}
	martinez := &client{Name: "Construcciones Martínez SA", ID: "A28123457", Market: marketSpain, Currency: "EUR", Toggl: "Construcciones Martínez", Project: "Folletos de obra", HoursFactor: 0.95}
	gomez := &client{Name: "Gómez Publicidad SL", ID: "B46987321", Market: marketSpain, Currency: "EUR", Toggl: "Gómez Publicidad", Project: "Banners", HoursFactor: 1.1}
	severny := &client{Name: "ООО «Северный Ветер»", ID: "7701234567", Market: marketRussia, Currency: "RUB", Toggl: "Северный Ветер", Project: "Локализация сайта", HoursFactor: 0.9}
	tekhno := &client{Name: "АО «Техносфера»", ID: "7812345670", Market: marketRussia, Currency: "RUB", Project: "", HoursFactor: 0}

	return []plan{
		{client: globex, from: firstMonth, to: demoMonth, every: 1, amountLo: 8500, amountHi: 10000, step: 50, terms: 45, lateLo: -3, lateHi: 6,
			creditNotes: []invoice.Month{mo(2026, time.March)}},
		{client: northwind, from: firstMonth, to: mo(2026, time.June), every: 1, amountLo: 2800, amountHi: 3300, step: 50, terms: 30, lateLo: -2, lateHi: 5,
			skip: []invoice.Month{mo(2025, time.August)}},
		{client: bianchi, from: firstMonth, to: demoMonth, every: 1, amountLo: 1300, amountHi: 1700, step: 50, terms: 30, lateLo: 0, lateHi: 10, paidDateKnow: true},
		{client: ferrari, from: firstMonth, to: demoMonth, every: 1, amountLo: 2300, amountHi: 2700, step: 25, terms: 30, lateLo: 30, lateHi: 55, paidDateKnow: true},
		{client: esposito, from: firstMonth, to: demoMonth, every: 1, amountLo: 1800, amountHi: 2200, step: 50, terms: 30, lateLo: -2, lateHi: 6, paidDateKnow: true,
			creditNotes: []invoice.Month{mo(2025, time.February), mo(2025, time.December), mo(2026, time.March), mo(2026, time.July)},
			disputed:    []invoice.Month{mo(2026, time.September), mo(2026, time.October)}},
		{client: romano, from: firstMonth, to: demoMonth, every: 2, amountLo: 3800, amountHi: 4400, step: 100, terms: 60, lateLo: -5, lateHi: 3, paidDateKnow: true},
		{client: colombo, from: demoMonth, to: demoMonth, every: 1, amountLo: 3200, amountHi: 3200, step: 1, terms: 30, lateLo: 0, lateHi: 0, paidDateKnow: true},
		{client: hernandez, from: firstMonth, to: demoMonth, every: 1, amountLo: 1800, amountHi: 2200, step: 50, terms: 30, lateLo: 18, lateHi: 40, paidDateKnow: true,
			neverPaid: []invoice.Month{mo(2026, time.June)}},
		{client: martinez, from: firstMonth, to: demoMonth, every: 1, amountLo: 1100, amountHi: 1300, step: 25, terms: 30, lateLo: -3, lateHi: 4, paidDateKnow: true},
		{client: gomez, from: firstMonth.Add(1), to: demoMonth, every: 2, amountLo: 700, amountHi: 900, step: 10, terms: 30, lateLo: 0, lateHi: 5, paidDateKnow: true},
		{client: severny, from: firstMonth, to: demoMonth, every: 1, amountLo: 140000, amountHi: 160000, step: 1000, terms: 10, lateLo: -2, lateHi: 5, paidDateKnow: true},
		{client: tekhno, from: firstMonth.Add(1), to: demoMonth, every: 3, amountLo: 180000, amountHi: 220000, step: 5000, terms: 14, lateLo: 0, lateHi: 4, paidDateKnow: true,
			disputed: []invoice.Month{mo(2026, time.September)}},
	}
}

// buildLedger makes the agency's books. The only source of variety is a
// PCG generator with a fixed seed, drawn in a fixed order, so the books
// (and every export) are the same on every run.
func buildLedger() (*ledger, error) {
	rng := rand.New(rand.NewPCG(20261031, 42))
	l := &ledger{}
	for _, p := range plans() {
		c := p.client
		l.Clients = append(l.Clients, c)
		for m, i := p.from, 0; !p.to.Before(m); m, i = m.Add(1), i+1 {
			if i%p.every != 0 || contains(p.skip, m) {
				continue
			}
			day := 1 + rng.IntN(28)
			if m == demoMonth && day > 25 {
				day -= 10 // keep the demo month's invoices well before the export
			}
			issue := invoice.NewDate(m.Year, m.Month, day)
			steps := (p.amountHi - p.amountLo) / p.step
			units := p.amountLo + p.step*rng.Int64N(steps+1)
			net := invoice.Money(units * pow10(invoice.MinorDigits(c.Currency)))
			late := p.lateLo + rng.IntN(p.lateHi-p.lateLo+1)
			d := doc{Client: c, Kind: invoice.KindInvoice, Issue: issue, Due: issue.AddDays(p.terms),
				Currency: c.Currency, Net: net, PaidDateInExport: p.paidDateKnow}
			switch {
			case contains(p.disputed, m):
				d.Status = invoice.StatusDisputed
			case contains(p.neverPaid, m):
				d.Status = invoice.StatusOpen
			default:
				if paid := d.Due.AddDays(late); paid <= exportDay {
					d.Paid, d.Status = paid, invoice.StatusPaid
				} else {
					d.Status = invoice.StatusOpen
				}
			}
			l.Docs = append(l.Docs, d)
			if contains(p.creditNotes, m) {
				pct := int64(10 + rng.IntN(11))
				cnDay := issue.AddDays(5 + rng.IntN(15))
				cn := doc{Client: c, Kind: invoice.KindCreditNote, Issue: cnDay, Due: cnDay,
					Currency: c.Currency, Net: invoice.Money(int64(net) * pct / 100 / 100 * 100),
					Status: invoice.StatusPaid, PaidDateInExport: p.paidDateKnow}
				if p.paidDateKnow {
					cn.Paid = cnDay
				}
				l.Docs = append(l.Docs, cn)
			}
		}
	}
	sort.SliceStable(l.Docs, func(i, j int) bool { return l.Docs[i].Issue < l.Docs[j].Issue })
	// Numbers follow issue order, as every program (and Italian law) wants.
	type series struct {
		m    market
		k    invoice.Kind
		year int
	}
	seq := map[series]int{}
	for i := range l.Docs {
		d := &l.Docs[i]
		s := series{m: d.Client.Market, k: d.Kind}
		if s.m == marketItaly || s.m == marketSpain {
			s.year = d.Issue.Year() // numbering restarts every year
		}
		if s.m == marketQuickBooks || s.m == marketRussia {
			s.k = invoice.KindInvoice // one sequence for all documents
		}
		seq[s]++
		d.Number = number(s.m, d.Kind, seq[s], d.Issue)
	}
	var err error
	l.Entries, err = trackHours(rng, l)
	return l, err
}

// number prints a document number the way each program numbers them.
func number(m market, k invoice.Kind, n int, issue invoice.Date) string {
	switch m {
	case marketQuickBooks:
		if k == invoice.KindCreditNote {
			return fmt.Sprintf("CM-%d", 1000+n)
		}
		return fmt.Sprintf("%d", 1000+n)
	case marketItaly:
		return fmt.Sprintf("%d", n)
	case marketSpain:
		return fmt.Sprintf("F%d-%03d", issue.Year(), n)
	default:
		return fmt.Sprintf("РД00-%06d", n)
	}
}

var (
	users        = []string{"Giulia Rossi", "Marco Conti", "Sara Greco"}
	descriptions = []string{"Design review", "Layout", "Client call", "Revisions", "Artwork", "Copy fitting", "Prepress", "Mockups"}
)

// trackHours writes the time tracker's entries for the 12 months of the
// window, sized from each client's revenue (trackedRate EUR per hour, times
// the client's HoursFactor), split into entries of at most 8 hours.
func trackHours(rng *rand.Rand, l *ledger) ([]timeEntry, error) {
	var out []timeEntry
	for _, c := range l.Clients {
		if c.Toggl == "" {
			continue
		}
		// Revenue per month worked, in EUR cents, over the window.
		monthly := map[invoice.Month]invoice.Money{}
		for _, d := range l.Docs {
			if d.Client != c || d.Kind != invoice.KindInvoice || d.Issue.Month().Before(windowStart) {
				continue
			}
			eur, err := invoice.Convert(d.Net, d.Currency, "EUR", sampleRates[d.Currency])
			if err != nil {
				return nil, fmt.Errorf("sizing hours of %s: %w", c.Name, err)
			}
			monthly[d.Issue.Month()] += eur
		}
		for m := windowStart; !demoMonth.Before(m); m = m.Add(1) {
			cents, ok := monthly[m]
			if !ok {
				continue
			}
			// Quarter hours: cents / 100 / rate * factor * 4, with +-10% jitter.
			quarters := int64(float64(cents) / 100 / trackedRate * c.HoursFactor * 4 * (0.9 + 0.2*rng.Float64()))
			for quarters > 0 {
				q := min(quarters, int64(16+rng.IntN(17))) // 4h to 8h
				quarters -= q
				day := 1 + rng.IntN(m.Days())
				out = append(out, timeEntry{Client: c, User: users[rng.IntN(len(users))], Project: c.Project,
					Desc: descriptions[rng.IntN(len(descriptions))], Day: invoice.NewDate(m.Year, m.Month, day), Seconds: q * 900})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Day < out[j].Day })
	return out, nil
}

func pow10(n int) int64 {
	v := int64(1)
	for range n {
		v *= 10
	}
	return v
}
