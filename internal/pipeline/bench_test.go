package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/benchdata"
	"github.com/clientrisk/clientrisk/internal/config"
	"github.com/clientrisk/clientrisk/internal/ingest"
	"github.com/clientrisk/clientrisk/internal/invoice"
)

// The budget these benchmarks check by eye (see the package's report in the
// task notes): importing a file costs at most twice reading it, and a
// report from a ledger holding the file's documents costs at most one read
// of the file.

// writeInvoiceWorkbook writes an n-row invoice workbook with due and paid
// dates (benchdata.WriteInvoices with Payments): about 13% of the invoices
// are open at the end of 2025.
func writeInvoiceWorkbook(b *testing.B, path string, n int) {
	b.Helper()
	if err := benchdata.WriteInvoices(path, n, benchdata.Options{Payments: true}); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkImport100k(b *testing.B) { benchImport(b, 100_000) }

// BenchmarkImport1M takes minutes and about a gigabyte: run it with
// CLIENTRISK_BENCH_1M=1.
func BenchmarkImport1M(b *testing.B) {
	if os.Getenv("CLIENTRISK_BENCH_1M") != "1" {
		b.Skip("set CLIENTRISK_BENCH_1M=1 to run the 1M-row benchmark")
	}
	benchImport(b, 1_000_000)
}

// fresh collects the heap outside the timer, so that every measured
// step starts as in a new process, not with the garbage of the step
// before (writing the workbook, the previous read).
func fresh(b *testing.B) {
	b.StopTimer()
	runtime.GC()
	b.StartTimer()
}

func benchImport(b *testing.B, n int) {
	dir := b.TempDir()
	path := filepath.Join(dir, fmt.Sprintf("invoices_%d.xlsx", n))
	writeInvoiceWorkbook(b, path, n)
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	newPipeline := func(sub string) *Pipeline {
		cfg := config.Default(filepath.Join(dir, sub))
		cfg.Timezone = time.UTC
		return New(cfg, nil, func() time.Time { return now })
	}
	month := invoice.Month{Year: 2025, Month: time.December}

	b.Run("read", func(b *testing.B) {
		opts := newPipeline("read").IngestOptions()
		for b.Loop() {
			fresh(b)
			res, err := ingest.ReadFile(path, opts)
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Documents) != n {
				b.Fatalf("read %d documents, want %d", len(res.Documents), n)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})

	b.Run("import", func(b *testing.B) {
		i := 0
		for b.Loop() {
			fresh(b)
			i++
			p := newPipeline(fmt.Sprintf("import%d", i))
			l, err := p.OpenLedger()
			if err != nil {
				b.Fatal(err)
			}
			o := p.Import(ctx, l, path)
			if o.Err != nil {
				b.Fatal(o.Err)
			}
			if o.Counts.New != n {
				b.Fatalf("imported %d new documents, want %d", o.Counts.New, n)
			}
			if err := l.Close(); err != nil {
				b.Fatal(err)
			}
			// The next ledger must not find this one's pages in the cache
			// of a disk that is filling up.
			b.StopTimer()
			os.RemoveAll(filepath.Dir(p.Config.Ledger))
			b.StartTimer()
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})

	b.Run("report", func(b *testing.B) {
		p := newPipeline("report")
		l, err := p.OpenLedger()
		if err != nil {
			b.Fatal(err)
		}
		defer l.Close()
		if o := p.Import(ctx, l, path); o.Err != nil {
			b.Fatal(o.Err)
		}
		for b.Loop() {
			fresh(b)
			out, err := p.Report(ctx, ReportRequest{Month: month, Ledger: l})
			if err != nil {
				b.Fatal(err)
			}
			if got := out.Input.Result.Portfolio.Clients; got != 500 {
				b.Fatalf("report has %d clients, want 500", got)
			}
		}
	})
}
