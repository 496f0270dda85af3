// Package ingest reads invoice and time-tracking exports (.xlsx/.xlsm and
// .csv/.tsv) into invoice documents and time entries. It finds the table in
// each sheet, maps its columns from header synonyms (or the config), parses
// values, and says exactly how it understood the file: mapping, date order,
// decimal separator, grain, skipped and rejected rows. A file it cannot read
// fails alone with a one-line FileError that says what to export instead.
//
// The package is pure: it reads, never writes, moves or deletes a file, and
// it does no logging.
package ingest
