package ingest

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/strarena"
)

// TestMain runs the package's tests with one chunk of rows kept in memory:
// every table of more than one chunk is spilled and read back. Benchmarks
// keep the program's threshold, to measure what it does.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		spillRows = pendingChunk
	}
	os.Exit(m.Run())
}

// spillEveryChunk keeps one chunk of rows in memory until the test ends,
// whatever TestMain set. Only for tests that are not parallel.
func spillEveryChunk(t *testing.T) {
	old := spillRows
	spillRows = pendingChunk
	t.Cleanup(func() { spillRows = old })
}

// TestPendingRowPointerFree: spilled rows are written as their memory
// and read back into other memory (rowBytes), which is only sound for a
// type with no pointer in it: no pointer, slice, string, map, interface,
// func or channel anywhere in a pendingRow.
func TestPendingRowPointerFree(t *testing.T) {
	t.Parallel()
	var walk func(path string, ty reflect.Type)
	walk = func(path string, ty reflect.Type) {
		switch ty.Kind() {
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		case reflect.Struct:
			for i := range ty.NumField() {
				walk(path+"."+ty.Field(i).Name, ty.Field(i).Type)
			}
		case reflect.Array:
			walk(path+"[]", ty.Elem())
		default:
			t.Errorf("%s is a %s: a pendingRow must hold no pointer to be spilled as bytes", path, ty.Kind())
		}
	}
	walk("pendingRow", reflect.TypeFor[pendingRow]())
}

// spillCSV writes a CSV of n invoice rows, most of them one-line
// invoices F-j; every seventh row starts a two-line invoice M-j whose
// second line is 5000 rows further on (in another chunk), amounts
// differing, so the grain is line and the lines add up. The dates are
// written day/month/year with the day at most 12 (ambiguous) but for one
// row near the end, whose day 25 decides the column. It returns the path
// and the documents expected, worked out here from the rows written.
func spillCSV(t *testing.T, dir, name string, n int) (string, []docView) {
	t.Helper()
	const apart = 5000
	var b strings.Builder
	b.WriteString("Invoice,Client,Date,Amount\n")
	type line struct {
		number, client string
		day, month     int
		cents          int64
	}
	second := map[int]line{}
	var want []docView
	for j := range n {
		l, ok := second[j]
		first := !ok
		if first {
			l = line{number: fmt.Sprintf("F-%d", j), client: fmt.Sprintf("Client %d", j%13),
				day: 1 + j%12, month: 1 + (j/12)%12, cents: int64(1000 + j%5000)}
			if j == n-10 {
				l.day = 25
			}
			if j%7 == 3 && j+apart < n {
				l.number = fmt.Sprintf("M-%d", j)
				second[j+apart] = line{number: l.number, client: l.client, day: l.day, month: l.month, cents: 50}
			}
		}
		fmt.Fprintf(&b, "%s,%s,%02d/%02d/2025,%d.%02d\n", l.number, l.client, l.day, l.month, l.cents/100, l.cents%100)
		if first {
			want = append(want, docView{Number: l.number, Client: l.client,
				Issue: fmt.Sprintf("2025-%02d-%02d", l.month, l.day), Amount: invoice.Money(l.cents), Row: j + 2})
		}
	}
	// The second lines add to their invoice: 0.50 each.
	for i := range want {
		if strings.HasPrefix(want[i].Number, "M-") {
			want[i].Amount += 50
		}
	}
	return writeFile(t, dir, name, []byte(b.String())), want
}

// shortView is the part of a document spillCSV sets.
func shortView(d invoice.Document) docView {
	return docView{Number: d.Number, Client: d.ClientName, Issue: d.IssueDate.String(), Amount: d.Amount, Row: d.Source.Row}
}

func checkShort(t *testing.T, name string, got []invoice.Document, want []docView) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d documents, want %d", name, len(got), len(want))
	}
	bad := 0
	for i := range want {
		if g := shortView(got[i]); g != want[i] {
			if bad++; bad <= 5 {
				t.Errorf("%s: document %d:\n got  %v\n want %v", name, i, g, want[i])
			}
		}
	}
}

// countSpills counts the spill files made until the test ends.
func countSpills(t *testing.T) *atomic.Int32 {
	var n atomic.Int32
	old := newSpillFile
	newSpillFile = func() (spillFile, error) {
		n.Add(1)
		return old()
	}
	t.Cleanup(func() { newSpillFile = old })
	return &n
}

// TestSpillDocuments: a table of several chunks, with one chunk kept in
// memory, is spilled to a temporary file and gives the documents worked
// out from its rows: lines of an invoice 5000 rows apart (in two spilled
// chunks) summed, dates that stay ambiguous until a row near the end
// read day first (the rows settled in the spill file), in a plain read,
// a Stream walk, and Document(i) from several goroutines at once.
// Not parallel: it counts the spill files made.
func TestSpillDocuments(t *testing.T) {
	spillEveryChunk(t)
	spills := countSpills(t)
	n := 3*pendingChunk + 300
	path, want := spillCSV(t, t.TempDir(), "big.csv", n)
	if want[3].Number != "M-3" || want[3].Amount != 1003+50 || len(want)%3 == 0 || len(want)%5 == 0 || len(want)%7 == 0 || len(want)%11 == 0 {
		t.Fatalf("test data: %v, %d documents (the strides below must be prime to it)", want[3], len(want))
	}

	plain, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Sheets[0].Grain != "line" {
		t.Errorf("grain %q, want line", plain.Sheets[0].Grain)
	}
	checkShort(t, "plain read", plain.Documents, want)
	if got := spills.Load(); got != 1 {
		t.Fatalf("%d spill files made by a read of %d rows with %d kept in memory, want 1", got, n, spillRows)
	}

	res, walked := streamedDocs(t, path)
	checkShort(t, "Stream walk", walked, want)
	if got := spills.Load(); got != 2 {
		t.Fatalf("%d spill files made after two reads, want 2", got)
	}
	if sp := res.parts[0].table.pend.spilled; sp != 3 {
		t.Errorf("%d chunks spilled, want 3 of the 4", sp)
	}

	// Each goroutine makes every document, in its own order: by
	// Document, and by a DocumentCursor of its own (in file order, the
	// order it is meant for, and in another).
	const workers = 6
	got := make([][]invoice.Document, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			document := res.Document
			if w >= 3 {
				document = res.DocumentCursor()
			}
			docs := make([]invoice.Document, res.DocumentCount())
			for k := range docs {
				i := k
				if w%3 != 0 {
					i = (k*(2*w+1) + w*1000) % len(docs) // a stride prime to the count: each index once
				}
				docs[i] = document(i)
			}
			got[w] = docs
		})
	}
	wg.Wait()
	for w := range workers {
		checkShort(t, fmt.Sprintf("Document(i), goroutine %d", w), got[w], want)
	}
}

// memSpill is a spill file in memory that can be made to fail: its
// failWrite-th write and those after (0: none), and every read once
// readsBroken is set.
type memSpill struct {
	mu          sync.Mutex
	b           []byte
	writes      int
	failWrite   int
	failedSize  int64 // of the write that failed
	readsBroken atomic.Bool
}

func (m *memSpill) WriteAt(p []byte, off int64) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes++
	if m.failWrite > 0 && m.writes >= m.failWrite {
		m.failedSize = int64(len(p))
		return 0, &os.PathError{Op: "write", Path: "/tmp/clientrisk-rows-1", Err: syscall.ENOSPC}
	}
	if need := int(off) + len(p); need > len(m.b) {
		m.b = append(m.b, make([]byte, need-len(m.b))...)
	}
	return copy(m.b[off:], p), nil
}

func (m *memSpill) ReadAt(p []byte, off int64) (int, error) {
	if m.readsBroken.Load() {
		return 0, &os.PathError{Op: "read", Path: "/tmp/clientrisk-rows-1", Err: syscall.EIO}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if int(off)+len(p) > len(m.b) {
		return 0, io.EOF
	}
	return copy(p, m.b[off:]), nil
}

// useSpill makes every spill file m until the test ends.
func useSpill(t *testing.T, m *memSpill) {
	old := newSpillFile
	newSpillFile = func() (spillFile, error) { return m, nil }
	t.Cleanup(func() { newSpillFile = old })
}

// TestSpillWriteFailure: when the temporary folder is full, the file whose
// rows were being spilled fails with an error that says so and what to do,
// whether the write fails while its rows are read (the second chunk
// spilled), when their numbers are (the fourth write: the first arena
// chunk, full once the third chunk of rows is spilled) or when its
// settled rows are written back at the table's end (the fifth write: three
// chunks and the numbers are spilled while reading); a small file read at
// the same time, which spills nothing, is read in full.
// Not parallel: it replaces the spill file.
func TestSpillWriteFailure(t *testing.T) {
	spillEveryChunk(t)
	dir := t.TempDir()
	big, _ := spillCSV(t, dir, "big.csv", 3*pendingChunk+300)
	small, wantSmall := spillCSV(t, dir, "small.csv", 200)
	for _, failWrite := range []int{2, 4, 5} {
		for _, stream := range []bool{false, true} {
			name := fmt.Sprintf("write %d fails, stream %v", failWrite, stream)
			m := &memSpill{failWrite: failWrite}
			useSpill(t, m)
			var bigErr, smallErr error
			var smallRes *FileResult
			var wg sync.WaitGroup
			wg.Go(func() { _, bigErr = ReadFile(big, Options{Stream: stream}) })
			wg.Go(func() { smallRes, smallErr = ReadFile(small, Options{Stream: stream}) })
			wg.Wait()
			var fe *FileError
			if !errors.As(bigErr, &fe) {
				t.Fatalf("%s: big file: error %v, want a *FileError", name, bigErr)
			}
			if fe.File != "big.csv" || !strings.Contains(fe.Reason, "could not write its rows to a temporary file") ||
				!errors.Is(fe, syscall.ENOSPC) || !strings.Contains(fe.Hint, "free some space") || !strings.Contains(fe.Hint, os.TempDir()) {
				t.Errorf("%s: big file: %v, want its rows not written (no space left), with a hint about the temporary folder", name, fe)
			}
			if m.writes != failWrite {
				t.Errorf("%s: %d writes, want the read to stop at the failed one (%d)", name, m.writes, failWrite)
			}
			if numbers := m.failedSize != chunkBytes; numbers != (failWrite == 4) {
				t.Errorf("%s: the failed write of %d bytes is of numbers %v, want %v", name, m.failedSize, numbers, failWrite == 4)
			}
			if smallErr != nil {
				t.Fatalf("%s: small file: %v", name, smallErr)
			}
			var docs []invoice.Document
			if err := smallRes.EachDocument(func(d *invoice.Document) error { docs = append(docs, *d); return nil }); err != nil {
				t.Fatal(err)
			}
			checkShort(t, name+": small file", docs, wantSmall)
		}
	}
}

// TestSpillReadFailure: spilled rows that cannot be read back fail the
// file at the table's end; once the file is read, EachDocument returns the
// failure and Document panics with it (it has no error to return).
// Not parallel: it replaces the spill file.
func TestSpillReadFailure(t *testing.T) {
	spillEveryChunk(t)
	path, want := spillCSV(t, t.TempDir(), "big.csv", 2*pendingChunk+10)
	m := &memSpill{}
	m.readsBroken.Store(true)
	useSpill(t, m)
	var fe *FileError
	if _, err := ReadFile(path, Options{Stream: true}); !errors.As(err, &fe) || !strings.Contains(fe.Reason, "could not read its rows back from a temporary file") || !errors.Is(err, syscall.EIO) {
		t.Fatalf("read with the spill file unreadable: %v, want its rows not read back", err)
	}

	m.readsBroken.Store(false)
	res, err := ReadFile(path, Options{Stream: true})
	if err != nil {
		t.Fatal(err)
	}
	m.readsBroken.Store(true)
	err = res.EachDocument(func(*invoice.Document) error { return nil })
	if !errors.As(err, &fe) || fe.File != "big.csv" || !strings.Contains(fe.Reason, "could not read its rows back") {
		t.Errorf("EachDocument with the spill file unreadable: %v, want its rows not read back", err)
	}
	func() {
		defer func() {
			if p := recover(); p == nil || !strings.Contains(fmt.Sprint(p), "could not read its rows back") {
				t.Errorf("Document(0) with the spill file unreadable: panic %v, want one saying the rows were not read back", p)
			}
		}()
		res.Document(0)
	}()
	// The last chunk is in memory: its documents are still made.
	last := res.DocumentCount() - 1
	if g := shortView(res.Document(last)); g != want[last] {
		t.Errorf("last document %v, want %v", g, want[last])
	}
}

// TestSpillFileRemoved: the spill file made on disk has no name left in
// the temporary folder (where the system allows it) and reads back what
// was written.
func TestSpillFileRemoved(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	f, err := createSpillFile()
	if err != nil {
		t.Fatal(err)
	}
	rows := []pendingRow{{Amount: 12345, row: 7}, {Amount: -1, row: 8, flags: flagDropped}}
	if _, err := f.WriteAt(rowBytes(rows), chunkBytes); err != nil {
		t.Fatal(err)
	}
	back := make([]pendingRow, 2)
	if _, err := f.ReadAt(rowBytes(back), chunkBytes); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, rows) {
		t.Errorf("read back %+v, want %+v", back, rows)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "clientrisk-rows-*")); len(left) != 0 && os.PathSeparator == '/' {
		t.Errorf("spill file names left in the temporary folder: %v", left)
	}
}

// numbersCSV writes a CSV of n invoice rows whose numbers fill several
// arena chunks per chunk of rows: most are 40 bytes (INV-…), every 11th
// row has none (a document of its own), every 1500th a number longer
// than an arena chunk takes (LONG-…, kept apart), and every seventh row
// starts a two-line invoice MULTI-j whose second line, of 0.50, is 5000
// rows further on (in another chunk). It returns the path and the
// documents expected, worked out here from the rows written.
func numbersCSV(t *testing.T, dir string, n int) (string, []docView) {
	t.Helper()
	const apart = 5000
	type line struct {
		number, client, date string
		cents                int64
	}
	second := map[int]line{}
	var b strings.Builder
	b.WriteString("Invoice,Client,Date,Amount\n")
	var want []docView
	for j := range n {
		l, ok := second[j]
		first := !ok
		if first {
			l = line{number: fmt.Sprintf("INV-%036d", j), client: fmt.Sprintf("Client %d", j%13),
				date: fmt.Sprintf("2025-%02d-%02d", 1+(j/28)%12, 1+j%28), cents: int64(1000 + j%5000)}
			switch {
			case j%11 == 4:
				l.number = ""
			case j%1500 == 9:
				l.number = fmt.Sprintf("LONG-%d-", j) + strings.Repeat("x", strarena.MaxInChunk+10)
			case j%7 == 3 && j+apart < n:
				l.number = fmt.Sprintf("MULTI-%034d", j)
				second[j+apart] = line{number: l.number, client: l.client, date: l.date, cents: 50}
			}
		}
		fmt.Fprintf(&b, "%s,%s,%s,%d.%02d\n", l.number, l.client, l.date, l.cents/100, l.cents%100)
		if first {
			want = append(want, docView{Number: l.number, Client: l.client, Issue: l.date, Amount: invoice.Money(l.cents), Row: j + 2})
		}
	}
	for i := range want {
		if strings.HasPrefix(want[i].Number, "MULTI-") {
			want[i].Amount += 50
		}
	}
	return writeFile(t, dir, "numbers.csv", []byte(b.String())), want
}

// TestSpillNumbers: the invoice numbers of a table spilled with its rows
// (one chunk of rows kept in memory) come back right in a plain read, a
// Stream walk, Document(i) from several goroutines in their own orders
// and a DocumentCursor: numbers of 40 bytes, filling several arena
// chunks per chunk of rows, long ones kept apart from the chunks, empty
// ones, and the number of a two-line invoice whose lines are in two
// spilled chunks. Only the numbers of the last chunks of rows stay in
// memory. Not parallel: it sets how many rows are kept in memory.
func TestSpillNumbers(t *testing.T) {
	spillEveryChunk(t)
	n := 5*pendingChunk + 123
	path, want := numbersCSV(t, t.TempDir(), n)

	plain, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Sheets[0].Grain != "line" {
		t.Errorf("grain %q, want line", plain.Sheets[0].Grain)
	}
	checkShort(t, "plain read", plain.Documents, want)

	res, walked := streamedDocs(t, path)
	checkShort(t, "Stream walk", walked, want)

	const workers = 4
	got := make([][]invoice.Document, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			document := res.Document
			if w == workers-1 {
				document = res.DocumentCursor()
			}
			docs := make([]invoice.Document, res.DocumentCount())
			for k := range docs {
				i := k
				if w == 1 || w == 2 {
					i = (k*(2*w+1) + w*1000) % len(docs) // a stride prime to the count: each index once
				}
				docs[i] = document(i)
			}
			got[w] = docs
		})
	}
	wg.Wait()
	if len(want)%3 == 0 || len(want)%5 == 0 {
		t.Fatalf("test data: %d documents, the strides must be prime to it", len(want))
	}
	for w := range workers {
		checkShort(t, fmt.Sprintf("goroutine %d", w), got[w], want)
	}

	// The numbers of the rows of all spilled chunks but the last are
	// spilled too (those of the last may share an arena chunk with the
	// rows in memory); none of the rows in memory is.
	tb := res.parts[0].table
	l := &tb.pend
	if l.spilled != len(l.chunks)-1 {
		t.Fatalf("%d of %d chunks of rows spilled, want all but the last", l.spilled, len(l.chunks))
	}
	spilledNums, longNums := 0, 0
	nr := l.numbers(false)
	for i := range l.n {
		p := l.at(i)
		spilled := tb.rows.numbers.Spilled(p.number)
		c := i / pendingChunk
		switch {
		case p.number != 0 && c < l.spilled-1 && !spilled: // 0: no number
			t.Fatalf("row %d, in spilled chunk %d: its number is in memory", i, c)
		case c >= l.spilled && spilled:
			t.Fatalf("row %d, in memory: its number is spilled", i)
		}
		if spilled {
			spilledNums++
			if len(mustNumber(&nr, p)) > strarena.MaxInChunk {
				longNums++
			}
		}
	}
	if spilledNums < 3*pendingChunk || longNums < 10 {
		t.Errorf("%d numbers spilled, %d of them long; want more than %d and 10", spilledNums, longNums, 3*pendingChunk)
	}
}
