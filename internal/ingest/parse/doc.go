// Package parse reads the values of export cells, each kind in its own
// file: amounts and currencies (amount.go), plain number literals as
// workbooks store them (number.go), dates in text and as Excel serials,
// and the number formats that make a number a date or a time (date.go),
// hours and durations (hours.go), status, document type, yes/no and
// totals words (words.go). Words are compared folded (fold.go: case,
// accents and punctuation ignored); text.go words values for messages.
// The functions are pure and safe for concurrent use.
package parse
