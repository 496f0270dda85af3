// Package csv reads a CSV or TSV export as one row source (rowsrc.Source):
// the text encoding is chosen in encoding.go (the config's, a byte order
// mark, valid UTF-8, else Windows-1251 or -1252 from the high bytes), the
// separator in dialect.go (the one that splits the first lines most
// consistently, or Excel's "sep=" line). Errors that end the file are
// *rowsrc.Problem; an unreadable line is a *rowsrc.BadRow.
package csv
