package ingest

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/benchdata"
)

// writeBigXLSX writes an n-row invoice workbook (benchdata.WriteInvoices).
func writeBigXLSX(b *testing.B, path string, n int) {
	b.Helper()
	if err := benchdata.WriteInvoices(path, n, benchdata.Options{}); err != nil {
		b.Fatal(err)
	}
}

func benchReadXLSX(b *testing.B, n int) {
	path := filepath.Join(b.TempDir(), fmt.Sprintf("invoices_%d.xlsx", n))
	writeBigXLSX(b, path, n)
	benchReadWorkbook(b, path, n)
}

// benchReadExcelLike is benchReadXLSX on the workbook written the way Excel
// writes one (benchdata.WriteExcelLike): every text cell a shared string,
// n distinct invoice numbers in the shared string table, 10k clients.
func benchReadExcelLike(b *testing.B, n int) {
	path := filepath.Join(b.TempDir(), fmt.Sprintf("excellike_%d.xlsx", n))
	if err := benchdata.WriteExcelLike(path, n); err != nil {
		b.Fatal(err)
	}
	benchReadWorkbook(b, path, n)
}

func benchReadWorkbook(b *testing.B, path string, n int) {
	b.Run("read", func(b *testing.B) {
		var peak uint64
		var unzipTime time.Duration
		runtime.GC() // the workbook writer's garbage is not the reader's
		for b.Loop() {
			res, err := ReadFile(path, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Documents) != n {
				b.Fatalf("got %d documents, want %d", len(res.Documents), n)
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			// Each read starts on a collected heap, as in a fresh process,
			// not with the previous result's garbage to sweep. The
			// baseline is measured beside every read (outside the timer),
			// so that the ratio compares the two under the same load.
			b.StopTimer()
			runtime.GC()
			began := time.Now()
			unzipSheets(b, path)
			unzipTime += time.Since(began)
			b.StartTimer()
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		b.ReportMetric(float64(peak)/(1<<20), "heapMB")
		b.ReportMetric(float64(b.Elapsed())/float64(unzipTime), "x-unzip")
	})
	b.Run("unzip", func(b *testing.B) {
		runtime.GC()
		for b.Loop() {
			unzipSheets(b, path)
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

// unzipSheets decompresses every worksheet and the shared strings of the
// workbook at path and throws the bytes away: the floor any reader of it
// has to pay.
func unzipSheets(b *testing.B, path string) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/worksheets/") || f.Name == "xl/sharedStrings.xml" {
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, rc); err != nil {
				b.Fatal(err)
			}
			rc.Close()
		}
	}
}

// BenchmarkReadXLSX100k measures ReadFile against the floor of merely
// unzipping the sheet XML. Budget: read <= 12x unzip.
func BenchmarkReadXLSX100k(b *testing.B) { benchReadXLSX(b, 100_000) }

// BenchmarkReadXLSX1M is the same on a million rows; it takes minutes, so
// it runs only with CLIENTRISK_BENCH_1M=1.
func BenchmarkReadXLSX1M(b *testing.B) {
	if os.Getenv("CLIENTRISK_BENCH_1M") != "1" {
		b.Skip("set CLIENTRISK_BENCH_1M=1 to run the 1M-row benchmark")
	}
	benchReadXLSX(b, 1_000_000)
}

// BenchmarkReadExcelLike100k is BenchmarkReadXLSX100k on the Excel-like
// workbook (shared strings for every text cell, distinct numbers).
func BenchmarkReadExcelLike100k(b *testing.B) { benchReadExcelLike(b, 100_000) }

// BenchmarkReadExcelLike1M is the same on a million rows (with
// CLIENTRISK_BENCH_1M=1). For the memory profile:
// go test -run '^$' -bench ExcelLike1M -benchtime 1x -memprofile mem.out ./internal/ingest
func BenchmarkReadExcelLike1M(b *testing.B) {
	if os.Getenv("CLIENTRISK_BENCH_1M") != "1" {
		b.Skip("set CLIENTRISK_BENCH_1M=1 to run the 1M-row benchmark")
	}
	benchReadExcelLike(b, 1_000_000)
}
