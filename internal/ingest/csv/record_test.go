package csv

import (
	"bytes"
	stdcsv "encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// stdRecords reads text as encoding/csv with LazyQuotes did before this
// reader: line numbers and trimmed cells.
func stdRecords(t testing.TB, text string, delim rune) ([]int, [][]string) {
	t.Helper()
	cr := stdcsv.NewReader(strings.NewReader(text))
	cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord = delim, true, -1
	var nums []int
	var recs [][]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nums, recs
		}
		if err != nil {
			t.Fatalf("encoding/csv on %q: %v", text, err)
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		nums, recs = append(nums, line), append(recs, rec)
	}
}

type readLine struct {
	num   int
	cells []string
	bad   string
}

// ourRecords reads text with records, rejected lines included.
func ourRecords(t testing.TB, text string, delim byte, crOnly bool, maxCellChars, cols int) []readLine {
	t.Helper()
	limit := lineLimit(maxCellChars, cols)
	rs := &records{lines: newLineReader(strings.NewReader(text), crOnly, limit), delim: delim, limit: limit, minCells: cols, maxCells: cols}
	var out []readLine
	for {
		num, cells, err := rs.next()
		if errors.Is(err, io.EOF) {
			return out
		}
		var bl *badLine
		if errors.As(err, &bl) {
			out = append(out, readLine{num: num, bad: bl.reason})
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, readLine{num: num, cells: append([]string(nil), cells...)})
	}
}

// Well-formed CSV reads exactly as encoding/csv (LazyQuotes) reads it:
// quoted cells with separators, doubled quotes, line breaks; stray quotes
// inside cells; CRLF; blank lines; no final line end.
func TestRecordsAsEncodingCSV(t *testing.T) {
	t.Parallel()
	texts := []string{
		"a,b,c\n1,2,3\n",
		"a,b,c\r\n1,2,3\r\n\r\n\n4,5,6",
		"Client,Note,Amount\n\"Rossi, Srl\",\"said \"\"hi\"\"\",12.5\n\"multi\nline\r\nnote\",x,3\n",
		"a;b\n5\" screen;x\"y\n\"quoted \"inner\" text\";2\n",
		"a,b\n\"\",\"\"\n,\n  spaced , cells  \n",
		"a,b\n\"open at the end\n",
		"x\ty\n\"1\t2\"\t3\n",
		"sep=;\na;b\n1;2\n",
	}
	// Random well-formed files: cells of letters, separators, quotes and
	// line breaks, quoted when they need it, as exporters write them.
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "b", " ", ",", "\"", "\n", "é", "1", ".", ";"}
	for range 300 {
		var b strings.Builder
		cols := 1 + r.IntN(5)
		for range 1 + r.IntN(8) {
			for c := range cols {
				if c > 0 {
					b.WriteByte(',')
				}
				var cell strings.Builder
				for range r.IntN(6) {
					cell.WriteString(alphabet[r.IntN(len(alphabet))])
				}
				v := cell.String()
				if strings.ContainsAny(v, ",\"\n") || r.IntN(3) == 0 {
					v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
				}
				b.WriteString(v)
			}
			if r.IntN(2) == 0 {
				b.WriteString("\r\n")
			} else {
				b.WriteString("\n")
			}
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		delim := byte(',')
		switch {
		case strings.HasPrefix(text, "a;"), strings.HasPrefix(text, "sep"):
			delim = ';'
		case strings.HasPrefix(text, "x\t"):
			delim = '\t'
		}
		nums, want := stdRecords(t, text, rune(delim))
		got := ourRecords(t, text, delim, false, 32767, sniffColumns([]byte(text), delim))
		if text == "a,b\n\"open at the end\n" {
			// encoding/csv takes a quote open at the end of the file as
			// closed there; here it is a stray quote, and its line rejected.
			if len(got) != 2 || got[1].num != 2 || !strings.Contains(got[1].bad, "unbalanced quote in column A") {
				t.Errorf("open quote at the end: got %+v", got)
			}
			continue
		}
		if len(got) != len(want) {
			t.Errorf("%q: %d records, encoding/csv %d: %+v", text, len(got), len(want), got)
			continue
		}
		for i := range want {
			if got[i].bad != "" || got[i].num != nums[i] || !reflect.DeepEqual(got[i].cells, want[i]) {
				t.Errorf("%q: record %d = %+v, encoding/csv line %d %q", text, i, got[i], nums[i], want[i])
			}
		}
	}
}

// A stray quote rejects its own line only: the lines after it are read as
// rows again, whether they have quotes of their own or none at all.
func TestRecordsStrayQuote(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, text string
		bad        int      // line rejected
		badCol     string   // its column
		rows       []string // first cell of each row read, in order
	}{
		{"no quotes after", "No,Client,Amount\n1,\"Acme,10\n2,Beta,20\n3,Gamma,30\n", 2, "B", []string{"No", "2", "3"}},
		{"quoted cells after", "No,Client,Amount\n1,\"Acme,10\n2,\"Beta\",20\n3,\"Gamma\",30\n", 2, "B", []string{"No", "2", "3"}},
		{"closes properly a line later with too few cells",
			"No,Client,Amount\n1,\"Acme,10\n2,Beta,20\"\n3,Gamma,30\n", 2, "B", []string{"No", "2", "3"}},
		{"closes properly a line later with too many cells",
			"No,Client,Amount\n1,\"Acme,10\n2,Beta,20\",x,y\n3,Gamma,30\n", 2, "B", []string{"No", "2", "3"}},
		{"last line", "No,Client,Amount\n1,Acme,10\n2,\"Beta,20", 3, "B", []string{"No", "1"}},
		{"first cell", "No,Client,Amount\n\"1,Acme,10\n2,Beta,20\n", 2, "A", []string{"No", "2"}},
	} {
		got := ourRecords(t, c.text, ',', false, 32767, 3)
		var firsts []string
		badSeen := false
		for _, l := range got {
			if l.bad != "" {
				if badSeen || l.num != c.bad || !strings.Contains(l.bad, "unbalanced quote in column "+c.badCol) {
					t.Errorf("%s: rejected line %d %q, want line %d column %s once", c.name, l.num, l.bad, c.bad, c.badCol)
				}
				badSeen = true
				continue
			}
			firsts = append(firsts, l.cells[0])
		}
		if !badSeen || !reflect.DeepEqual(firsts, c.rows) {
			t.Errorf("%s: rows %q (a line rejected: %v), want %q and line %d rejected", c.name, firsts, badSeen, c.rows, c.bad)
		}
	}
	// A legitimate cell over three lines is one record.
	got := ourRecords(t, "No,Note,Amount\n1,\"line one\nline two, still\nline three\",10\n2,x,20\n", ',', false, 32767, 3)
	if len(got) != 3 || got[1].bad != "" || got[1].cells[1] != "line one\nline two, still\nline three" || got[2].num != 5 {
		t.Errorf("multi-line cell: got %+v", got)
	}
}

// Excel's "CSV (Macintosh)" ends lines in CR alone.
func TestRecordsCROnly(t *testing.T) {
	t.Parallel()
	text := "No,Client\r1,\"Acme\rTrading\"\r\r2,Beta\r"
	if !crOnly([]byte(text)) || crOnly([]byte("a\r\nb\r\n")) || crOnly([]byte("a\nb\n")) {
		t.Fatal("crOnly does not tell CR-only text from CRLF and LF")
	}
	got := ourRecords(t, text, ',', true, 32767, 2)
	want := []readLine{{num: 1, cells: []string{"No", "Client"}}, {num: 2, cells: []string{"1", "Acme\nTrading"}}, {num: 5, cells: []string{"2", "Beta"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// A line over the limit is skipped to its end and rejected; the next line
// is read. The limit is max_cell_chars x 4 bytes x columns, at least 1 MiB.
func TestRecordsLongLine(t *testing.T) {
	t.Parallel()
	if got := lineLimit(32767, 10); got != 4*32767*10 {
		t.Errorf("lineLimit(32767, 10) = %d, want 1310680", got)
	}
	if got := lineLimit(100, 3); got != 1<<20 {
		t.Errorf("lineLimit(100, 3) = %d, want the minimum 1 MiB", got)
	}
	long := "1," + strings.Repeat("x", 2<<20) + ",5"
	for _, text := range []string{"No,Client,Amount\n" + long + "\n2,Beta,20\n", "No,Client,Amount\n" + long} {
		got := ourRecords(t, text, ',', false, 100, 3)
		if len(got) < 2 || got[1].num != 2 || !strings.Contains(got[1].bad, "longer than") {
			t.Fatalf("got %d lines, want line 2 rejected as too long: %+v", len(got), got[:min(len(got), 2)])
		}
		if strings.HasSuffix(text, "\n") && (len(got) != 3 || got[2].num != 3 || got[2].cells[0] != "2") {
			t.Errorf("the line after the long one: %+v", got[2:])
		}
	}
}

func TestSniffColumns(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		want int
	}{
		{"Title\n\na,b,c\n1,2,3\n4,\"5,6\",7\n", 3},
		{"a,b\n1,2\n1,2,3", 2},        // the cut-off last line does not count
		{strings.Repeat(",", 100), 1}, // no whole line
		{"a;b;c;d\n", 4},
	} {
		delim := byte(',')
		if strings.Contains(c.text, ";") {
			delim = ';'
		}
		if got := sniffColumns([]byte(c.text), delim); got != c.want {
			t.Errorf("sniffColumns(%.30q) = %d, want %d", c.text, got, c.want)
		}
	}
}

func BenchmarkRecords(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("Invoice,Client,Date,Amount,Note\n")
	for i := range 100_000 {
		buf.WriteString("R")
		buf.WriteString(strings.Repeat("1", i%7))
		buf.WriteString(",\"Client, Ltd\",2025-01-31,123.45,some note text\n")
	}
	text := buf.String()
	b.Run("encoding/csv", func(b *testing.B) {
		for range b.N {
			cr := stdcsv.NewReader(strings.NewReader(text))
			cr.LazyQuotes, cr.FieldsPerRecord, cr.ReuseRecord = true, -1, true
			for {
				rec, err := cr.Read()
				if err != nil {
					break
				}
				cells := make([]string, len(rec))
				for i, c := range rec {
					cells[i] = strings.TrimSpace(c)
				}
			}
		}
	})
	b.Run("records", func(b *testing.B) {
		for range b.N {
			limit := lineLimit(32767, 5)
			rs := &records{lines: newLineReader(strings.NewReader(text), false, limit), delim: ',', limit: limit, minCells: 5, maxCells: 5}
			for {
				_, rec, err := rs.next()
				if err != nil {
					break
				}
				cells := make([]string, len(rec))
				copy(cells, rec)
			}
		}
	})
}

// FuzzRecords: no input makes the reader fail or loop, and a well-formed
// file (encoding/csv reads it without LazyQuotes, every record with the
// same number of cells) reads exactly as encoding/csv reads it.
func FuzzRecords(f *testing.F) {
	f.Add("a,b\n\"1\n2\",3\n")
	f.Add("a,b\n1,\"x\n2,3\n")
	f.Add("a,\"b\"\"\"\r\n\"\",\r\n")
	f.Fuzz(func(t *testing.T, text string) {
		cols := sniffColumns([]byte(text), ',')
		got := ourRecords(t, text, ',', false, 32767, cols)
		cr := stdcsv.NewReader(strings.NewReader(text))
		var want [][]string
		var nums []int
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return // not well formed
			}
			line, _ := cr.FieldPos(0)
			for i := range rec {
				rec[i] = strings.TrimSpace(rec[i])
			}
			want, nums = append(want, rec), append(nums, line)
		}
		for _, r := range want {
			if len(r) != len(want[0]) || len(r) != cols {
				return // ragged, or not the count the start of the file shows
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d records, encoding/csv %d: %+v", len(got), len(want), got)
		}
		for i := range want {
			if got[i].bad != "" || got[i].num != nums[i] || !reflect.DeepEqual(got[i].cells, want[i]) {
				t.Fatalf("record %d = %+v, encoding/csv line %d %q", i, got[i], nums[i], want[i])
			}
		}
	})
}
