// Package invoice is the vocabulary every other package speaks. It imports
// nothing from internal/.
//
//   - date.go: Date (a calendar day, no time of day) and Month.
//   - money.go: Money, exact minor units, and its parsing and rounding.
//   - document.go: Document (invoice or credit note), Kind, Status,
//     Source (file, sheet, row), TimeEntry, and a document's ledger Key.
//   - identity.go: client identity, the normalised name two spellings of
//     one client share.
package invoice
