package xlsx

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// FuzzSheetScanner feeds arbitrary worksheet XML to the scanner: it must
// end (EOF or an error) without panicking, and rows must come in with
// numbers within Excel's range. Read again through a 16-byte buffer, too
// small for sheetScanner.fastCell to see a cell whole, so that the
// general path reads every tag, the rows and the end must be the same.
func FuzzSheetScanner(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c t="inlineStr"><is><t>x&amp;y</t></is></c></row></sheetData></worksheet>`))
	f.Add([]byte(`<x:worksheet><x:sheetData><x:row><x:c s="1"><x:v>45672</x:v></x:c></x:row><!-- c --><?pi?></x:sheetData></x:worksheet>`))
	f.Add([]byte(`<sheetData><row r="2" a='>'><c r="XFD2"><v><![CDATA[1<2]]></v></c></row></sheetData>`))
	f.Add([]byte(`<sheetData><row><c r="B1" t="s"><v>1</v></c><c t="n" s="1"><v> 7 </v></c><c/><c s="0"></c><c><v>1&amp;</v></c>` +
		`<c t="str"><f>x</f><v>y</v></c><c r="A1"><v>5</v></c></row><row r="3"> <c t="b"><v>1</v></c> </row></sheetData>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var rows [2][]rowsrc.Row
		var ends [2]error
		for i, size := range []int{256 << 10, 16} {
			err := within(t, func() error {
				sc := newSheetScanner(bytes.NewReader(data), tableOf("a", "b"), []rowsrc.Flag{rowsrc.FlagNone, rowsrc.FlagDate}, 100)
				sc.br = bufio.NewReaderSize(bytes.NewReader(data), size)
				for {
					r, err := sc.next()
					if err != nil {
						ends[i] = err
						return nil
					}
					if r.Num < 1 || r.Num > 1_048_576 || len(r.Flags) != len(r.Cells) || len(r.Cells) > 16384 {
						return fmt.Errorf("bad row %d with %d cells, %d flags", r.Num, len(r.Cells), len(r.Flags))
					}
					rows[i] = append(rows[i], rowsrc.Row{Num: r.Num, Cells: slices.Clone(r.Cells), Flags: slices.Clone(r.Flags)})
				}
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if !reflect.DeepEqual(rows[0], rows[1]) {
			t.Fatalf("rows differ with the buffer size:\n%v\n%v", rows[0], rows[1])
		}
		if (ends[0] == io.EOF) != (ends[1] == io.EOF) {
			t.Fatalf("the scan ends differ with the buffer size: %v, %v", ends[0], ends[1])
		}
	})
}

// within runs fn and fails the test when it takes more than 5s (a
// scanner loop that does not end).
func within(t *testing.T, fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("scanning took more than 5s")
		return nil
	}
}
