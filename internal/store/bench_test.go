package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// benchDocs makes n distinct documents shaped like a real export: a few
// hundred clients, numbers, dates over two years, some paid.
func benchDocs(n, offset int, file string) []invoice.Document {
	docs := make([]invoice.Document, n)
	for i := range docs {
		j := i + offset
		docs[i] = inv(fmt.Sprintf("INV-%07d", j), fmt.Sprintf("client %d", j%500), d(2024, 1, 1).AddDays(j%730), invoice.Money(10000+j%90000), file, i+2)
		if j%3 == 0 {
			docs[i].PaidDate = docs[i].IssueDate.AddDays(20 + j%40)
			docs[i].Status = invoice.StatusPaid
		}
	}
	return docs
}

func BenchmarkImport100k(b *testing.B) { benchImport(b, 100_000) }

// BenchmarkImport1M is the store's part of importing a 1M-row file into a
// new ledger; run it with CLIENTRISK_BENCH_1M=1.
func BenchmarkImport1M(b *testing.B) {
	if os.Getenv("CLIENTRISK_BENCH_1M") != "1" {
		b.Skip("set CLIENTRISK_BENCH_1M=1 to import 1M documents")
	}
	benchImport(b, 1_000_000)
}

func benchImport(b *testing.B, n int) {
	docs := benchDocs(n, 0, "bench.xlsx")
	ctx := context.Background()
	var size int64
	var cpu cpuMeter
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), fmt.Sprintf("bench-%d.db", i))
		l, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		cpu.start()
		b.StartTimer()
		c, err := l.Import(ctx, ImportFile{Name: "bench.xlsx", SHA256: "bench"}, docs, nil, ReadCounts{}, testNow)
		if err != nil || c.New != n {
			b.Fatalf("import: %+v, %v", c, err)
		}
		l.Close()
		b.StopTimer()
		cpu.stop()
		if fi, err := os.Stat(path); err == nil {
			size = fi.Size()
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(size)/1e6, "ledger-MB")
	cpu.report(b)
}

// cpuMeter adds up the CPU time of a benchmark's timed parts (cpuTime):
// the machine the benchmarks run on is shared, and elapsed time there
// varies more than the work does.
type cpuMeter struct{ began, total time.Duration }

// start begins a timed part, after a collection of what the untimed part
// left behind.
func (m *cpuMeter) start() {
	runtime.GC()
	m.began = cpuTime()
}

func (m *cpuMeter) stop() { m.total += cpuTime() - m.began }

// report gives the CPU seconds per operation, where they are measured.
func (m *cpuMeter) report(b *testing.B) {
	if m.total > 0 {
		b.ReportMetric(m.total.Seconds()/float64(b.N), "cpu-s/op")
	}
}

// BenchmarkReimport100k imports a second 100k export over the first (the
// monthly case: most documents unchanged, some updated).
func BenchmarkReimport100k(b *testing.B) {
	const n = 100_000
	first := benchDocs(n, 0, "jan.xlsx")
	second := benchDocs(n, 10_000, "feb.xlsx")
	ctx := context.Background()
	var cpu cpuMeter
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		l, err := Open(filepath.Join(b.TempDir(), fmt.Sprintf("bench-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := l.Import(ctx, ImportFile{Name: "jan.xlsx", SHA256: "jan"}, first, nil, ReadCounts{}, testNow); err != nil {
			b.Fatal(err)
		}
		cpu.start()
		b.StartTimer()
		// Offsets shifted by 10k: 90k keys repeat, 10k are new.
		c, err := l.Import(ctx, ImportFile{Name: "feb.xlsx", SHA256: "feb"}, second, nil, ReadCounts{}, testNow)
		if err != nil || c.New != 10_000 {
			b.Fatalf("import: %+v, %v", c, err)
		}
		l.Close()
		b.StopTimer()
		cpu.stop()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
	cpu.report(b)
}

// benchLedger is a ledger of n documents, imported 100k at a time.
func benchLedger(b *testing.B, n int) *Ledger {
	ctx := context.Background()
	l, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	const chunk = 100_000
	for off := 0; off < n; off += chunk {
		docs := benchDocs(min(chunk, n-off), off, "bench.xlsx")
		if _, err := l.Import(ctx, ImportFile{Name: "bench.xlsx", SHA256: fmt.Sprint(off)}, docs, nil, ReadCounts{}, testNow); err != nil {
			b.Fatal(err)
		}
	}
	return l
}

// heapMB is the Go heap in use, in MB.
func heapMB() float64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / 1e6
}

func benchRead(b *testing.B, n int) {
	ctx := context.Background()
	l := benchLedger(b, n)
	var cpu cpuMeter
	cpu.start()
	b.ResetTimer()
	var heap float64
	for i := 0; i < b.N; i++ {
		docs, _, err := l.Documents(ctx)
		if err != nil || len(docs) != n {
			b.Fatalf("read %d documents, %v; want %d", len(docs), err, n)
		}
		heap = max(heap, heapMB())
	}
	reportRead(b, n, &cpu, heap, "heap-MB")
}

// reportRead stops cpu and reports documents a second, the heap figure
// under its name and the CPU seconds of a read benchmark.
func reportRead(b *testing.B, n int, cpu *cpuMeter, heap float64, heapName string) {
	cpu.stop()
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(heap, heapName)
	cpu.report(b)
}

func BenchmarkDocuments100k(b *testing.B) { benchRead(b, 100_000) }

func BenchmarkDocuments1M(b *testing.B) {
	if os.Getenv("CLIENTRISK_BENCH_1M") != "1" {
		b.Skip("set CLIENTRISK_BENCH_1M=1 to read back 1M documents")
	}
	benchRead(b, 1_000_000)
}

// benchEach streams the n documents of a ledger through EachDocument, as
// a report would, and reports the largest Go heap seen along the way
// (sampled every 50k documents).
func benchEach(b *testing.B, n int) {
	ctx := context.Background()
	l := benchLedger(b, n)
	var cpu cpuMeter
	cpu.start()
	b.ResetTimer()
	var heap float64
	for i := 0; i < b.N; i++ {
		var count int
		var sum invoice.Money
		err := l.EachDocument(ctx, func(d *invoice.Document) error {
			count++
			sum += d.Amount
			if count%50_000 == 0 {
				heap = max(heap, heapMB())
			}
			return nil
		})
		if err != nil || count != n || sum == 0 {
			b.Fatalf("read %d documents (sum %s), %v; want %d", count, sum, err, n)
		}
	}
	reportRead(b, n, &cpu, heap, "peak-heap-MB")
}

func BenchmarkEachDocument100k(b *testing.B) { benchEach(b, 100_000) }

func BenchmarkEachDocument1M(b *testing.B) {
	if os.Getenv("CLIENTRISK_BENCH_1M") != "1" {
		b.Skip("set CLIENTRISK_BENCH_1M=1 to stream 1M documents")
	}
	benchEach(b, 1_000_000)
}

// BenchmarkUniqueByKey100k sorts the keys of 100k documents shaped like a
// real export (benchDocs) as an import does; B/op is what the sort takes.
func BenchmarkUniqueByKey100k(b *testing.B) { benchUnique(b, benchDocs(100_000, 0, "bench.xlsx")) }

// BenchmarkUniqueByKeyMixed100k is the same with a tenth of the documents
// credit notes and a tenth without a number, so that the keys do not all
// start alike.
func BenchmarkUniqueByKeyMixed100k(b *testing.B) {
	docs := benchDocs(100_000, 0, "bench.xlsx")
	for i := range docs {
		switch i % 10 {
		case 3:
			docs[i].Kind = invoice.KindCreditNote
		case 7:
			docs[i].Number = ""
		}
	}
	benchUnique(b, docs)
}

// BenchmarkUniqueByKey1M is BenchmarkUniqueByKey100k at a million
// documents; run it with CLIENTRISK_BENCH_1M=1.
func BenchmarkUniqueByKey1M(b *testing.B) {
	if os.Getenv("CLIENTRISK_BENCH_1M") != "1" {
		b.Skip("set CLIENTRISK_BENCH_1M=1 to sort 1M keys")
	}
	benchUnique(b, benchDocs(1_000_000, 0, "bench.xlsx"))
}

func benchUnique(b *testing.B, docs []invoice.Document) {
	var cpu cpuMeter
	cpu.start()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		order, dups, err := uniqueByKey(Docs(docs), workers(len(docs)))
		if err != nil || dups != 0 || len(order) != len(docs) {
			b.Fatalf("%d keys, %d duplicates, %v; want %d keys", len(order), dups, err, len(docs))
		}
	}
	cpu.stop()
	cpu.report(b)
}
