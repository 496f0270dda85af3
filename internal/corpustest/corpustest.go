// Package corpustest finds the shared corpus of real exports (../shared/corpus
// beside the repository, never copied into it) for tests, and reads the
// first rows of its CSV files. Only tests import it.
package corpustest

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Dir returns the corpus folder: shared/corpus beside the folder that
// holds the module's go.mod, looked for upwards from the working folder
// (a package's test runs in the package's folder). ok is false when it is
// absent; tests then skip with a message.
func Dir() (dir string, ok bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			c := filepath.Join(filepath.Dir(d), "shared", "corpus")
			if fi, err := os.Stat(c); err == nil && fi.IsDir() {
				return c, true
			}
			return c, false
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// CSVRows returns up to rows first rows of each CSV file of the corpus's
// invoices, by file name (a byte order mark taken off the first cell);
// ok is false when the corpus is absent.
func CSVRows(tb testing.TB, rows int) (map[string][][]string, bool) {
	tb.Helper()
	dir, ok := Dir()
	if !ok {
		return nil, false
	}
	files, err := filepath.Glob(filepath.Join(dir, "invoices", "*.csv"))
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
		name := filepath.Base(path)
		for len(out[name]) < rows {
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
			out[name] = append(out[name], rec)
		}
		f.Close()
	}
	return out, true
}

// ShortCells returns the cells shorter than maxLen bytes of the first rows
// of each corpus CSV, as fuzz seeds; ok is false when the corpus is absent.
func ShortCells(tb testing.TB, rows, maxLen int) (cells []string, ok bool) {
	tb.Helper()
	files, ok := CSVRows(tb, rows)
	for _, recs := range files {
		for _, rec := range recs {
			for _, c := range rec {
				if len(c) < maxLen {
					cells = append(cells, c)
				}
			}
		}
	}
	return cells, ok
}

// Sub returns the corpus folder sub ("invoices", "producers"), and skips
// the test with a message when the corpus is absent.
func Sub(tb testing.TB, sub string) string {
	tb.Helper()
	dir, ok := Dir()
	if !ok {
		tb.Skipf("corpus not available at %s (../shared beside the repository): skipping", dir)
	}
	return filepath.Join(dir, sub)
}
