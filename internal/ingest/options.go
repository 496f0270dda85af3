package ingest

import "path"

// Limits bound what one file may cost; past a limit the file fails with a
// clear error instead of exhausting memory.
type Limits struct {
	MaxUnzippedBytes int64 `yaml:"-"`              // whole workbook, unzipped (default 512 MiB); the config key is max_unzipped_mb
	MaxRows          int   `yaml:"max_rows"`       // rows per sheet (default 2,000,000)
	MaxCellChars     int   `yaml:"max_cell_chars"` // characters in one cell (default 32,767)
}

// DefaultLimits returns the defaults of the product spec.
func DefaultLimits() Limits {
	return Limits{MaxUnzippedBytes: 512 << 20, MaxRows: 2_000_000, MaxCellChars: 32767}
}

// Options steer the reader where guessing is not enough. The zero value
// guesses everything. It is also the input section of the config file,
// whose keys the yaml tags name (config reads it; "auto" is accepted for
// Encoding there and passed on as "").
type Options struct {
	DateOrder string            `yaml:"date_order"` // "", "auto", "dmy", "mdy"
	Amount    string            `yaml:"amount"`     // "", "net", "gross"
	Grain     string            `yaml:"grain"`      // "", "auto", "line", "invoice"
	Columns   map[string]string `yaml:"columns"`    // field -> header text or column letter
	// Sheets gives columns of their own to the sheets whose name matches
	// a pattern (path.Match: "2023*"), in the config file's order; the
	// first pattern that matches a sheet's name has its Columns used for
	// that sheet instead of Columns.
	Sheets   []SheetOptions `yaml:"sheets"`
	Encoding string         `yaml:"encoding"` // "", "utf-8", "windows-1252", "windows-1251"
	Limits   Limits         `yaml:"limits"`   // zero fields take the defaults
	// Progress, if set, is called now and then with rows read so far.
	Progress func(rows int) `yaml:"-"`
	// Stream keeps the documents of a table as its parsed rows, about
	// half their size, and makes them on each FileResult.EachDocument
	// walk: FileResult.Documents stays nil. For a caller that walks them
	// once or twice (the report) and never needs them all at once.
	Stream bool `yaml:"-"`
}

// SheetOptions are the settings of the sheets a name pattern matches
// (input.sheets in the config).
type SheetOptions struct {
	Pattern string            // path.Match pattern of sheet names
	Columns map[string]string // as Options.Columns, for those sheets
}

// forSheet returns the options of one sheet: Columns are those of the
// first input.sheets pattern that matches the name, if any.
func (o *Options) forSheet(sheet string) *Options {
	for _, so := range o.Sheets {
		if ok, err := path.Match(so.Pattern, sheet); err == nil && ok {
			c := *o
			c.Columns = so.Columns
			return &c
		}
	}
	return o
}

// The values of the Options fields the config file accepts ("auto" is the
// reader's guess, passed on as "" for Encoding).
var (
	DateOrders = []string{"auto", "dmy", "mdy"}
	Amounts    = []string{"net", "gross"}
	Grains     = []string{"auto", "line", "invoice"}
	Encodings  = []string{"auto", "utf-8", "windows-1252", "windows-1251"}
)

// DefaultOptions are the input settings the config file starts from: every
// guess left to the reader, the amounts read net.
func DefaultOptions() Options {
	return Options{DateOrder: "auto", Amount: "net", Grain: "auto", Columns: map[string]string{}, Encoding: "auto", Limits: DefaultLimits()}
}
