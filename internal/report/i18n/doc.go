// Package i18n says the report in en, it, es and ru:
//
//   - i18n.go: Catalog and Lookup; T returns a plain string.
//   - template.go: Format (plural form of a count, {name} placeholders)
//     and Message, which says a message.Message with it.
//   - format.go: numbers, money, percentages and dates per locale.
//   - msgs_*.go: flag names, reasons, actions, findings, assumptions and
//     page-1 strings; ui_*.go: the PDF's and the email's other strings;
//     notes_*.go: the reader's notes on each file ("read.*").
//
// It imports only invoice and message (archtest keeps it so): analytics
// builds messages without language, and the catalogs know no figures.
package i18n
