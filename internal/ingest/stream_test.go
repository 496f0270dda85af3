package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// streamedDocs reads path in Stream mode and collects what EachDocument
// gives (copies: the walk reuses one value).
func streamedDocs(t *testing.T, path string) (*FileResult, []invoice.Document) {
	t.Helper()
	res, err := ReadFile(path, Options{Stream: true})
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	var docs []invoice.Document
	if err := res.EachDocument(func(d *invoice.Document) error { docs = append(docs, *d); return nil }); err != nil {
		t.Fatal(err)
	}
	return res, docs
}

// TestStreamSameDocuments: in Stream mode, EachDocument gives every real
// export's documents exactly as Documents holds them in a plain read, in
// the same order (line grain, journals, several sheets, credit notes), and
// twice the same.
func TestStreamSameDocuments(t *testing.T) {
	t.Parallel()
	var paths []string
	for _, sub := range []string{"invoices", "producers"} {
		paths = append(paths, filesIn(t, corpusDir(t, sub))...)
	}
	if n := sameStreamed(t, paths); n != 11 {
		t.Errorf("%d corpus files with documents compared, want the 11 there are", n)
	}
}

// TestStreamSameDocumentsSamples: the same for the repository's samples.
func TestStreamSameDocumentsSamples(t *testing.T) {
	t.Parallel()
	// Five samples, one of them time entries.
	if n := sameStreamed(t, filesIn(t, filepath.Join("..", "..", "samples"))); n != 4 {
		t.Errorf("%d samples with documents compared, want 4", n)
	}
}

func filesIn(t *testing.T, dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range ents {
		if ext := filepath.Ext(e.Name()); !e.IsDir() && (ext == ".csv" || ext == ".xlsx" || ext == ".xls" || ext == ".ods") {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	return paths
}

// sameStreamed compares each file's streamed documents with a plain
// read's and returns how many files with documents it compared.
func sameStreamed(t *testing.T, paths []string) int {
	compared := 0
	for _, path := range paths {
		plain, err := ReadFile(path, Options{})
		if err != nil {
			continue // a file that fails, fails in both modes (TestCorpusInvoices)
		}
		res, docs := streamedDocs(t, path)
		if res.Documents != nil {
			t.Errorf("%s: Stream mode filled Documents", filepath.Base(path))
		}
		if res.DocumentCount() != len(plain.Documents) {
			t.Errorf("%s: DocumentCount %d, want %d", filepath.Base(path), res.DocumentCount(), len(plain.Documents))
		}
		if len(plain.Documents) == 0 {
			continue
		}
		if !reflect.DeepEqual(docs, plain.Documents) {
			t.Errorf("%s: streamed documents differ from a plain read's", filepath.Base(path))
			continue
		}
		for i := range plain.Documents {
			if got := res.Document(i); !reflect.DeepEqual(got, plain.Documents[i]) {
				t.Errorf("%s: Document(%d) = %+v, want %+v", filepath.Base(path), i, got, plain.Documents[i])
				break
			}
		}
		var again []invoice.Document
		_ = res.EachDocument(func(d *invoice.Document) error { again = append(again, *d); return nil })
		if !reflect.DeepEqual(again, docs) {
			t.Errorf("%s: a second walk differs from the first", filepath.Base(path))
		}
		compared++
	}
	return compared
}

// TestStreamLineGrain: the lines of an invoice, apart and not in a row,
// are one document with the lines' sum on every walk; a negative total is
// a credit note. By hand: F-1 = 10.00 + 2.50 = 12.50; F-2 = -4.00.
func TestStreamLineGrain(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "lines.csv")
	csv := "Invoice,Client,Date,Line amount\nF-1,Acme,2026-01-05,10.00\nF-2,Beta,2026-01-06,-4.00\nF-1,Acme,2026-01-05,2.50\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	_, docs := streamedDocs(t, path)
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2: %+v", len(docs), docs)
	}
	if d := docs[0]; d.Number != "F-1" || d.Amount != 1250 || d.Kind != invoice.KindInvoice || d.Source.Row != 2 || d.Source.File != "lines.csv" {
		t.Errorf("first document %+v, want F-1 of 12.50 from lines.csv row 2", d)
	}
	if d := docs[1]; d.Number != "F-2" || d.Amount != -400 || d.Kind != invoice.KindCreditNote {
		t.Errorf("second document %+v, want credit note F-2 of -4.00", d)
	}
}
