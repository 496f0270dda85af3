package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/corpustest"

	"github.com/clientrisk/clientrisk/internal/ingest/parse"
)

// seedCorpus adds the corpus files with one of the extensions, when the
// corpus is there.
func seedCorpus(f *testing.F, exts ...string) {
	root, ok := corpustest.Dir()
	if !ok {
		return
	}
	for _, sub := range []string{"invoices", "producers"} {
		dir := filepath.Join(root, sub)
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			for _, ext := range exts {
				if strings.HasSuffix(e.Name(), ext) {
					if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && len(b) < 1<<20 {
						f.Add(b)
					}
				}
			}
		}
	}
}

// checkFuzzResult is the property both fuzzers check: no panic (a panic
// would come back as an "internal error" FileError), and every row error
// names its file and row and says why.
func checkFuzzResult(t *testing.T, res *FileResult, err error) {
	if err != nil {
		if strings.Contains(err.Error(), "internal error") {
			t.Fatalf("reader panicked: %v", err)
		}
		var fe *FileError
		if !asFileError(err, &fe) || fe.Reason == "" {
			t.Fatalf("error is not a FileError with a reason: %v", err)
		}
		return
	}
	for _, e := range res.Rejected {
		if e.File == "" || e.Row <= 0 || e.Reason == "" {
			t.Fatalf("incomplete row error %+v", e)
		}
	}
	if res.Rows != res.Accepted+len(res.Rejected)+res.Skipped+res.Duplicates {
		t.Fatalf("rows %d != accepted %d + rejected %d + skipped %d + duplicates %d",
			res.Rows, res.Accepted, len(res.Rejected), res.Skipped, res.Duplicates)
	}
}

// readWithin fails an input that takes more than a few seconds: a reader
// that hangs on some file would stop a whole run.
func readWithin(t *testing.T, data []byte, read func() (*FileResult, error)) (*FileResult, error) {
	type out struct {
		res *FileResult
		err error
	}
	done := make(chan out, 1)
	go func() {
		r, e := read()
		done <- out{r, e}
	}()
	select {
	case o := <-done:
		return o.res, o.err
	case <-time.After(5 * time.Second):
		t.Fatalf("reading took more than 5s on input %q", parse.Truncate(string(data), 300))
		return nil, nil
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("Client,Date,Amount\nAcme,2025-01-31,\"1,020.00\"\n"))
	f.Add([]byte("Nº factura;Cliente;Fecha;Importe\nA-1;Peña;15/03/2025;1.234,56\nTotal;;;1.234,56\n"))
	f.Add([]byte("\ufeffClient\tDate\tHours\nAcme\t03/04/2025\t1:30\n"))
	f.Add([]byte("Client,Date,Amount\n\"Acme\nLtd\",2025-01-31,1\n\"bad\"quote,x,y\n"))
	f.Add([]byte("Invoice #,Client,Date,Line Total\nF1,A,01/02/2025,10\nF1,A,01/02/2025,10\nF1,A,01/02/2025,(5)\n"))
	seedCorpus(f, ".csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := readWithin(t, data, func() (*FileResult, error) {
			return Read("fuzz.csv", bytes.NewReader(data), int64(len(data)), Options{Limits: Limits{MaxRows: 5000}})
		})
		checkFuzzResult(t, res, err)
	})
}

func FuzzReadXLSX(f *testing.F) {
	dir := f.TempDir()
	for i, rows := range [][][]any{
		{{"Client", "Date", "Amount"}, {"A", serial(45672), 1.5}, {"Total", nil, 1.5}},
		{{"Title"}, {}, {"Numero", "Cliente", "Data", "Importo", "Tipo"}, {"1", "B", "03/04/2025", "1.234,56", "Nota di credito"}},
		{{"Client", "Date", "Hours"}, {"A", serial(45672), 2}},
	} {
		p := writeXLSX(f, dir, "seed"+string(rune('a'+i))+".xlsx", workbookOpts{date1904: i == 1}, testSheet{name: "S", rows: rows})
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	seedCorpus(f, ".xlsx")
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := readWithin(t, data, func() (*FileResult, error) {
			return Read("fuzz.xlsx", bytes.NewReader(data), int64(len(data)),
				Options{Limits: Limits{MaxRows: 5000, MaxUnzippedBytes: 64 << 20}})
		})
		checkFuzzResult(t, res, err)
	})
}
