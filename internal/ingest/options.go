package ingest

// Limits bound what one file may cost; past a limit the file fails with a
// clear error instead of exhausting memory.
type Limits struct {
	MaxUnzippedBytes int64 // whole workbook, unzipped (default 512 MiB)
	MaxRows          int   // rows per sheet (default 2,000,000)
	MaxCellChars     int   // characters in one cell (default 32,767)
}

// DefaultLimits returns the defaults of product.md.
func DefaultLimits() Limits {
	return Limits{MaxUnzippedBytes: 512 << 20, MaxRows: 2_000_000, MaxCellChars: 32767}
}

// Options steer the reader where guessing is not enough. The zero value
// guesses everything.
type Options struct {
	DateOrder string            // "", "auto", "dmy", "mdy"
	Amount    string            // "", "net", "gross"
	Grain     string            // "", "auto", "line", "invoice"
	Columns   map[string]string // field -> header text or column letter
	Encoding  string            // "", "utf-8", "windows-1252", "windows-1251"
	Limits    Limits            // zero fields take the defaults
	// Progress, if set, is called now and then with rows read so far.
	Progress func(rows int)
}
