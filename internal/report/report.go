package report

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/clientrisk/clientrisk/internal/analytics"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Input is everything a report shows: the figures plus data quality and
// context.
type Input struct {
	Company string
	// Lang (en, it, es, ru) is the language of the PDF (and the email)
	// only. The JSON and the XLSX are always in English whatever it says:
	// they are companions for programs and accountants, and their field
	// names and headers must not change with the owner's language.
	Lang      string
	Generated time.Time // fixed in tests for deterministic output
	Result    *analytics.Result
	Quality   DataQuality
}

// DataQuality is what the import saw besides the documents it accepted.
type DataQuality struct {
	Files    []FileSummary
	Rejected []RejectedRow
	// Assumptions are analytics' (Result.Assumptions) plus the reader's.
	// The writers also add any of Result.Assumptions missing here, so a
	// caller that forgets to copy them loses nothing, and none shows twice.
	Assumptions []analytics.Message
	// Notes are the reader's notes (hidden sheets skipped, date order
	// assumed ...), keyed like the assumptions ("read.*" templates of the
	// catalogs, with the file's name as the "file" argument) so the PDF
	// says them in its language; the JSON and XLSX say them in English.
	Notes []analytics.Message
}

// FileSummary is one imported file's counts.
type FileSummary struct {
	Name, SHA256                                  string
	Rows, Accepted, Rejected, Duplicates, Skipped int
	Error                                         string // file-level failure, "" if read
}

// RejectedRow is one row left out of every figure, and why.
type RejectedRow struct {
	File, Sheet string
	Row         int
	Column      string
	Reason      string
}

// Paths returns <dir>/<yyyy-mm>-client-report.{pdf,json,xlsx}.
func Paths(dir string, m invoice.Month) (pdf, json, xlsx string) {
	base := filepath.Join(dir, m.String()+"-client-report")
	return base + ".pdf", base + ".json", base + ".xlsx"
}

// check rejects an Input the writers cannot use.
func (in *Input) check() error {
	if in == nil {
		return fmt.Errorf("report input is missing")
	}
	if in.Result == nil {
		return fmt.Errorf("report input has no figures (Result is nil)")
	}
	return nil
}

// assumptions returns Quality.Assumptions followed by those of
// Result.Assumptions not already among them (compared by key and
// arguments), so neither source is lost and nothing repeats.
func (in *Input) assumptions() []analytics.Message {
	out := append([]analytics.Message(nil), in.Quality.Assumptions...)
	seen := make(map[string]bool, len(out))
	for _, m := range out {
		seen[messageID(m)] = true
	}
	for _, m := range in.Result.Assumptions {
		if id := messageID(m); !seen[id] {
			seen[id] = true
			out = append(out, m)
		}
	}
	return out
}

func messageID(m analytics.Message) string {
	s := m.Key
	for _, a := range m.Args {
		s += fmt.Sprintf("|%s=%T:%v", a.Name, a.Value, a.Value)
	}
	return s
}

// rejectedRows returns the reader's rejected rows followed by the
// documents analytics could not count (a currency with no rate ...).
func (in *Input) rejectedRows() []RejectedRow {
	out := append([]RejectedRow(nil), in.Quality.Rejected...)
	for _, r := range in.Result.Rejected {
		out = append(out, RejectedRow{File: r.Source.File, Sheet: r.Source.Sheet, Row: r.Source.Row, Reason: r.Reason})
	}
	return out
}
