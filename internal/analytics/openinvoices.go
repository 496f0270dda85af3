package analytics

import (
	"iter"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// OpenList is Result.Open: the invoices open at A, most days past due
// first (sortOpen). A big ledger has hundreds of thousands of them, so
// they are kept compact, about 72 bytes each where an OpenInvoice takes
// 160, and each OpenInvoice is made when asked for (At, All): the XLSX
// sheet of a million-document ledger is written without every open
// invoice being held as an OpenInvoice. The zero value is an empty list.
type OpenList struct {
	items []openItem
	names []clientName // by openItem.client
	texts []string     // file, sheet and currency texts, by index
}

type clientName struct{ key, name string }

// openItem is one open invoice; client, file, sheet and cur index
// OpenList.names and OpenList.texts. Days past due fit in 32 bits: dates
// are years 1 to 9999.
type openItem struct {
	number                       string
	amount, orig                 invoice.Money
	row                          int
	issue, due                   invoice.Date
	daysPastDue                  int32
	client, file, sheet, curText int32
	assumed                      bool
}

// NewOpenList makes a list of invoices, in the order given (Result.Open
// is most days past due first).
func NewOpenList(invs []OpenInvoice) OpenList {
	var b openListBuilder
	b.items = make([]openItem, 0, len(invs))
	names := map[clientName]int32{}
	for _, o := range invs {
		cn := clientName{o.ClientKey, o.ClientName}
		c, ok := names[cn]
		if !ok {
			c = int32(len(b.names))
			names[cn] = c
			b.names = append(b.names, cn)
		}
		b.add(c, &o)
	}
	return b.OpenList
}

// openListBuilder makes an OpenList, sharing each text once.
type openListBuilder struct {
	OpenList
	textIdx map[string]int32
}

func (b *openListBuilder) text(s string) int32 {
	if b.textIdx == nil {
		b.textIdx = map[string]int32{}
	}
	i, ok := b.textIdx[s]
	if !ok {
		i = int32(len(b.texts))
		b.textIdx[s] = i
		b.texts = append(b.texts, s)
	}
	return i
}

// add appends o as the invoice of client (an index of b.names); its
// client strings and Bucket are not read (Bucket follows DaysPastDue).
func (b *openListBuilder) add(client int32, o *OpenInvoice) {
	b.items = append(b.items, openItem{
		number: o.Number, amount: o.Amount, orig: o.OrigAmount, row: o.Source.Row,
		issue: o.IssueDate, due: o.DueDate, daysPastDue: int32(o.DaysPastDue),
		client: client, file: b.text(o.Source.File), sheet: b.text(o.Source.Sheet), curText: b.text(o.OrigCurrency),
		assumed: o.DueAssumed,
	})
}

// Len is how many invoices l holds.
func (l OpenList) Len() int { return len(l.items) }

// At is the i-th invoice, 0 <= i < Len().
func (l OpenList) At(i int) OpenInvoice {
	it := &l.items[i]
	c := l.names[it.client]
	dpd := int(it.daysPastDue)
	return OpenInvoice{
		ClientKey: c.key, ClientName: c.name, Number: it.number,
		IssueDate: it.issue, DueDate: it.due, DueAssumed: it.assumed,
		Amount: it.amount, OrigCurrency: l.texts[it.curText], OrigAmount: it.orig,
		DaysPastDue: dpd, Bucket: bucketOf(dpd),
		Source: invoice.Source{File: l.texts[it.file], Sheet: l.texts[it.sheet], Row: it.row},
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
