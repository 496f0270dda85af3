package analytics

import (
	"slices"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Maintenance signal names for Result.SignalsAvailable.
const (
	SignalCreditNotes = "credit_notes"
	SignalDisputes    = "disputes"
	SignalHours       = "hours"
)

// quality counts what the data-quality section and the assumptions say
// about the input (the metrics spec "Documents that count"): documents left
// out, rejected or converted, impossible dates, invoices without payment
// data, and whether any document carries a status.
type quality struct {
	excludedClients, excludedDocs int
	excludedNames                 map[string]bool // configured exclusions that matched
	noRates                       map[string]int  // currency -> documents rejected for want of a rate
	noRateReason                  map[string]string
	converted                     map[string]int // currency -> documents converted
	rejected                      chunked[Rejection]
	impossible                    Impossible
	anyStatus                     bool
	// noPayment counts the invoices issued in W that say nothing of
	// payment (assumption.no_payment_data), noPaymentFiles their files.
	noPayment      int
	noPaymentFiles map[string]bool
}

func newQuality() quality {
	return quality{
		excludedNames: map[string]bool{}, noRates: map[string]int{}, noRateReason: map[string]string{},
		converted: map[string]int{}, noPaymentFiles: map[string]bool{},
	}
}

func (q *quality) excludeClient(name string) {
	q.excludedClients++
	q.excludedNames[name] = true
}

// noRate rejects a document in a currency with no rate (one reason string
// per currency).
func (q *quality) noRate(cur string, src invoice.Source) {
	q.noRates[cur]++
	reason, ok := q.noRateReason[cur]
	if !ok {
		reason = "no exchange rate for " + cur
		q.noRateReason[cur] = reason
	}
	q.rejected.add(Rejection{Source: src, Reason: reason})
}

// addNoPayment counts an invoice issued in W without payment data.
func (q *quality) addNoPayment(file string) {
	q.noPayment++
	q.noPaymentFiles[file] = true
}

// fill sets the Result's data-quality fields. Rejected is sorted by
// source, then reason: rejections equal in both are equal in every field,
// so any sort gives the same result.
func (q *quality) fill(res *Result) {
	res.ExcludedClients, res.ExcludedDocuments = q.excludedClients, q.excludedDocs
	res.Impossible = q.impossible
	res.Rejected = q.rejected.slice()
	slices.SortFunc(res.Rejected, func(x, y Rejection) int {
		if x.Source != y.Source {
			if sourceLess(x.Source, y.Source) {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Reason, y.Reason)
	})
	for f := range q.noPaymentFiles {
		res.NoPaymentFiles = append(res.NoPaymentFiles, f)
	}
	slices.Sort(res.NoPaymentFiles)
}

// signals names the maintenance signals the data allowed: credit_notes
// always (any export can hold them); disputes when some counted document
// carries a status; hours when a time entry falls in W.
func (q *quality) signals(hours bool) []string {
	out := []string{SignalCreditNotes}
	if q.anyStatus {
		out = append(out, SignalDisputes)
	}
	if hours {
		out = append(out, SignalHours)
	}
	return out
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
