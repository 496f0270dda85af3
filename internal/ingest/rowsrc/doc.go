// Package rowsrc is what the format readers (ingest/xlsx, ingest/csv)
// hand to the table layer: rows of trimmed cell texts, one at a time, and
// the two kinds of trouble they can report, a row that cannot be read
// (BadRow) and a file that cannot be read (Problem). ahead.go: Ahead reads
// a source on a goroutine of its own, batches ahead of the table layer.
package rowsrc
