// Package xlsx reads the worksheets of an .xlsx/.xlsm workbook as row
// sources (rowsrc.Source). excelize opens a copy of the package without
// cell data (workbook.go, withoutCells) to list the sheets, their kind
// and visibility, the date system and each style's number format; the
// worksheets themselves are streamed by a byte-level scanner (scanner.go),
// values raw, numbers as the shortest decimal of their double
// (parse.FloatLiteral). The shared string table is read by a byte-level
// parser into one arena (sharedstrings.go), which leaves any XML outside
// its small grammar to encoding/xml. Both parts are inflated, by
// klauspost/compress's flate (workbook.go, newInflater), on a goroutine
// of their own while they are parsed (prefetch.go). Errors that end the
// file are *rowsrc.Problem.
package xlsx
