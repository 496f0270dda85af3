// Package message is the vocabulary between the figures and the words: a
// Message is a catalog key with named, typed arguments. analytics builds
// them (and re-exports these types under its own names); report/i18n
// says them in a language. It imports nothing but invoice.
package message

import "github.com/clientrisk/clientrisk/internal/invoice"

// Message is a sentence identified by a catalog key with its arguments,
// e.g. {Key: "reason.share", Args: share=Percent(0.314), threshold=Percent(0.25)}.
// The report says it in the chosen language (and in English in the JSON).
type Message struct {
	Key  string
	Args []Arg
}

// Arg returns the named argument's value, or nil when the message has none.
func (m Message) Arg(name string) any {
	for _, a := range m.Args {
		if a.Name == name {
			return a.Value
		}
	}
	return nil
}

// Arg is one named parameter of a Message. Value is one of: invoice.Money
// (base currency), Percent, Days, Count, Hours, Ratio, Months, Text, Rate,
// InvoiceRefs, invoice.Date, invoice.Month.
//
// Arg names a struct literal type rather than defining one, so the
// packages that build messages may keep writing Arg{"share", v}: go vet
// reports unkeyed literals only of struct types defined elsewhere.
type Arg = struct {
	Name  string
	Value any
}

// Typed argument values, so every language formats them its own way.
type (
	Percent float64 // a fraction: 0.314 prints as 31.4%
	Days    float64
	Count   int
	Hours   float64
	Ratio   float64 // a plain number such as a load ratio 1.8
	Months  float64
	Text    string
	Rate    float64 // base currency per hour, e.g. an effective rate
)

// InvoiceRef names one invoice in a reason or an action.
type InvoiceRef struct {
	Number      string
	Issued      invoice.Date
	Amount      invoice.Money // open amount, base currency
	DaysPastDue int
}

// InvoiceRefs is a message argument: the largest invoices of a case (at
// most three, none below the materiality floor), then "and More more,
// Total in all" when there are more.
type InvoiceRefs struct {
	Refs  []InvoiceRef
	More  int
	Total invoice.Money // of every invoice the list stands for
}
