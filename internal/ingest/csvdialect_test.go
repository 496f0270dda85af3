package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// Excel's "CSV (Macintosh)" ends its lines in CR alone; they are lines all
// the same (they used to read as one line: 0 rows).
func TestReadCSVCROnly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeFile(t, dir, "mac.csv", []byte("Invoice,Client,Date,Amount\r"+
		"F1,Acme,2025-01-31,10.50\r"+
		"F2,\"Beta\rTrading\",2025-02-28,20.25\r"+ // a quoted cell over two lines
		"F3,Gamma,2025-03-31,30.00\r"))
	res, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkDocs(t, "mac", res.Documents, []docView{
		{Number: "F1", Client: "Acme", Issue: "2025-01-31", Amount: 1050, Row: 2},
		{Number: "F2", Client: "Beta\nTrading", Issue: "2025-02-28", Amount: 2025, Row: 3},
		{Number: "F3", Client: "Gamma", Issue: "2025-03-31", Amount: 3000, Row: 5},
	})
	if len(res.Rejected) != 0 || res.Sheets[0].Rows != 3 {
		t.Errorf("rows %d, rejected %v; want 3 rows, none rejected", res.Sheets[0].Rows, res.Rejected)
	}
}

// strayQuoteCSV is an order register of n rows, invoice i of i.00, with an
// opening quote never closed in the client of row bad (file line bad+1).
// quoted writes every client in quotes.
func strayQuoteCSV(n, bad int, quoted bool) string {
	var b strings.Builder
	b.WriteString("Invoice,Client,Date,Amount\n")
	for i := 1; i <= n; i++ {
		client := fmt.Sprintf("Client %d", i%50)
		if quoted {
			client = `"` + client + `"`
		}
		if i == bad {
			client = `"Acme Corp`
		}
		fmt.Fprintf(&b, "R%d,%s,2025-01-31,%d.00\n", i, client, i)
	}
	return b.String()
}

// A stray quote rejects its own row, named by file, row and column; the
// rows after it are read. It used to swallow the rest of the file into one
// rejected row, or, where the next quote closed it, to merge two rows into
// one silently.
func TestReadCSVStrayQuote(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const n, bad = 5000, 1000
	for _, quoted := range []bool{false, true} {
		name := fmt.Sprintf("register-quoted-%v.csv", quoted)
		path := writeFile(t, dir, name, []byte(strayQuoteCSV(n, bad, quoted)))
		res, err := ReadFile(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Rejected) != 1 {
			t.Fatalf("%s: %d rejected rows, want 1: %v", name, len(res.Rejected), res.Rejected)
		}
		e := res.Rejected[0]
		// Row 1000 is on line 1001 (the header is line 1).
		if e.File != name || e.Row != bad+1 || e.Column != `B "Client"` || !strings.Contains(e.Reason, "unbalanced quote in column B") {
			t.Errorf("%s: rejected %q, want file %s, row %d, column B \"Client\", unbalanced quote", name, e.Error(), name, bad+1)
		}
		if !strings.HasPrefix(e.Error(), fmt.Sprintf("file %s, row %d, column B \"Client\": ", name, bad+1)) {
			t.Errorf("%s: error %q", name, e.Error())
		}
		var total invoice.Money
		for _, d := range res.Documents {
			total += d.Amount
		}
		// 1 + 2 + ... + 5000 = 5000*5001/2 = 12,502,500.00, less row 1000's
		// 1000.00 = 12,501,500.00 in 4999 documents.
		if len(res.Documents) != n-1 || total != 1_250_150_000 {
			t.Errorf("%s: %d documents totalling %d, want %d totalling 1250150000", name, len(res.Documents), total, n-1)
		}
		if len(res.Documents) < bad {
			continue
		}
		if d := res.Documents[bad-1]; d.Number != fmt.Sprintf("R%d", bad+1) || d.Source.Row != bad+2 {
			t.Errorf("%s: the row after the stray quote is %s at row %d, want R%d at row %d", name, d.Number, d.Source.Row, bad+1, bad+2)
		}
	}
}

// writeLongCSV writes a register whose row F2 has a client of n bytes.
func writeLongCSV(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(f, "Invoice,Client,Date,Amount\nF1,Acme,2025-01-31,10.00\nF2,")
	chunk := []byte(strings.Repeat("x", 1<<20))
	for n > 0 {
		if _, err := f.Write(chunk[:min(n, len(chunk))]); err != nil {
			t.Fatal(err)
		}
		n -= len(chunk)
	}
	fmt.Fprint(f, ",2025-01-31,20.00\nF3,Beta,2025-01-31,30.00\n")
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// allocated is the memory ReadFile allocates reading path.
func allocated(t *testing.T, path string) (*FileResult, uint64) {
	t.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := ReadFile(path, Options{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	return res, after.TotalAlloc - before.TotalAlloc
}

// A line longer than max_cell_chars x columns (4 bytes a character, at
// least 1 MB) is rejected without being read into memory; the rows around
// it are read.
func TestReadCSVLongLine(t *testing.T) {
	// Not parallel: it measures the memory the read allocates.
	dir := t.TempDir()
	short, long := filepath.Join(dir, "short.csv"), filepath.Join(dir, "long.csv")
	writeLongCSV(t, short, 10)
	const longBytes = 50 << 20
	writeLongCSV(t, long, longBytes)
	_, base := allocated(t, short)
	res, alloc := allocated(t, long)
	// 4 columns: 4 x 32767 x 4 bytes = 524,272 bytes, below the 1 MB
	// minimum, so the limit is 1 MB. What the long line costs beyond the
	// same file with a 10-byte client must stay within twice that.
	const limit = 1 << 20
	t.Logf("allocated: %d bytes with a 10-byte client, %d with a %d MB one", base, alloc, longBytes>>20)
	if alloc > base+2*limit {
		t.Errorf("reading a %d MB line allocated %d bytes, %d more than a short one; want at most %d more (twice the line limit)",
			longBytes>>20, alloc, alloc-base, 2*limit)
	}
	checkDocs(t, "long", res.Documents, []docView{
		{Number: "F1", Client: "Acme", Issue: "2025-01-31", Amount: 1000, Row: 2},
		{Number: "F3", Client: "Beta", Issue: "2025-01-31", Amount: 3000, Row: 4},
	})
	if len(res.Rejected) != 1 || res.Rejected[0].Row != 3 || !strings.Contains(res.Rejected[0].Reason, "longer than the limit of 1.0 MB") {
		t.Errorf("rejected %v, want row 3 rejected as longer than the limit of 1.0 MB", res.Rejected)
	}
}
