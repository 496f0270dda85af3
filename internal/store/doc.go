// Package store is the ledger: one SQLite file (pure Go driver) holding
// every imported document and time entry, the imports themselves, report
// runs and email deliveries.
//
//   - ledger.go: Open, the identity check (application_id, user_version),
//     connection pragmas and the migrations of migrations/*.sql (+ migrate3.go).
//   - imports.go: Import (one transaction per file, newest import wins,
//     every version kept; many-row INSERTs prepared once, the inserter),
//     Imports, RemoveImport, Documents.
//   - pack.go: a document as two canonical JSONB arrays (content; source).
//   - read.go: reading back for a report: View (one snapshot: documents
//     streamed, their clients, time entries, payments), EachDocument, Documents.
//   - payments.go: payments and customer lists (ImportContents, Payments).
//   - runs.go: report runs, and runs of a dead process marked interrupted.
//   - deliveries.go: the outbox's deliveries, one generation at a time.
//
// The choices the spec leaves open are written on the functions that make
// them (Import, RemoveImport, AddDelivery) and in the README ("The ledger").
package store
