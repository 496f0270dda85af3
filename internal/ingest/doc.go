// Package ingest reads invoice and time-tracking exports (.xlsx/.xlsm,
// .csv/.tsv) into documents and time entries, and says how it understood
// each file. It is pure: it reads, never writes, and does no logging.
//
// read.go is the entry (Read, ReadFile): detect.go tells the format from
// the bytes, ingest/xlsx and ingest/csv turn a sheet into a row source
// (ingest/rowsrc), and each table goes through the stages of a sheetState
// (sheet.go): the header is found in header.go, columns are mapped in
// columns.go (synonyms.go holds the header words), a row is parsed in
// rows.go, column votes (date order, decimal separator) are decided in
// verdicts.go, and rows are grouped into documents in group.go. Table
// kinds of their own: journal.go (general-ledger journals, read for their
// income lines), payments.go (payments exports, read as payments) and
// customers.go (customer lists); refuse.go (tables refused).
// Values are read by ingest/parse; file.go holds what sheets share
// (duplicates); result.go, note.go the results and notes (in Stream mode
// a table's rows stay the documents' only copy: EachDocument, Document).
package ingest
