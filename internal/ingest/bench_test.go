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
	b.Run("read", func(b *testing.B) {
		var peak uint64
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
			// not with the previous result's garbage to sweep.
			b.StopTimer()
			runtime.GC()
			b.StartTimer()
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		b.ReportMetric(float64(peak)/(1<<20), "heapMB")
	})
	b.Run("unzip", func(b *testing.B) {
		for b.Loop() {
			zr, err := zip.OpenReader(path)
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range zr.File {
				if strings.HasPrefix(f.Name, "xl/worksheets/") {
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
			zr.Close()
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
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
