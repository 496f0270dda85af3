package pipeline

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/clientrisk/clientrisk/internal/ingest"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// NoRate is the documents of one sheet in one currency that is neither
// the base currency nor in the config's rates: every report rejects them
// ("no exchange rate for USD") until the rate is set. Read counts them so
// that check and import say so at once, instead of "rejected 0" followed
// by an empty report.
//
// They are still imported: the ledger keeps a document as the export says
// it, in its own currency, and the rates are applied when a report is
// computed. So adding the rate later is enough, with no re-import (which
// for the same file would change nothing, its SHA-256 being known; and
// re-importing an older file would make its versions of the documents
// newer than a later export's).
type NoRate struct {
	Sheet    string // the sheet (a CSV's one table is named after the file)
	Column   string // where the currency was read: `currency column F "Currency"`, or the amount column whose currency sign gave it
	Currency string
	// Documents is how many documents (invoices, credit notes), Rows how
	// many rows they were read from: the same in a table of one row per
	// invoice; all the sheet's accepted rows when every document of the
	// sheet is in this currency; 0 when not known (a sheet of invoice
	// lines in several currencies).
	Documents, Rows int
}

// RejectedRows is what check and import add to a file's rejected rows:
// Rows, or Documents when the rows are not known.
func (n NoRate) RejectedRows() int {
	if n.Rows > 0 {
		return n.Rows
	}
	return n.Documents
}

// String is the line check and import print: `400 rows in USD: no rate
// in the config (rates: {USD: ...}); sheet "x", column D "Amount"`.
func (n NoRate) String() string {
	var what string
	switch {
	case n.Rows == n.Documents:
		what = plural(n.Rows, "row", "rows")
	case n.Rows > 0:
		what = fmt.Sprintf("%s (%s)", plural(n.Rows, "row", "rows"), plural(n.Documents, "invoice", "invoices"))
	default:
		what = plural(n.Documents, "invoice", "invoices")
	}
	s := fmt.Sprintf("%s in %s: no rate in the config (rates: {%s: ...})", what, n.Currency, n.Currency)
	if n.Sheet != "" {
		s += fmt.Sprintf("; sheet %q", n.Sheet)
		if n.Column != "" {
			s += ", " + n.Column
		}
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// hasRate reports whether a document in currency cur is counted by a
// report: the base currency, no currency (the base one), or a currency
// with a rate. It is the test analytics.Compute makes.
func (p *Pipeline) hasRate(cur string) bool {
	cur = strings.ToUpper(strings.TrimSpace(cur))
	if cur == "" || cur == strings.ToUpper(strings.TrimSpace(p.Config.Currency)) {
		return true
	}
	for k, r := range p.Config.Options.Rates {
		if r != nil && strings.ToUpper(strings.TrimSpace(k)) == cur {
			return true
		}
	}
	return false
}

// noRate groups a file's documents with no rate by sheet and currency,
// in the order of the sheets, then by currency.
func (p *Pipeline) noRate(r *ingest.FileResult) []NoRate {
	type key struct{ sheet, cur string }
	counts := map[key]int{}
	perSheet := map[string]int{} // documents of each sheet
	_ = r.EachDocument(func(d *invoice.Document) error {
		perSheet[d.Source.Sheet]++
		if !p.hasRate(d.Currency) {
			counts[key{d.Source.Sheet, strings.ToUpper(strings.TrimSpace(d.Currency))}]++
		}
		return nil
	})
	if len(counts) == 0 {
		return nil
	}
	sheetOf := func(name string) (ingest.SheetResult, int) {
		for i, s := range r.Sheets {
			if s.Name == name {
				return s, i
			}
		}
		// A CSV's documents name no sheet; its one table does.
		if name == "" && len(r.Sheets) == 1 {
			return r.Sheets[0], 0
		}
		return ingest.SheetResult{Name: name}, len(r.Sheets)
	}
	type group struct {
		NoRate
		sheet int
	}
	gs := make([]group, 0, len(counts))
	for k, n := range counts {
		s, i := sheetOf(k.sheet)
		rows := 0
		switch docs := perSheet[k.sheet]; {
		case s.Accepted == docs:
			rows = n // one row per document
		case n == docs:
			rows = s.Accepted // every document of the sheet
		}
		gs = append(gs, group{NoRate{Sheet: s.Name, Column: currencyColumn(s), Currency: k.cur, Documents: n, Rows: rows}, i})
	}
	sort.Slice(gs, func(i, j int) bool {
		if gs[i].sheet != gs[j].sheet {
			return gs[i].sheet < gs[j].sheet
		}
		return gs[i].Currency < gs[j].Currency
	})
	out := make([]NoRate, len(gs))
	for i, g := range gs {
		out[i] = g.NoRate
	}
	return out
}

// currencyColumn says where a sheet's currency was read: its currency
// column, or else the amount column (its currency sign or header gave it).
func currencyColumn(s ingest.SheetResult) string {
	var amount string
	for _, c := range s.Mapping {
		switch c.Field {
		case ingest.FieldCurrency:
			return fmt.Sprintf("currency column %s %q", c.Column, c.Header)
		case ingest.FieldAmount:
			amount = fmt.Sprintf("currency read from column %s %q", c.Column, c.Header)
		case ingest.FieldGross:
			if amount == "" {
				amount = fmt.Sprintf("currency read from column %s %q", c.Column, c.Header)
			}
		}
	}
	return amount
}

// NoRateRows is how many of the file's rows check and import count as
// rejected for want of a rate (NoRate.RejectedRows summed).
func (f FileRead) NoRateRows() int {
	n := 0
	for _, g := range f.NoRate {
		n += g.RejectedRows()
	}
	return n
}

// ErrNothingCounted is returned (with the report, which is written) when
// there were documents but the report rejected every one of them, e.g.
// all in a currency with no rate: its figures would say "revenue 0".
var ErrNothingCounted = errors.New("no document could be counted")

// nothingCounted explains why a report could count none of its documents:
// every one rejected, by currency (no rate) and other reasons. It returns
// "" when some counted. byCurrency is how many documents the report was
// given per currency code as written.
func (p *Pipeline) nothingCounted(byCurrency map[string]int, rejected int) string {
	docs := 0
	per := map[string]int{}
	noRate := 0
	for cur, n := range byCurrency {
		docs += n
		if !p.hasRate(cur) {
			per[strings.ToUpper(strings.TrimSpace(cur))] += n
			noRate += n
		}
	}
	if docs == 0 || noRate < docs && rejected < docs {
		return ""
	}
	curs := make([]string, 0, len(per))
	for c := range per {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	parts := make([]string, 0, len(curs)+1)
	for _, c := range curs {
		parts = append(parts, fmt.Sprintf("%d in %s: no rate in the config (rates: {%s: ...})", per[c], c, c))
	}
	if other := docs - noRate; other > 0 {
		parts = append(parts, fmt.Sprintf("%d for other reasons", other))
	}
	return fmt.Sprintf("of %d documents, %s (see the report's data-quality section)", docs, strings.Join(parts, "; "))
}
