package analytics

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// openKey is what the open invoices are sorted by, small so the sort moves
// little: rank stands for the client's (name, key).
type openKey struct {
	// prio orders by days past due, largest first, then rank: the high
	// half is MaxInt32 - days past due (a difference of two int32 Dates,
	// so it fits), the low half the rank. One compare instead of two.
	prio uint64
	pos  int32 // the client's index in Result.Clients
	rec  *openItem
}

func openPrio(daysPastDue, rank int) uint64 {
	return uint64(math.MaxInt32-int64(daysPastDue))<<32 | uint64(uint32(rank))
}

// sortOpen orders open invoices by days past due (largest first), then
// client name and key, number, issue date, amount and source, so the order
// never depends on the input's.
//
// The order was once computed by sorting the OpenInvoice values, listed
// by client in revenue order, then in document order. The keys here start
// in that same sequence, the comparison gives the same sign for every
// pair, and slices.SortFunc decides on nothing else, so invoices equal in
// every compared field (they can differ only in DueAssumed) still land
// where they did.
func (b *builder) sortOpen(accs, listed []*clientAcc, opens *openAcc) []openKey {
	byName := slices.Clone(listed)
	slices.SortFunc(byName, func(x, y *clientAcc) int {
		if c := strings.Compare(x.name, y.name); c != 0 {
			return c
		}
		return strings.Compare(x.key, y.key)
	})
	for i, a := range byName {
		a.rank = i
	}
	at := 0
	for pos, a := range listed {
		a.pos, a.openAt = pos, at
		at += a.open.n
	}
	keys := make([]openKey, opens.recs.n)
	for _, blk := range opens.recs.blocks {
		for j := range blk {
			r := &blk[j]
			a := accs[r.client]
			keys[a.openAt] = openKey{prio: openPrio(int(r.daysPastDue), a.rank), pos: int32(a.pos), rec: r}
			a.openAt++
		}
	}
	l := &opens.list.OpenList
	slices.SortFunc(keys, func(x, y openKey) int {
		if x.prio != y.prio {
			return cmp.Compare(x.prio, y.prio)
		}
		ox, oy := x.rec, y.rec
		if c := strings.Compare(l.numbers.Get(ox.number), l.numbers.Get(oy.number)); c != 0 {
			return c
		}
		if c := cmp.Compare(ox.issue, oy.issue); c != 0 {
			return c
		}
		if c := cmp.Compare(oy.amount, ox.amount); c != 0 {
			return c
		}
		sx, sy := l.source(ox), l.source(oy)
		if sourceLess(sx, sy) {
			return -1
		}
		if sourceLess(sy, sx) {
			return 1
		}
		return 0
	})
	return keys
}

// openInvoices makes the Result's open invoices in their sorted order:
// the list the pass filled (opens.list) takes copies of the records, each
// with its client's position in Result.Clients.
func (b *builder) openInvoices(listed []*clientAcc, order []openKey, opens *openAcc) OpenList {
	l := opens.list.OpenList
	l.items = make([]openItem, len(order))
	l.names = make([]clientName, len(listed))
	for i, a := range listed {
		l.names[i] = clientName{a.key, a.name}
	}
	for i, k := range order {
		l.items[i] = *k.rec
		l.items[i].client = k.pos
	}
	return l
}

// origCurrency is a document's currency code, "" when it is the base.
func origCurrency(cur, base string) string {
	cur = strings.ToUpper(strings.TrimSpace(cur))
	if cur == base {
		return ""
	}
	return cur
}
