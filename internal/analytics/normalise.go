package analytics

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// docRec is one counted document, normalised: its client resolved, its
// amount in the base currency (credit notes negative), and for an invoice
// with a positive amount its payment state decided. It lives on the stack
// of Compute, one at a time, and normalise returns it by value: stored
// through a pointer, its two pointers would take the GC write barrier on
// every document while a collection runs (that made Compute over 1M
// documents 30% slower).
type docRec struct {
	d         *invoice.Document
	acc       *clientAcc
	issue     invoice.Date
	amount    invoice.Money // base currency, credit notes negative
	inW       bool          // issued in W
	isInvoice bool          // kind invoice (not credit note)
	isCredit  bool          // kind credit note
	disputed  bool

	// Payment (the metrics spec "Payment behaviour"), set when pay is payKnown.
	pay        payState
	due        invoice.Date
	assumed    bool // due date from payment_terms_days
	canOpen    bool // it can be open at a date (see classifyPayment)
	openAmount invoice.Money
	origAmount invoice.Money // openAmount before conversion
}

// payState says what a document tells about payment.
type payState uint8

const (
	payNone    payState = iota // not an invoice with a positive amount: no payment figures
	payUnknown                 // an invoice that says nothing of payment
	payKnown                   // an invoice with a paid date, a balance or a paid/open status
)

// normaliser turns the input rows into docRecs and time entries into
// their clients, counting what it leaves out in quality.
type normaliser struct {
	p       *periods
	base    string
	terms   int          // payment_terms_days
	today   invoice.Date // for Impossible; zero: not checked
	id      *identity
	bridge  nameBridge
	rows    rowClients // documents
	times   rowClients // time entries
	clients clientSet
	rates   map[string]*big.Rat
	fast    map[string]fastRate
	q       quality
	// sum is the total of |amount| + |outstanding| of the documents
	// counted so far, in base minor units (sumFits).
	sum uint64
}

// sumFits adds a document's amounts to n.sum if the total stays within
// int64: then every figure that adds amounts or balances of the counted
// documents (revenue, open, overdue, aging, trend), each a sum over a
// subset of them, fits too and cannot overflow. It reports false, and
// adds nothing, when the document would pass that bound.
func (n *normaliser) sumFits(amount, outstanding invoice.Money) bool {
	abs := func(m invoice.Money) uint64 {
		if m < 0 {
			return uint64(-(m + 1)) + 1
		}
		return uint64(m)
	}
	add := abs(amount) + abs(outstanding) // at most 2^64-1
	if add < abs(amount) || add > math.MaxInt64 || n.sum > math.MaxInt64-add {
		return false
	}
	n.sum += add
	return true
}

func newNormaliser(bridge nameBridge, opts Options, p *periods, base string, rates map[string]*big.Rat) *normaliser {
	n := &normaliser{
		p: p, base: base, terms: opts.PaymentTermsDays, today: opts.Today,
		id:      newIdentity(opts.Aliases, opts.Exclude),
		bridge:  bridge,
		rows:    newRowClients(),
		times:   newRowClients(),
		clients: clientSet{byKey: map[string]*clientAcc{}},
		rates:   rates,
		fast:    make(map[string]fastRate, len(rates)),
		q:       newQuality(),
	}
	for cur, r := range rates {
		n.fast[cur] = newFastRate(cur, base, r)
	}
	return n
}

// normalise returns the document normalised; ok is false when it does not
// count.
//
// Order of leaving out: a document of an excluded client counts in
// ExcludedClients even when it is also void; void and draft documents of
// other clients count in ExcludedDocuments; then the currency. Documents
// with no issue date are rejected ("no issue date"). Documents issued
// after A are ignored: the report is as of A (their impossible dates are
// still counted). A credit note with a positive amount is negated.
func (n *normaliser) normalise(d *invoice.Document) (r docRec, ok bool) {
	key := rowKey{d.ClientKey, d.ClientID, d.ClientName}
	if key.key != "" {
		key.id = "" // not looked at: one entry per (key, spelling)
	}
	rc := n.rows.get(key, n.id)
	if rc.m.excluded != "" {
		n.q.excludeClient(rc.m.excluded)
		return r, false
	}
	if d.Status.Excluded() {
		n.q.excludedDocs++
		return r, false
	}
	if d.IssueDate.IsZero() {
		n.q.rejected.add(Rejection{Source: d.Source, Reason: "no issue date"})
		return r, false
	}
	n.q.impossible.check(d, n.today)
	if d.IssueDate > n.p.asOf {
		return r, false
	}
	amount, outstanding, converted := n.convert(d)
	if !converted {
		return r, false
	}
	if d.Kind == invoice.KindCreditNote && amount > 0 {
		amount = -amount
	}
	if !n.sumFits(amount, outstanding) {
		n.q.rejected.add(Rejection{Source: d.Source, Reason: fmt.Sprintf(
			"amount %s %s is too large: with the documents before it the totals would pass %s %s, the most that can be added up exactly",
			amount.Decimal(n.base), n.base, invoice.Money(math.MaxInt64).Decimal(n.base), n.base)})
		return r, false
	}
	if d.Status != invoice.StatusUnknown {
		n.q.anyStatus = true
	}
	r = docRec{
		d: d, acc: n.docClient(rc, d), issue: d.IssueDate, amount: amount,
		inW:       n.p.inWindow(d.IssueDate),
		isInvoice: d.Kind == invoice.KindInvoice,
		isCredit:  d.Kind == invoice.KindCreditNote,
		disputed:  d.Status == invoice.StatusDisputed,
	}
	if r.isInvoice && amount > 0 {
		n.classifyPayment(&r, outstanding)
	}
	return r, true
}

// convert returns the document's amount and outstanding balance in the
// base currency; ok is false when it was rejected (no rate, or an amount
// that does not fit).
func (n *normaliser) convert(d *invoice.Document) (amount, outstanding invoice.Money, ok bool) {
	amount, outstanding = d.Amount, d.Outstanding
	cur := strings.ToUpper(strings.TrimSpace(d.Currency))
	if cur == "" || cur == n.base {
		return amount, outstanding, true
	}
	rate := n.rates[cur]
	if rate == nil {
		n.q.noRate(cur, d.Source)
		return 0, 0, false
	}
	var errA, errO error
	f := n.fast[cur]
	amount, errA = convertAmount(d.Amount, cur, n.base, rate, f)
	if d.HasOutstanding {
		outstanding, errO = convertAmount(d.Outstanding, cur, n.base, rate, f)
	}
	if err := errors.Join(errA, errO); err != nil {
		n.q.rejected.add(Rejection{Source: d.Source, Reason: err.Error()})
		return 0, 0, false
	}
	n.q.converted[cur]++
	return amount, outstanding, true
}

// docClient returns the client a counted document belongs to (made on
// the first counted document of its row identity) and counts its
// spelling.
func (n *normaliser) docClient(rc *rowClient, d *invoice.Document) *clientAcc {
	if !rc.ready {
		n.firstDocClient(rc, d)
	}
	a := rc.acc
	if a.clientID == "" && d.ClientID != "" {
		a.clientID = strings.TrimSpace(d.ClientID)
	}
	a.spellings[rc.slot].n++
	return a
}

// firstDocClient resolves the client of a row identity on its first
// counted document: alias, reader key or id and name, the name bridge.
func (n *normaliser) firstDocClient(rc *rowClient, d *invoice.Document) {
	a := n.clients.get(n.bridge.resolve(clientKey(rc.m, d.ClientKey, d.ClientID, d.ClientName)), rc.m.display)
	rc.acc, rc.slot, rc.ready = a, spell(&a.spellings, &a.spellIdx, d.ClientName), true
}

// classifyPayment decides an invoice's payment state (r has a positive
// amount).
//
// Payment data is known when the document says HasPaymentInfo or carries
// a paid date, a balance or a paid/open status. Without it an invoice is
// neither paid nor open. A missing due date is issue + payment_terms_days
// (0 means due on the issue date).
//
// What it owes while open, and whether it can be open at all: a paid date
// says until when (for the whole amount: a balance in the export is as of
// the export, not as of A); a status "paid" with no date is never open
// (paid, but no delay data); a balance with no paid date is the amount
// open (none when it is 0 or less). A disputed invoice may be open.
func (n *normaliser) classifyPayment(r *docRec, outstanding invoice.Money) {
	d := r.d
	known := d.HasPaymentInfo || !d.PaidDate.IsZero() || d.HasOutstanding ||
		d.Status == invoice.StatusPaid || d.Status == invoice.StatusOpen
	if !known {
		r.pay = payUnknown
		return
	}
	r.pay = payKnown
	r.due, r.assumed = d.DueDate, d.DueDate.IsZero()
	if r.assumed {
		r.due = r.issue.AddDays(n.terms)
	}
	r.openAmount, r.origAmount, r.canOpen = r.amount, d.Amount, true
	switch {
	case !d.PaidDate.IsZero():
	case d.Status == invoice.StatusPaid:
		r.canOpen = false
	case d.HasOutstanding:
		r.openAmount, r.origAmount, r.canOpen = outstanding, d.Outstanding, outstanding > 0
	}
}

// entry returns the client of a time entry that counts: dated in W, with
// a duration that is not negative (a broken row, not time worked), of a
// client not excluded; nil otherwise.
func (n *normaliser) entry(e *invoice.TimeEntry) *clientAcc {
	if !n.p.inWindow(e.Date) || e.Seconds < 0 {
		return nil
	}
	rc := n.times.get(rowKey{key: e.ClientKey, name: e.ClientName}, n.id)
	if rc.m.excluded != "" {
		return nil
	}
	if !rc.ready {
		a := n.clients.get(n.bridge.resolve(clientKey(rc.m, e.ClientKey, "", e.ClientName)), rc.m.display)
		rc.acc, rc.slot, rc.ready = a, spell(&a.timeNames, &a.timeIdx, e.ClientName), true
	}
	rc.acc.timeNames[rc.slot].n++
	return rc.acc
}
