package analytics

import (
	"sort"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Message keys of ApplyPayments (data quality; the "assumption" family so
// the report lists them with the other assumptions).
const (
	KeyAssumptionPaymentsApplied  = "assumption.payments_applied"
	KeyAssumptionPaymentsKept     = "assumption.payments_kept"
	KeyAssumptionPaymentsUnknown  = "assumption.payments_unknown"
	KeyAssumptionPaymentsOverpaid = "assumption.payments_overpaid"
	KeyAssumptionPaymentsCurrency = "assumption.payments_currency"
	KeyAssumptionCustomerTerms    = "assumption.customer_terms"
	KeyAssumptionCustomerNames    = "assumption.customer_names"
)

// Where an invoice's paid date came from (Joined.PaidFrom).
const (
	PaidFromExport   = "invoice export" // a paid date in the invoice export (it wins)
	PaidFromPayments = "payments"       // its payments covered it on or before the date
)

// Joined is the documents with the payments and customer lists applied.
type Joined struct {
	Docs []invoice.Document
	// PaidFrom says, per document of Docs, where its paid date came from
	// ("" when it has none as of the date).
	PaidFrom []string
	// Applied payments (dated on or before the date), Invoices they went
	// to.
	Applied, Invoices int
	Notes             []Message
}

// ApplyPayments applies payments and customer lists to the documents as
// of asOf (the report's as-of date: a payment after it does not count).
// It is pure and does not change docs; with no payments and no customers
// it returns docs as they are.
//
//   - A payment goes to the invoice of its number; where several invoices
//     (not void or draft) have that number, to the one of the payment's
//     client, the latest issued on or before the payment if that still
//     leaves several. A payment with no number or no such invoice, or in
//     another currency than its invoice, is not applied and counted in a
//     note, never dropped silently.
//   - An invoice whose export gives a paid date keeps it (PaidFromExport).
//     Otherwise its payments up to asOf, in date order, decide: it is paid
//     on the date they first cover its amount (within one minor unit);
//     until then it is open for the remainder (Outstanding), which replaces
//     a balance in the invoice export (that balance is as of the export,
//     the payments say when). More paid than the amount is counted in a
//     note. A status "paid" of an invoice its payments do not cover by
//     asOf becomes open: the export's status is as of the export.
//   - The invoices of a file some of whose invoices got payments are
//     known to be unpaid when they got none (their file said nothing of
//     payment, the payments export does).
//   - The same payment (number, client, date, amount, currency, and its
//     ordinal among equal ones of its file) in two files counts once, as
//     the ledger keeps it.
//   - A customer list gives its name to a client known by id alone, and
//     its own terms in days (due = issue + terms) to an invoice with no
//     due date, instead of payment_terms_days.
func ApplyPayments(docs []invoice.Document, pays []invoice.Payment, custs []invoice.Customer, asOf invoice.Date) Joined {
	j := Joined{Docs: docs}
	if len(pays) == 0 && len(custs) == 0 {
		return j
	}
	pl, _ := PlanPayments(SliceSource(docs), pays, custs, asOf) // a slice never fails
	j.Docs = append([]invoice.Document(nil), docs...)
	j.PaidFrom = make([]string, len(docs))
	for i := range j.Docs {
		j.PaidFrom[i] = pl.Apply(i, &j.Docs[i])
	}
	j.Applied, j.Invoices, j.Notes = pl.Applied, pl.Invoices, pl.Notes
	return j
}

// PaymentPlan is what payments and customer lists change in the documents
// of a Source (the rules of ApplyPayments), found in one walk of it so
// that Apply can change each document as the Source gives it again: the
// documents need not all be in memory. It holds a copy of each invoice a
// payment goes to, and the customer lists.
type PaymentPlan struct {
	byKey   map[string]*invoice.Customer
	patched map[int]invoice.Document // by index in the Source: the invoices payments decided
	files   map[string]bool          // files some of whose invoices got payments
	// Applied payments (dated on or before the date), Invoices they went
	// to.
	Applied, Invoices int
	Notes             []Message
}

// PlanPayments walks src once and plans what pays and custs change as of
// asOf (see ApplyPayments). Its error is src's.
func PlanPayments(src Source, pays []invoice.Payment, custs []invoice.Customer, asOf invoice.Date) (*PaymentPlan, error) {
	pl := &PaymentPlan{byKey: make(map[string]*invoice.Customer, len(custs)), patched: map[int]invoice.Document{}, files: map[string]bool{}}
	for i := range custs {
		pl.byKey[custs[i].ClientKey] = &custs[i] // a later list wins
	}
	pays = uniquePayments(pays)
	wanted := make(map[string]bool, len(pays)) // numbers the payments name
	for _, p := range pays {
		wanted[numberKey(p.Number)] = true
	}
	// The invoices of those numbers, as the customer lists leave them: a
	// name a list gives decides which client's invoice a payment goes to.
	cands := map[int]invoice.Document{}
	byNumber := map[string][]int{}
	var terms int
	named := map[string]bool{}
	err := src(func(i int, d *invoice.Document) error {
		doc := *d
		if name, dated := pl.customer(&doc); name || dated {
			if name {
				named[doc.ClientKey] = true
			}
			if dated {
				terms++
			}
		}
		if doc.Kind == invoice.KindInvoice && !doc.Status.Excluded() {
			if n := numberKey(doc.Number); n != "" && wanted[n] {
				byNumber[n] = append(byNumber[n], i)
				cands[i] = doc
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(named) > 0 {
		pl.Notes = append(pl.Notes, msg(KeyAssumptionCustomerNames, Arg{"count", Count(len(named))}))
	}
	if terms > 0 {
		pl.Notes = append(pl.Notes, msg(KeyAssumptionCustomerTerms, Arg{"count", Count(terms)}))
	}

	got := map[int][]invoice.Payment{}
	var unknown, currency tally
	for _, p := range pays {
		if p.Date > asOf {
			if i, ok := findInvoice(cands, byNumber, p); ok {
				if _, seen := got[i]; !seen {
					got[i] = nil // known to be unpaid as of asOf
				}
			}
			continue
		}
		i, ok := findInvoice(cands, byNumber, p)
		if !ok {
			unknown.add(p.Source, p.Number)
			continue
		}
		d := cands[i]
		if pc, dc := strings.ToUpper(p.Currency), strings.ToUpper(d.Currency); pc != "" && dc != "" && pc != dc {
			currency.add(p.Source, p.Number)
			continue
		}
		got[i] = append(got[i], p)
		pl.Applied++
	}
	var kept, overpaid tally
	for i, ps := range got {
		d := cands[i]
		pl.files[d.Source.File] = true
		if !d.PaidDate.IsZero() {
			if len(ps) > 0 {
				kept.add(d.Source, d.Number)
			}
			pl.patched[i] = d
			continue
		}
		pl.Invoices++
		sort.SliceStable(ps, func(a, b int) bool { return ps[a].Date < ps[b].Date })
		var cum invoice.Money
		var paid invoice.Date
		for _, p := range ps {
			cum += p.Amount
			if paid.IsZero() && d.Amount-cum <= 1 {
				paid = p.Date
			}
		}
		d.HasPaymentInfo = true
		d.Outstanding, d.HasOutstanding = max(d.Amount-cum, 0), true
		if !paid.IsZero() {
			d.PaidDate = paid
		} else if d.Status == invoice.StatusPaid {
			d.Status = invoice.StatusOpen
		}
		if cum-d.Amount > 1 {
			overpaid.add(d.Source, d.Number)
		}
		pl.patched[i] = d
	}
	if pl.Applied > 0 {
		pl.Notes = append(pl.Notes, msg(KeyAssumptionPaymentsApplied, Arg{"count", Count(pl.Applied)}, Arg{"invoices", Count(pl.Invoices)}))
	}
	for _, x := range []struct {
		key string
		t   tally
	}{{KeyAssumptionPaymentsKept, kept}, {KeyAssumptionPaymentsUnknown, unknown},
		{KeyAssumptionPaymentsCurrency, currency}, {KeyAssumptionPaymentsOverpaid, overpaid}} {
		if x.t.n > 0 {
			pl.Notes = append(pl.Notes, msg(x.key, Arg{"count", Count(x.t.n)}, Arg{"number", Text(orNone(x.t.number))},
				Arg{"file", Text(x.t.at.File)}, Arg{"row", Count(x.t.at.Row)}))
		}
	}
	return pl, nil
}

// Apply changes document i of the planned Source as the payments and
// customer lists say, and returns where its paid date came from
// (PaidFromExport, PaidFromPayments, or "" when it has none as of the
// date).
func (pl *PaymentPlan) Apply(i int, d *invoice.Document) (paidFrom string) {
	exported := !d.PaidDate.IsZero()
	if p, ok := pl.patched[i]; ok {
		*d = p
	} else {
		pl.customer(d)
		// The other invoices of a file whose invoices got payments are
		// known to be unpaid: the payments export says so.
		if pl.files[d.Source.File] && d.Kind == invoice.KindInvoice && !d.HasPaymentInfo &&
			d.PaidDate.IsZero() && !d.HasOutstanding && d.Status == invoice.StatusUnknown {
			d.HasPaymentInfo = true
		}
	}
	switch {
	case exported:
		return PaidFromExport
	case !d.PaidDate.IsZero():
		return PaidFromPayments
	}
	return ""
}

// Source is src with each document changed by Apply (on a copy: src's own
// documents are not touched).
func (pl *PaymentPlan) Source(src Source) Source {
	return func(fn func(int, *invoice.Document) error) error {
		var d invoice.Document
		return src(func(i int, orig *invoice.Document) error {
			d = *orig
			pl.Apply(i, &d)
			return fn(i, &d)
		})
	}
}

// Clients is clients with the names the customer lists give (as Apply
// gives them to the documents).
func (pl *PaymentPlan) Clients(clients ClientSource) ClientSource {
	return func(fn func(key, id, name string) error) error {
		return clients(func(key, id, name string) error {
			if strings.TrimSpace(name) == "" && len(pl.byKey) > 0 {
				d := invoice.Document{ClientKey: key, ClientID: id, ClientName: name}
				pl.customer(&d)
				name = d.ClientName
			}
			return fn(key, id, name)
		})
	}
}

// customer gives d the name and terms its customer list has: named when
// it had no name, dated when it had no due date.
func (pl *PaymentPlan) customer(d *invoice.Document) (named, dated bool) {
	if len(pl.byKey) == 0 {
		return false, false
	}
	c := pl.byKey[d.ClientKey]
	if c == nil && d.ClientID != "" {
		c = pl.byKey[invoice.ClientKey(d.ClientID, "")]
	}
	if c == nil {
		return false, false
	}
	if strings.TrimSpace(d.ClientName) == "" {
		d.ClientName = c.Name
		named = true
	}
	if d.DueDate.IsZero() && c.HasTerms && d.Kind == invoice.KindInvoice && !d.IssueDate.IsZero() {
		d.DueDate = d.IssueDate.AddDays(c.TermsDays)
		dated = true
	}
	return named, dated
}

// tally counts cases and keeps the first (in the order given).
type tally struct {
	n      int
	at     invoice.Source
	number string
}

func (t *tally) add(at invoice.Source, number string) {
	if t.n == 0 || at.File < t.at.File || at.File == t.at.File && at.Row < t.at.Row {
		t.at, t.number = at, number
	}
	t.n++
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func numberKey(n string) string { return strings.ToLower(strings.TrimSpace(n)) }

// findInvoice finds the invoice a payment pays (see ApplyPayments).
func findInvoice(docs map[int]invoice.Document, byNumber map[string][]int, p invoice.Payment) (int, bool) {
	cands := byNumber[numberKey(p.Number)]
	if len(cands) > 1 {
		var mine []int
		for _, i := range cands {
			if d := docs[i]; sameClient(&d, p) {
				mine = append(mine, i)
			}
		}
		cands = mine
	}
	best, ok := -1, false
	for _, i := range cands {
		if best < 0 {
			best, ok = i, true
			continue
		}
		// Several of the client's invoices of that number (different
		// years): the latest issued on or before the payment.
		di, db := docs[i].IssueDate, docs[best].IssueDate
		if di <= p.Date && (db > p.Date || di > db) {
			best = i
		}
	}
	return best, ok
}

func sameClient(d *invoice.Document, p invoice.Payment) bool {
	switch {
	case p.ClientKey != "" && p.ClientKey == d.ClientKey:
		return true
	case p.ClientID != "" && d.ClientID != "":
		return invoice.ClientKey(p.ClientID, "") == invoice.ClientKey(d.ClientID, "")
	case p.ClientName != "" && d.ClientName != "":
		return invoice.NameKey(p.ClientName) == invoice.NameKey(d.ClientName)
	}
	return false
}

// payIdentity is a payment's identity across files.
type payIdentity struct {
	number, client, currency string
	date                     invoice.Date
	amount                   invoice.Money
	ordinal                  int
}

// uniquePayments drops a payment another file already gave (same
// identity and ordinal among its file's equal payments).
func uniquePayments(pays []invoice.Payment) []invoice.Payment {
	type fileID struct {
		file string
		id   payIdentity
	}
	ordinals := map[fileID]int{}
	seen := map[payIdentity]string{}
	out := make([]invoice.Payment, 0, len(pays))
	for _, p := range pays {
		id := payIdentity{numberKey(p.Number), p.ClientKey, strings.ToUpper(p.Currency), p.Date, p.Amount, 0}
		fk := fileID{p.Source.File, id}
		id.ordinal = ordinals[fk]
		ordinals[fk]++
		if f, ok := seen[id]; ok && f != p.Source.File {
			continue
		}
		seen[id] = p.Source.File
		out = append(out, p)
	}
	return out
}
