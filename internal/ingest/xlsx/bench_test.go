package xlsx

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/clientrisk/clientrisk/internal/benchdata"
)

// BenchmarkExcelLike100k reads the Excel-like workbook (every text cell a
// shared string, benchdata.WriteExcelLike) through this package alone:
// Open (the shared string table) and every row of its sheet, without the
// table layer of ingest.
func BenchmarkExcelLike100k(b *testing.B) { benchExcelLike(b, 100_000) }

// BenchmarkExcelLike1M is the same on a million rows (with
// CLIENTRISK_BENCH_1M=1).
func BenchmarkExcelLike1M(b *testing.B) {
	if os.Getenv("CLIENTRISK_BENCH_1M") != "1" {
		b.Skip("set CLIENTRISK_BENCH_1M=1 to run the 1M-row benchmark")
	}
	benchExcelLike(b, 1_000_000)
}

func benchExcelLike(b *testing.B, n int) {
	path := filepath.Join(b.TempDir(), fmt.Sprintf("excellike_%d.xlsx", n))
	if err := benchdata.WriteExcelLike(path, n); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if got := readAllRows(b, path); got != n+1 {
			b.Fatalf("read %d rows, want %d", got, n+1)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n)/float64(b.N), "ns/row")
}

// readAllRows opens the workbook at path and reads every row of its
// first sheet; it returns the number of rows.
func readAllRows(b *testing.B, path string) int {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	wb, err := Open(f, st.Size(), 4<<30, 32767)
	if err != nil {
		b.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.Rows(wb.Sheets()[0].Name)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	count := 0
	for {
		_, err := rows.Next()
		if errors.Is(err, io.EOF) {
			return count
		}
		if err != nil {
			b.Fatal(err)
		}
		count++
	}
}
