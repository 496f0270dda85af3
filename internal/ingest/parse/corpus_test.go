package parse

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedCorpus is the shared corpus of real exports, read in place.
var sharedCorpus = filepath.Join("..", "..", "..", "..", "shared", "corpus")

// corpusCSVRows returns the first rows of each CSV file of the corpus,
// by file name; ok is false when the corpus is absent.
func corpusCSVRows(tb testing.TB, rows int) (map[string][][]string, bool) {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(sharedCorpus, "invoices", "*.csv"))
	if err != nil || len(files) == 0 {
		return nil, false
	}
	out := make(map[string][][]string)
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			tb.Fatalf("open corpus file: %v", err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		for len(out[filepath.Base(path)]) < rows {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				tb.Fatalf("read %s: %v", path, err)
			}
			if len(rec) > 0 {
				rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			}
			out[filepath.Base(path)] = append(out[filepath.Base(path)], rec)
		}
		f.Close()
	}
	return out, true
}
