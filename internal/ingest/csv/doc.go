// Package csv reads a CSV or TSV export as one row source (rowsrc.Source):
// the text encoding is chosen in encoding.go (the config's, a byte order
// mark, valid UTF-8, else Windows-1251 or -1252 from the high bytes), the
// separator in dialect.go (the one that splits the first lines most
// consistently, or Excel's "sep=" line). lines.go splits the text into
// lines (LF, CRLF, or CR alone for Excel's "CSV (Macintosh)"), skipping a
// line longer than the limit without holding it; record.go reads the
// records as encoding/csv with lazy quotes would, except that a stray
// quote rejects its own line and reading resumes on the next. Errors that
// end the file are *rowsrc.Problem; an unreadable line is a
// *rowsrc.BadRow.
package csv
