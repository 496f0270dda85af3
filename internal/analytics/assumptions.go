package analytics

import (
	"math/big"
	"sort"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// assumptions lists what the report must say it assumed or left out, in
// this order: void and draft documents, excluded clients, currencies with
// no rate, converted currencies, default payment terms (the invoices
// whose missing due date was used: paid in W with a date, or open at A),
// invoices without payment data, impossible dates, one-off buyers.
func (b *builder) assumptions(q *quality, rates map[string]*big.Rat, defaultTerms int) {
	res := b.res
	excluded, noRate, converted, noPayment := q.excludedNames, q.noRates, q.converted, q.noPayment
	add := func(m Message) { res.Assumptions = append(res.Assumptions, m) }
	if res.ExcludedDocuments > 0 {
		add(msg(KeyAssumptionExcludedStatus, Arg{"count", Count(res.ExcludedDocuments)}))
	}
	if res.ExcludedClients > 0 {
		names := make([]string, 0, len(excluded))
		for n := range excluded {
			names = append(names, n)
		}
		sort.Strings(names)
		add(msg(KeyAssumptionExcludedClients, Arg{"count", Count(res.ExcludedClients)}, Arg{"clients", Text(strings.Join(names, ", "))}))
	}
	for _, cur := range sortedKeys(noRate) {
		add(msg(KeyAssumptionNoRate, Arg{"count", Count(noRate[cur])}, Arg{"currency", Text(cur)}))
	}
	for _, cur := range sortedKeys(converted) {
		add(msg(KeyAssumptionConverted, Arg{"count", Count(converted[cur])}, Arg{"currency", Text(cur)},
			Arg{"rate", Text(rateText(rates[cur]))}))
	}
	if defaultTerms > 0 {
		add(msg(KeyAssumptionDefaultTerms, Arg{"count", Count(defaultTerms)}, Arg{"days", Count(b.opts.PaymentTermsDays)}))
	}
	if noPayment > 0 {
		add(msg(KeyAssumptionNoPaymentData, Arg{"count", Count(noPayment)}, Arg{"files", Text(strings.Join(res.NoPaymentFiles, ", "))}))
	}
	im := res.Impossible
	for _, x := range []struct {
		key string
		n   int
		at  invoice.Source
	}{
		{KeyAssumptionDueBeforeIssue, im.DueBeforeIssue, im.FirstDue},
		{KeyAssumptionPaidBeforeIssue, im.PaidBeforeIssue, im.FirstPaid},
		{KeyAssumptionFutureDates, im.Future, im.FirstFuture},
	} {
		if x.n > 0 {
			add(msg(x.key, Arg{"count", Count(x.n)}, Arg{"file", Text(x.at.File)}, Arg{"row", Count(x.at.Row)}))
		}
	}
	if res.OneOff > 0 {
		add(msg(KeyAssumptionOneOff, Arg{"count", Count(res.OneOff)}))
	}
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// rateText writes a rate as a plain decimal ("0.92"), exact up to 10
// decimals, which is more than any configured rate carries.
func rateText(r *big.Rat) string {
	if r == nil {
		return ""
	}
	s := r.FloatString(10)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
