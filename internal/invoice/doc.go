// Package invoice holds the domain every other package speaks: calendar
// dates with no time of day, months, exact money in minor units, documents
// (invoices and credit notes) and time entries. It imports nothing from
// internal/ so that the readers, the figures, the ledger and the report all
// agree on one vocabulary.
package invoice
