package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	kflate "github.com/klauspost/compress/flate"

	"github.com/clientrisk/clientrisk/internal/benchdata"
	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// oddReader yields its bytes in reads of 1 to 7000 bytes and then err;
// it counts its Close calls.
type oddReader struct {
	data   []byte
	err    error
	reads  int
	closed atomic.Int32
}

func (o *oddReader) Read(p []byte) (int, error) {
	if len(o.data) == 0 {
		return 0, o.err
	}
	o.reads++
	n := min(len(p), 1+o.reads*997%7000, len(o.data))
	copy(p, o.data[:n])
	o.data = o.data[n:]
	return n, nil
}

func (o *oddReader) Close() error { o.closed.Add(1); return nil }

// TestPrefetchReader: the bytes come in order, then the error the part
// ended with, and again on every later Read.
func TestPrefetchReader(t *testing.T) {
	t.Parallel()
	data := make([]byte, 5*prefetchSize+12345)
	for i := range data {
		data[i] = byte(i * 7 / 3)
	}
	for _, end := range []error{io.EOF, io.ErrUnexpectedEOF, errors.New("flate: corrupt input")} {
		src := &oddReader{data: data, err: end}
		r := newPrefetchReader(src)
		var got bytes.Buffer
		buf := make([]byte, 3000)
		var err error
		for err == nil {
			var n int
			n, err = r.Read(buf)
			got.Write(buf[:n])
		}
		if !bytes.Equal(got.Bytes(), data) {
			t.Errorf("%v: read %d bytes, not the %d written", end, got.Len(), len(data))
		}
		if err != end {
			t.Errorf("ended with %v, want %v", err, end)
		}
		if _, again := r.Read(buf); again != end {
			t.Errorf("read again: %v, want %v", again, end)
		}
		if err := r.Close(); err != nil || src.closed.Load() != 1 {
			t.Errorf("Close: %v, the part closed %d times", err, src.closed.Load())
		}
	}
}

// endless is a part that never ends.
type endless struct{ closed atomic.Int32 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func (e *endless) Close() error { e.closed.Add(1); return nil }

// TestPrefetchClose: Close stops the goroutine whether the part was read
// in part or not at all, and closes the part once.
func TestPrefetchClose(t *testing.T) {
	t.Parallel()
	for _, read := range []int{0, 1, prefetchSize * 10} {
		src := &endless{}
		r := newPrefetchReader(src)
		if _, err := io.CopyN(io.Discard, r, int64(read)); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-r.exited:
		default:
			t.Errorf("after reading %d bytes: Close returned with the goroutine still running", read)
		}
		r.Close()
		if n := src.closed.Load(); n != 1 {
			t.Errorf("after reading %d bytes: the part closed %d times, want once", read, n)
		}
		if _, err := r.Read(make([]byte, 1)); !errors.Is(err, os.ErrClosed) {
			t.Errorf("Read after Close: %v, want os.ErrClosed", err)
		}
	}
}

// TestRowsCloseHalfway: closing a sheet's rows after reading half of
// them leaves no goroutine behind. Not parallel: it counts goroutines.
func TestRowsCloseHalfway(t *testing.T) {
	path := filepath.Join(t.TempDir(), "half.xlsx")
	if err := benchdata.WriteExcelLike(path, 20_000); err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	wb := openFile(t, path)
	rows, err := wb.Rows(wb.Sheets()[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	for range 10_000 {
		if _, err := rows.Next(); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if err := wb.Close(); err != nil {
		t.Fatal(err)
	}
	// excelize's own goroutines, if any, may take a moment to end.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines before, %d after closing:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

// openFile opens the workbook at path with the default limits.
func openFile(t *testing.T, path string) *Workbook {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	wb, err := Open(f, st.Size(), 512<<20, 32767)
	if err != nil {
		t.Fatal(err)
	}
	return wb
}

// TestCorruptSheet: a sheet whose compressed data turns corrupt halfway
// yields its first rows, then the inflater's error as a damaged sheet.
// (The data ends between two rows: cut inside a tag, the scanner says
// "unexpected EOF", whatever the reader's error.)
func TestCorruptSheet(t *testing.T) {
	t.Parallel()
	var sheet strings.Builder
	sheet.WriteString(`<worksheet><sheetData>`)
	for r := 1; r <= 3000; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, r, r, r*7)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	xml := []byte(sheet.String())
	// The rows before row 1500 compressed and flushed to a byte
	// boundary, then a block header of the reserved type 3: "corrupt
	// input".
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(xml[:bytes.Index(xml, []byte(`<row r="1500"`))])
	fw.Flush()
	comp.WriteByte(0x07)

	src := filepath.Join(t.TempDir(), "good.xlsx")
	if err := benchdata.WriteExcelLike(src, 10); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(xml),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(len(xml))})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "corrupt.xlsx")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	wb := openFile(t, path)
	defer wb.Close()
	rows, err := wb.Rows(wb.Sheets()[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	read := 0
	for {
		r, err := rows.Next()
		if err == nil {
			read++
			if want := fmt.Sprint(read * 7); r.Num != read || r.Cells[0] != want {
				t.Fatalf("row %d: %d %q, want %s", read, r.Num, r.Cells, want)
			}
			continue
		}
		var p *rowsrc.Problem
		// The workbook's parts are inflated by klauspost/compress
		// (newInflater), whose corrupt-input error is its own type.
		var corrupt kflate.CorruptInputError
		if !errors.As(err, &p) || !strings.HasPrefix(p.Reason, "has a damaged sheet") || !errors.As(err, &corrupt) {
			t.Fatalf("after %d rows: %v (%T), want a damaged sheet from a corrupt input", read, err, err)
		}
		break
	}
	if read != 1499 {
		t.Errorf("read %d rows before the error, want 1499", read)
	}
}

// TestDeflatedParts: a workbook reads the same whether its parts are
// stored or deflated, whatever the deflater's level (from Huffman only
// to best compression, many blocks on a 5,000-row sheet). Deflated parts
// are inflated by klauspost/compress (newInflater); the stored copy is
// read without any inflater, so it is the reference.
func TestDeflatedParts(t *testing.T) {
	t.Parallel()
	src := filepath.Join(t.TempDir(), "src.xlsx")
	const n = 5000
	if err := benchdata.WriteExcelLike(src, n); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	// repack writes every part of src again with method, deflating at
	// level, and returns the workbook's rows.
	repack := func(name string, method uint16, level int) []rowsrc.Row {
		t.Helper()
		path := filepath.Join(t.TempDir(), name+".xlsx")
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		zw := zip.NewWriter(out)
		zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, level) })
		for _, f := range zr.File {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method})
			if err != nil {
				t.Fatal(err)
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(w, rc); err != nil {
				t.Fatal(err)
			}
			rc.Close()
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		wb := openFile(t, path)
		defer wb.Close()
		rows, err := wb.Rows(wb.Sheets()[0].Name)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var all []rowsrc.Row
		for {
			r, err := rows.Next()
			if errors.Is(err, io.EOF) {
				return all
			}
			if err != nil {
				t.Fatalf("%s: after %d rows: %v", name, len(all), err)
			}
			all = append(all, rowsrc.Row{Num: r.Num, Cells: append([]string(nil), r.Cells...), Flags: append([]rowsrc.Flag(nil), r.Flags...)})
		}
	}
	want := repack("stored", zip.Store, 0)
	if len(want) != n+1 {
		t.Fatalf("stored: %d rows, want %d", len(want), n+1)
	}
	for _, c := range []struct {
		name  string
		level int
	}{
		{"huffman-only", flate.HuffmanOnly},
		{"best-speed", flate.BestSpeed},
		{"default", flate.DefaultCompression},
		{"best-compression", flate.BestCompression},
	} {
		got := repack(c.name, zip.Deflate, c.level)
		if len(got) != len(want) {
			t.Errorf("%s: %d rows, want %d", c.name, len(got), len(want))
			continue
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("%s: row %d is %v, want %v", c.name, i, got[i], want[i])
				break
			}
		}
	}
}
