package analytics

import (
	"iter"
	"math"

	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/strarena"
)

// OpenList is Result.Open: the invoices open at A, most days past due
// first (sortOpen). A big ledger has hundreds of thousands of them, so
// they are kept compact, 48 bytes each and their numbers' bytes in an
// arena, where an OpenInvoice takes 160 and a string of its own for the
// number, and each OpenInvoice is made when asked for (At, All): the XLSX
// sheet of a million-document ledger is written without every open
// invoice being held as an OpenInvoice. The zero value is an empty list.
type OpenList struct {
	items   []openItem
	names   []clientName   // by openItem.client
	sources []openSource   // by openItem.src
	numbers strarena.Arena // by openItem.number
	// bigRows are the source rows an openItem.row cannot hold.
	bigRows []int
}

type clientName struct{ key, name string }

// openSource is the file and sheet of an open invoice and its currency
// (OpenInvoice.OrigCurrency): the invoices of one sheet share them.
type openSource struct{ file, sheet, currency string }

// openItem is one open invoice in 48 bytes (TestOpenListKeepsEveryField);
// the strings are references: client indexes OpenList.names (during the
// pass, openAcc.recs, it is the index of the client's accumulator
// instead), src OpenList.sources and number OpenList.numbers.
//
// Days past due fit in 32 bits: dates are years 1 to 9999. So does the
// row of every real source: a sheet has at most about a million rows and
// a CSV no more than the row limit, far below 2^31. A row outside 0 to
// MaxInt32 (a test's, a ledger written by hand) goes in OpenList.bigRows
// and row is -1 minus its index there, so no row is ever cut short.
type openItem struct {
	amount, orig invoice.Money
	number       strarena.Ref
	client, src  int32
	row          int32
	issue, due   invoice.Date
	daysPastDue  int32
	assumed      bool
}

// NewOpenList makes a list of invoices, in the order given (Result.Open
// is most days past due first).
func NewOpenList(invs []OpenInvoice) OpenList {
	var b openListBuilder
	b.items = make([]openItem, 0, len(invs))
	names := map[clientName]int32{}
	for i := range invs {
		o := &invs[i]
		cn := clientName{o.ClientKey, o.ClientName}
		c, ok := names[cn]
		if !ok {
			c = int32(len(b.names))
			names[cn] = c
			b.names = append(b.names, cn)
		}
		// o's Bucket is not read: it follows DaysPastDue.
		b.items = append(b.items, openItem{
			amount: o.Amount, orig: o.OrigAmount, number: b.numbers.Add(o.Number),
			client: c, src: b.source(o.Source.File, o.Source.Sheet, o.OrigCurrency), row: b.keepRow(o.Source.Row),
			issue: o.IssueDate, due: o.DueDate, daysPastDue: int32(o.DaysPastDue), assumed: o.DueAssumed,
		})
	}
	return b.OpenList
}

// openListBuilder makes an OpenList: it copies each number into the
// list's arena and keeps each (file, sheet, currency) once. The pass
// fills one as it finds the open invoices (openAcc), so their strings
// are kept once, in the list, from the start.
type openListBuilder struct {
	OpenList
	srcIdx map[openSource]int32
}

func (b *openListBuilder) source(file, sheet, currency string) int32 {
	if b.srcIdx == nil {
		b.srcIdx = map[openSource]int32{}
	}
	s := openSource{file, sheet, currency}
	i, ok := b.srcIdx[s]
	if !ok {
		i = int32(len(b.sources))
		b.srcIdx[s] = i
		b.sources = append(b.sources, s)
	}
	return i
}

// keepRow is the openItem.row of a source row.
func (b *openListBuilder) keepRow(row int) int32 {
	if row >= 0 && row <= math.MaxInt32 {
		return int32(row)
	}
	b.bigRows = append(b.bigRows, row)
	return -int32(len(b.bigRows))
}

// row is it's source row (openItem.row).
func (l *OpenList) row(it *openItem) int {
	if it.row < 0 {
		return l.bigRows[-1-it.row]
	}
	return int(it.row)
}

// source is where it comes from.
func (l *OpenList) source(it *openItem) invoice.Source {
	s := &l.sources[it.src]
	return invoice.Source{File: s.file, Sheet: s.sheet, Row: l.row(it)}
}

// Len is how many invoices l holds.
func (l OpenList) Len() int { return len(l.items) }

// At is the i-th invoice, 0 <= i < Len().
func (l OpenList) At(i int) OpenInvoice {
	it := &l.items[i]
	c := l.names[it.client]
	dpd := int(it.daysPastDue)
	return OpenInvoice{
		ClientKey: c.key, ClientName: c.name, Number: l.numbers.Get(it.number),
		IssueDate: it.issue, DueDate: it.due, DueAssumed: it.assumed,
		Amount: it.amount, OrigCurrency: l.sources[it.src].currency, OrigAmount: it.orig,
		DaysPastDue: dpd, Bucket: bucketOf(dpd),
		Source: l.source(it),
	}
}

// All yields the invoices in order with their indexes.
func (l OpenList) All() iter.Seq2[int, OpenInvoice] {
	return func(yield func(int, OpenInvoice) bool) {
		for i := range l.items {
			if !yield(i, l.At(i)) {
				return
			}
		}
	}
}

// Invoices makes every invoice at once, in order: for a short list (a
// test, a small report), not for a ledger's.
func (l OpenList) Invoices() []OpenInvoice {
	out := make([]OpenInvoice, l.Len())
	for i := range out {
		out[i] = l.At(i)
	}
	return out
}

// daysPastDue and amount are At(i)'s, without making the rest.
func (l OpenList) daysPastDue(i int) int      { return int(l.items[i].daysPastDue) }
func (l OpenList) amount(i int) invoice.Money { return l.items[i].amount }
