package analytics

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Aging bucket names, as in the JSON.
const (
	BucketCurrent = "current"
	Bucket1to30   = "1-30"
	Bucket31to60  = "31-60"
	Bucket61to90  = "61-90"
	Bucket90plus  = "90+"
)

// HHI band names, as in the JSON.
const (
	BandUnconcentrated = "unconcentrated"
	BandModerate       = "moderate"
	BandHigh           = "high"
)

// Maintenance signal names for Result.SignalsAvailable.
const (
	SignalCreditNotes = "credit_notes"
	SignalDisputes    = "disputes"
	SignalHours       = "hours"
)

// cashReserveMonths is how many months of a dependent client's revenue the
// over_dependent action suggests keeping in reserve.
const cashReserveMonths = 3

// ErrInvalidOptions is wrapped by every error Compute returns.
var ErrInvalidOptions = errors.New("invalid analytics options")

// periods holds the dates every figure is measured against.
type periods struct {
	month              invoice.Month
	asOf               invoice.Date // A: last day of M
	windowFrom         invoice.Date // first day of W
	monthFrom          invoice.Date // first day of M
	dsoFrom            invoice.Date // first day of the 3 months ending A
	dsoDays            int
	prevFrom, prevTo   invoice.Date // the same window length ending M-1
	lostFrom, lostTo   int          // month indexes of the 12 months before the quiet months
	quietFrom, quietTo int          // month indexes of the last lost_after_months months of W
}

func newPeriods(m invoice.Month, window, lostAfter int) periods {
	p := periods{month: m, asOf: m.Last(), windowFrom: m.Add(-(window - 1)).First(), monthFrom: m.First()}
	p.dsoFrom = m.Add(-2).First()
	p.dsoDays = int(p.asOf-p.dsoFrom) + 1
	prev := m.Add(-1)
	p.prevFrom, p.prevTo = prev.Add(-(window - 1)).First(), prev.Last()
	p.quietTo = m.Index()
	p.quietFrom = p.quietTo - lostAfter + 1
	p.lostTo = p.quietFrom - 1
	p.lostFrom = p.lostTo - 11
	return p
}

func (p *periods) inWindow(d invoice.Date) bool { return d >= p.windowFrom && d <= p.asOf }

// clientAcc gathers one client's documents while the input is read.
type clientAcc struct {
	key      string
	clientID string // the first client id seen: the name when no spelling has one
	display  string // alias display name, if any
	idx      int    // position in creation order (accumulator.accs)
	// Spellings on its documents and time entries with their counts, in
	// order of first sight; the *Idx maps find a spelling's slot.
	spellings, timeNames []spelling
	spellIdx, timeIdx    map[string]int

	inWindow, hasHours bool
	revenue            invoice.Money // W
	monthRevenue       invoice.Money // M
	dsoRevenue         invoice.Money // the 3 months ending A
	prevRevenue        invoice.Money // the window ending M-1

	invoices, creditNotes, disputed int
	nPaid, nOpen                    int
	paymentKnown                    bool          // an invoice says whether it was paid
	paid                            []paidInvoice // set by groupPaid, in document order
	seconds                         int64

	// Open at A: sums and the largest days past due, kept while reading
	// (the invoices themselves are only needed for Result.Open).
	openAmount, overdueAmount invoice.Money
	maxDaysPastDue            int
	aging                     Aging

	first, last invoice.Date // kind invoice, issued on or before A
	lostMonths  uint16       // bit i: an invoice in month lostFrom+i
	quiet       bool         // an invoice in the quiet months

	name string // display name, set once reading is done
	rank int    // position in the order by (name, key) among listed clients
	pos  int    // position in the revenue order (Result.Clients)
	// openAt is where its open invoices start in the order sortOpen is
	// given (clients in revenue order, then document order).
	openAt int
}

type spelling struct {
	text string
	n    int
}

// spell returns the slot of a spelling in list (via idx), adding it.
func spell(list *[]spelling, idx *map[string]int, text string) int {
	if *idx == nil {
		*idx = map[string]int{}
	}
	if i, ok := (*idx)[text]; ok {
		return i
	}
	i := len(*list)
	*list = append(*list, spelling{text: text})
	(*idx)[text] = i
	return i
}

// openRec is an invoice open at A, kept small while reading: the
// OpenInvoice of the Result is made once, in its final order.
type openRec struct {
	acc, doc    int
	issue, due  invoice.Date
	assumed     bool
	amount      invoice.Money
	origAmount  invoice.Money // before conversion
	daysPastDue int
}

// paidRec is a paid invoice with the accumulator it belongs to.
type paidRec struct {
	acc int
	paidInvoice
}

// computeName sets the display name: the alias when one applies, else the
// most frequent non-blank spelling on its documents (ties: the lexically
// smallest), else on its time entries, else its client id as written (an
// export with a customer id and no name column), else the key.
func (c *clientAcc) computeName() {
	c.name = c.key
	if c.display != "" {
		c.name = c.display
		return
	}
	if c.clientID != "" {
		c.name = c.clientID
	}
	for _, list := range [][]spelling{c.spellings, c.timeNames} {
		best, bestN := "", 0
		for _, s := range list {
			if strings.TrimSpace(s.text) == "" {
				continue // an id-only row: the id stands for the name
			}
			if s.n > bestN || (s.n == bestN && s.text < best) {
				best, bestN = s.text, s.n
			}
		}
		if bestN > 0 {
			c.name = best
			return
		}
	}
}

// rowKey is what decides a row's client: the reader's key, the id (only
// looked at when the key is empty) and the spelling.
type rowKey struct{ key, id, name string }

// rowClient is the memoised identity of a rowKey: a ledger repeats the
// same few (key, spelling) pairs on many rows, and resolving one (NameKey,
// aliases, the name bridge, the accumulator map) costs far more than a
// lookup.
type rowClient struct {
	m     nameMatch
	acc   *clientAcc // nil until a row of it is counted
	slot  int        // the spelling's slot in acc
	ready bool
}

// rowIndex finds a rowKey's slot: by the reader's key in a string map,
// then among that key's first few spellings (a client has a handful),
// which is cheaper than hashing the three strings of every row; keys with
// many spellings and rows without a key go to the rowKey map.
type rowIndex struct {
	byKey map[string][]keyRow
	more  map[rowKey]int
}

type keyRow struct {
	name string
	slot int
}

// maxScanned is how many spellings of one key are searched by scanning.
const maxScanned = 8

// lookup returns k's slot; when k is new it is given slot next and found
// is false.
func (x *rowIndex) lookup(k rowKey, next int) (slot int, found bool) {
	if k.key != "" {
		list := x.byKey[k.key]
		for i := range list {
			if list[i].name == k.name {
				return list[i].slot, true
			}
		}
		if len(list) < maxScanned {
			x.byKey[k.key] = append(list, keyRow{k.name, next})
			return next, false
		}
	}
	if slot, ok := x.more[k]; ok {
		return slot, true
	}
	x.more[k] = next
	return next, false
}

func newRowIndex() *rowIndex {
	return &rowIndex{byKey: map[string][]keyRow{}, more: map[rowKey]int{}}
}

// chunked is an append-only list kept in blocks: growing it never copies,
// so a big ledger allocates its records about once (a slice grown by
// append allocates several times its final size).
type chunked[T any] struct {
	blocks [][]T
	n      int
}

func (c *chunked[T]) add(v T) {
	if len(c.blocks) == 0 || len(c.blocks[len(c.blocks)-1]) == cap(c.blocks[len(c.blocks)-1]) {
		c.blocks = append(c.blocks, make([]T, 0, min(max(64, c.n), 1<<13)))
	}
	b := &c.blocks[len(c.blocks)-1]
	*b = append(*b, v)
	c.n++
}

// slice returns the items in one slice of their exact length, nil when
// there are none.
func (c *chunked[T]) slice() []T {
	if c.n == 0 {
		return nil
	}
	out := make([]T, 0, c.n)
	for _, b := range c.blocks {
		out = append(out, b...)
	}
	return out
}

// accumulator holds every client's accumulator, in creation order (so
// nothing depends on map order) and by key.
type accumulator struct {
	accs  []*clientAcc
	byKey map[string]*clientAcc
}

func (ac *accumulator) get(key, display string) *clientAcc {
	a := ac.byKey[key]
	if a == nil {
		a = &clientAcc{key: key, display: display, idx: len(ac.accs)}
		ac.byKey[key] = a
		ac.accs = append(ac.accs, a)
	}
	return a
}

// monthBits finds an issue date's place among the quiet months and the 12
// months before them by date, without turning every date into a month.
type monthBits struct {
	quietFrom, quietTo invoice.Date
	lostStart          [13]invoice.Date // first days of lostFrom..lostTo+1
}

func newMonthBits(p *periods) monthBits {
	var mb monthBits
	at := func(index int) invoice.Month { return p.month.Add(index - p.month.Index()) }
	mb.quietFrom, mb.quietTo = at(p.quietFrom).First(), at(p.quietTo).Last()
	for i := range mb.lostStart {
		mb.lostStart[i] = at(p.lostFrom + i).First()
	}
	return mb
}

// fastRate converts amounts exactly like invoice.Convert, in 128-bit
// integers: amount * num / den rounded half to even, where num/den is the
// rate scaled by the two currencies' minor units. ok is false when the
// rate or the product does not fit; the caller then uses invoice.Convert.
type fastRate struct {
	num, den uint64
	ok       bool
}

func newFastRate(cur, base string, rate *big.Rat) fastRate {
	num := new(big.Int).Mul(rate.Num(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(invoice.MinorDigits(base))), nil))
	den := new(big.Int).Mul(rate.Denom(), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(invoice.MinorDigits(cur))), nil))
	if num.Sign() <= 0 || den.Sign() <= 0 || !num.IsUint64() || !den.IsUint64() {
		return fastRate{}
	}
	return fastRate{num: num.Uint64(), den: den.Uint64(), ok: true}
}

func (f fastRate) convert(m invoice.Money) (invoice.Money, bool) {
	if !f.ok {
		return 0, false
	}
	neg := m < 0
	u := uint64(m)
	if neg {
		u = -u
	}
	hi, lo := bits.Mul64(u, f.num)
	if hi >= f.den {
		return 0, false
	}
	q, rem := bits.Div64(hi, lo, f.den)
	// Half to even: round up when rem/den > 1/2, or = 1/2 and q is odd.
	if half := f.den - rem; rem > half || (rem == half && q&1 == 1) {
		if q == math.MaxUint64 {
			return 0, false
		}
		q++
	}
	switch {
	case !neg && q <= math.MaxInt64:
		return invoice.Money(q), true
	case neg && q <= 1<<63:
		return invoice.Money(-q), true
	}
	return 0, false
}

// convertAmount is invoice.Convert with the fast path in front.
func convertAmount(m invoice.Money, cur, base string, rate *big.Rat, f fastRate) (invoice.Money, error) {
	if out, ok := f.convert(m); ok {
		return out, nil
	}
	return invoice.Convert(m, cur, base, rate)
}

// Compute computes every figure and flag of metrics.md for the report
// month opts.Month from documents and time entries. It returns an error
// only for invalid options; bad documents become Result.Rejected.
//
// Decisions where metrics.md is silent (the report and tests rely on them):
//
//   - A zero Options.Thresholds means DefaultThresholds(). Other options are
//     taken literally (PaymentTermsDays 0 means due on the issue date).
//   - Order of leaving out: a document of an excluded client counts in
//     ExcludedClients even when it is also void; void and draft documents of
//     other clients count in ExcludedDocuments; then the currency. Documents
//     with no issue date are rejected ("no issue date"). Documents issued
//     after A are ignored: the report is as of A.
//   - A credit note with a positive amount is negated. Invoice counts,
//     first/last invoice and lost/new look at kind invoice only.
//   - A disputed invoice's revenue still counts, and it may be open.
//   - Payment data is known when the document says HasPaymentInfo or
//     carries a paid date, a balance or a paid/open status. Without it an
//     invoice is neither paid nor open; such invoices issued in W are
//     counted in assumption.no_payment_data.
//   - Status paid with no paid date: paid, but no delay data (not in
//     payment figures, not open). A balance of 0 (or less) with no paid
//     date: not open. An invoice paid after A is open at A for its whole
//     amount (a balance in the export is as of the export, not as of A); it
//     enters payment figures only in the report whose W holds the payment.
//     An invoice issued before W and paid in W is in the payment figures.
//   - assumption.default_terms counts the invoices whose missing due date
//     was used: paid in W (with a date) or open at A.
//   - month_share is over clients with positive month revenue; the
//     portfolio MonthRevenue is the sum of those positive month revenues,
//     as Revenue is the total of metrics.md.
//   - A client with revenue <= 0 has share 0 and is left out of HHI and the
//     client count; it is still listed. Clients lists every client with a
//     document in W, an invoice open at A, or time entries in W.
//   - With no revenue at all: HHI 0, band unconcentrated, effective
//     clients, pareto fraction and shares undefined or 0.
//   - HHI bands: below HHIModerate unconcentrated, up to and including
//     HHIHigh moderate, above it high.
//   - Median of an even count is the mean of the two middle values; p90 of
//     one value is that value.
//   - DSO (portfolio and client) = open amount at A / net revenue (credit
//     notes included) issued in the 3 calendar months ending A * the days
//     of those months (90 to 92); undefined when that revenue is <= 0.
//   - Hours: when any time entry falls in W, every listed client has Hours
//     (0 when none of its own), hours_share over the total hours in W.
//     load_ratio is undefined where share is 0; effective_rate =
//     revenue / hours in base currency units, undefined at 0 hours. The
//     portfolio median effective rate is over clients with at least
//     MinHours hours, so a client with a few hours does not skew it.
//   - SignalsAvailable: credit_notes always (any export can hold them);
//     disputes when some counted document carries a status; hours when a
//     time entry falls in W. Time entries with a negative duration are
//     ignored.
//   - PrevShare uses the same window length ending M-1 over the same
//     documents; undefined when that window has no revenue.
//   - Lost: with M=2026-10 and lost_after_months=3, the quiet months are
//     2026-08..2026-10 and the 12 months before are 2025-08..2026-07; a
//     client with invoices in at least 2 distinct months of 2025-08..2026-07
//     and none in 2026-08..2026-10 is lost. Those months may lie before W.
//   - New: the first invoice over all documents given is in M.
//   - Flags: over_dependent's action.grow_others names the client right
//     after it in the revenue order ("" for the last one);
//     action.cash_reserve is 3 * revenue in W / window months, half-even;
//     action.pause_work is given only when the client has an overdue
//     amount; slow_payer gives one reason.overdue per open invoice past the
//     threshold, oldest first. credit_note_ratio is undefined (and cannot
//     raise a flag) when the client has no invoice in W.
//   - Ties: Clients by revenue desc, then name, then key; Open by days past
//     due desc, then client name, number, issue date, amount, source; Lost
//     and New by revenue desc, then name, then key.
func Compute(docs []invoice.Document, entries []invoice.TimeEntry, opts Options) (*Result, error) {
	th := opts.Thresholds
	if th == (Thresholds{}) {
		th = DefaultThresholds()
	}
	if err := validate(opts, th); err != nil {
		return nil, err
	}
	rates, err := normaliseRates(opts.Rates)
	if err != nil {
		return nil, err
	}
	p := newPeriods(opts.Month, opts.WindowMonths, th.LostAfterMonths)
	base := strings.ToUpper(opts.BaseCurrency)

	res := &Result{
		Month: opts.Month, AsOf: p.asOf, WindowFrom: p.windowFrom, WindowTo: p.asOf,
		Currency: opts.BaseCurrency,
	}
	id := newIdentity(opts.Aliases, opts.Exclude)
	bridge := newNameBridge(docs)
	ac := &accumulator{byKey: map[string]*clientAcc{}}
	mb := newMonthBits(&p)
	fast := make(map[string]fastRate, len(rates))
	for cur, r := range rates {
		fast[cur] = newFastRate(cur, base, r)
	}
	noRateReason := map[string]string{}

	var (
		excludedNames           = map[string]bool{}
		noRate                  = map[string]int{}
		converted               = map[string]int{}
		defaultTerms, noPayment int
		anyStatus               bool
		rows                    = newRowIndex()
		clients                 []rowClient
		opens                   chunked[openRec]
		paids                   chunked[paidRec]
		rejected                chunked[Rejection]
		noPaymentFiles          = map[string]bool{}
		tr                      = newTrendAcc(&p)
	)
	// row returns the memoised identity of a row, resolving the spelling's
	// alias and exclusion on first sight.
	row := func(key, clientID, name string) *rowClient {
		if key != "" {
			clientID = "" // not looked at: one entry per (key, spelling)
		}
		i, ok := rows.lookup(rowKey{key, clientID, name}, len(clients))
		if !ok {
			clients = append(clients, rowClient{m: id.match(name)})
		}
		return &clients[i]
	}
	for i := range docs {
		d := &docs[i]
		rc := row(d.ClientKey, d.ClientID, d.ClientName)
		m := rc.m
		if m.excluded != "" {
			res.ExcludedClients++
			excludedNames[m.excluded] = true
			continue
		}
		if d.Status.Excluded() {
			res.ExcludedDocuments++
			continue
		}
		if d.IssueDate.IsZero() {
			rejected.add(Rejection{Source: d.Source, Reason: "no issue date"})
			continue
		}
		res.Impossible.check(d, opts.Today)
		if d.IssueDate > p.asOf {
			continue
		}
		amount, outstanding := d.Amount, d.Outstanding
		if cur := strings.ToUpper(strings.TrimSpace(d.Currency)); cur != "" && cur != base {
			rate := rates[cur]
			if rate == nil {
				noRate[cur]++
				reason, ok := noRateReason[cur]
				if !ok {
					reason = "no exchange rate for " + cur
					noRateReason[cur] = reason
				}
				rejected.add(Rejection{Source: d.Source, Reason: reason})
				continue
			}
			var errA, errO error
			f := fast[cur]
			amount, errA = convertAmount(d.Amount, cur, base, rate, f)
			if d.HasOutstanding {
				outstanding, errO = convertAmount(d.Outstanding, cur, base, rate, f)
			}
			if err := errors.Join(errA, errO); err != nil {
				rejected.add(Rejection{Source: d.Source, Reason: err.Error()})
				continue
			}
			converted[cur]++
		}
		if d.Kind == invoice.KindCreditNote && amount > 0 {
			amount = -amount
		}
		if d.Status != invoice.StatusUnknown {
			anyStatus = true
		}

		if !rc.ready {
			a := ac.get(bridge.resolve(clientKey(m, d.ClientKey, d.ClientID, d.ClientName)), m.display)
			rc.acc, rc.slot, rc.ready = a, spell(&a.spellings, &a.spellIdx, d.ClientName), true
		}
		a := rc.acc
		if a.clientID == "" && d.ClientID != "" {
			a.clientID = strings.TrimSpace(d.ClientID)
		}
		tr.revenue(d.IssueDate, amount)
		a.spellings[rc.slot].n++

		issue := d.IssueDate
		inW := p.inWindow(issue)
		if inW {
			a.inWindow = true
			a.revenue += amount
			if issue >= p.monthFrom {
				a.monthRevenue += amount
			}
			if issue >= p.dsoFrom {
				a.dsoRevenue += amount
			}
			if d.Kind == invoice.KindCreditNote {
				a.creditNotes++
			} else {
				a.invoices++
			}
			if d.Status == invoice.StatusDisputed {
				a.disputed++
			}
		}
		if issue >= p.prevFrom && issue <= p.prevTo {
			a.prevRevenue += amount
		}
		if d.Kind != invoice.KindInvoice {
			continue
		}
		if a.first.IsZero() || issue < a.first {
			a.first = issue
		}
		if issue > a.last {
			a.last = issue
		}
		switch {
		case issue >= mb.quietFrom && issue <= mb.quietTo:
			a.quiet = true
		case issue >= mb.lostStart[0] && issue < mb.lostStart[12]:
			bit := 0
			for issue >= mb.lostStart[bit+1] {
				bit++
			}
			a.lostMonths |= 1 << bit
		}

		// Payment behaviour: invoices with a positive amount only.
		if amount <= 0 {
			continue
		}
		known := d.HasPaymentInfo || !d.PaidDate.IsZero() || d.HasOutstanding ||
			d.Status == invoice.StatusPaid || d.Status == invoice.StatusOpen
		if !known {
			if inW {
				noPayment++
				noPaymentFiles[d.Source.File] = true
			}
			continue
		}
		a.paymentKnown = true
		due, assumed := d.DueDate, d.DueDate.IsZero()
		if assumed {
			due = issue.AddDays(opts.PaymentTermsDays)
		}
		// What the invoice owes while it is open, and whether it can be
		// open at all: a paid date says until when (for the whole amount);
		// a status "paid" with no date is never open; a balance with no
		// paid date is the amount open (none when it is 0 or less).
		openAmount, origAmount, canOpen := amount, d.Amount, true
		switch {
		case !d.PaidDate.IsZero():
		case d.Status == invoice.StatusPaid:
			canOpen = false
		case d.HasOutstanding:
			openAmount, origAmount, canOpen = outstanding, d.Outstanding, outstanding > 0
		}
		if canOpen {
			tr.open(issue, due, d.PaidDate, openAmount)
		}
		paidBy := !d.PaidDate.IsZero() && d.PaidDate <= p.asOf
		if paidBy {
			if d.PaidDate >= p.windowFrom {
				late := d.PaidDate.DaysSince(due)
				paids.add(paidRec{acc: a.idx, paidInvoice: paidInvoice{
					daysToPay: d.PaidDate.DaysSince(issue),
					daysLate:  max(0, late),
					amount:    amount,
					onTime:    late <= opts.GraceDays,
				}})
				a.nPaid++
				if assumed {
					defaultTerms++
				}
			}
			continue
		}
		if !canOpen {
			continue // paid with no date, or a balance of 0
		}
		if assumed {
			defaultTerms++
		}
		dpd := p.asOf.DaysSince(due)
		opens.add(openRec{
			acc: a.idx, doc: i, issue: issue, due: due, assumed: assumed,
			amount: openAmount, origAmount: origAmount, daysPastDue: dpd,
		})
		if a.nOpen == 0 || dpd > a.maxDaysPastDue {
			a.maxDaysPastDue = dpd
		}
		a.nOpen++
		a.openAmount += openAmount
		if dpd > 0 {
			a.overdueAmount += openAmount
		}
		a.aging.addDays(dpd, openAmount)
	}

	timeRows := newRowIndex()
	var timeClients []rowClient
	for i := range entries {
		e := &entries[i]
		// A negative duration is a broken row, not time worked.
		if !p.inWindow(e.Date) || e.Seconds < 0 {
			continue
		}
		ti, ok := timeRows.lookup(rowKey{key: e.ClientKey, name: e.ClientName}, len(timeClients))
		if !ok {
			timeClients = append(timeClients, rowClient{m: id.match(e.ClientName)})
		}
		rc := &timeClients[ti]
		if rc.m.excluded != "" {
			continue
		}
		if !rc.ready {
			a := ac.get(bridge.resolve(clientKey(rc.m, e.ClientKey, "", e.ClientName)), rc.m.display)
			rc.acc, rc.slot, rc.ready = a, spell(&a.timeNames, &a.timeIdx, e.ClientName), true
		}
		a := rc.acc
		a.timeNames[rc.slot].n++
		a.hasHours = true
		a.seconds += e.Seconds
	}
	groupPaid(ac.accs, &paids)
	res.Rejected = rejected.slice()
	res.Thresholds = th
	for f := range noPaymentFiles {
		res.NoPaymentFiles = append(res.NoPaymentFiles, f)
	}
	slices.Sort(res.NoPaymentFiles)

	b := builder{res: res, opts: opts, th: th, p: p, base: base, docs: docs}
	b.build(ac.accs, &opens)
	if res.Portfolio.PaymentKnown {
		res.Trend = tr.points()
	}
	b.assumptions(excludedNames, noRate, converted, rates, defaultTerms, noPayment)
	res.SignalsAvailable = []string{SignalCreditNotes}
	if anyStatus {
		res.SignalsAvailable = append(res.SignalsAvailable, SignalDisputes)
	}
	if res.Portfolio.TotalHours != nil {
		res.SignalsAvailable = append(res.SignalsAvailable, SignalHours)
	}
	// Rejections equal in source and reason are equal in every field, so
	// any sort gives the same result.
	slices.SortFunc(res.Rejected, func(x, y Rejection) int {
		if x.Source != y.Source {
			if sourceLess(x.Source, y.Source) {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Reason, y.Reason)
	})
	return res, nil
}

func validate(opts Options, th Thresholds) error {
	switch {
	case opts.Month.IsZero() || opts.Month.Month < 1 || opts.Month.Month > 12:
		return fmt.Errorf("%w: the report month is not set", ErrInvalidOptions)
	case opts.WindowMonths < 1:
		return fmt.Errorf("%w: window_months must be at least 1, got %d", ErrInvalidOptions, opts.WindowMonths)
	case opts.PaymentTermsDays < 0:
		return fmt.Errorf("%w: payment_terms_days must not be negative, got %d", ErrInvalidOptions, opts.PaymentTermsDays)
	case opts.GraceDays < 0:
		return fmt.Errorf("%w: grace_days must not be negative, got %d", ErrInvalidOptions, opts.GraceDays)
	case th.LostAfterMonths < 1:
		return fmt.Errorf("%w: thresholds.lost_after_months must be at least 1, got %d", ErrInvalidOptions, th.LostAfterMonths)
	}
	return nil
}

func normaliseRates(in map[string]*big.Rat) (map[string]*big.Rat, error) {
	out := make(map[string]*big.Rat, len(in))
	for cur, r := range in {
		if r == nil {
			continue
		}
		if r.Sign() <= 0 {
			return nil, fmt.Errorf("%w: the rate for %s must be positive, got %s", ErrInvalidOptions, cur, r.RatString())
		}
		out[strings.ToUpper(strings.TrimSpace(cur))] = r
	}
	return out, nil
}

func bucketOf(daysPastDue int) string {
	switch {
	case daysPastDue <= 0:
		return BucketCurrent
	case daysPastDue <= 30:
		return Bucket1to30
	case daysPastDue <= 60:
		return Bucket31to60
	case daysPastDue <= 90:
		return Bucket61to90
	}
	return Bucket90plus
}

// addDays adds m to the bucket bucketOf(daysPastDue) names.
func (a *Aging) addDays(daysPastDue int, m invoice.Money) {
	switch {
	case daysPastDue <= 0:
		a.Current += m
	case daysPastDue <= 30:
		a.D1to30 += m
	case daysPastDue <= 60:
		a.D31to60 += m
	case daysPastDue <= 90:
		a.D61to90 += m
	default:
		a.D90plus += m
	}
}

func sourceLess(a, b invoice.Source) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Sheet != b.Sheet {
		return a.Sheet < b.Sheet
	}
	return a.Row < b.Row
}

// dso returns open / revenue * days, undefined when revenue <= 0.
func dso(open, revenue invoice.Money, days int) *float64 {
	if v, ok := dsoValue(open, revenue, days); ok {
		return &v
	}
	return nil
}

func dsoValue(open, revenue invoice.Money, days int) (float64, bool) {
	if revenue <= 0 {
		return 0, false
	}
	v := float64(open) / float64(revenue) * float64(days)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// groupPaid gives each accumulator its paid invoices, in document order,
// as slices of one array.
func groupPaid(accs []*clientAcc, paids *chunked[paidRec]) {
	all := make([]paidInvoice, paids.n)
	off := 0
	for _, a := range accs {
		a.paid = all[off : off : off+a.nPaid]
		off += a.nPaid
	}
	for _, b := range paids.blocks {
		for _, r := range b {
			a := accs[r.acc]
			a.paid = append(a.paid, r.paidInvoice)
		}
	}
}
