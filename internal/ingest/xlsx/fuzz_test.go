package xlsx

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// FuzzSheetScanner feeds arbitrary worksheet XML to the scanner: it must
// end (EOF or an error) without panicking, and rows must come in with
// numbers within Excel's range.
func FuzzSheetScanner(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c t="inlineStr"><is><t>x&amp;y</t></is></c></row></sheetData></worksheet>`))
	f.Add([]byte(`<x:worksheet><x:sheetData><x:row><x:c s="1"><x:v>45672</x:v></x:c></x:row><!-- c --><?pi?></x:sheetData></x:worksheet>`))
	f.Add([]byte(`<sheetData><row r="2" a='>'><c r="XFD2"><v><![CDATA[1<2]]></v></c></row></sheetData>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := within(t, func() error {
			sc := newSheetScanner(bytes.NewReader(data), tableOf("a", "b"), []rowsrc.Flag{rowsrc.FlagNone, rowsrc.FlagDate}, 100)
			for {
				r, err := sc.next()
				if err != nil {
					return nil
				}
				if r.Num < 1 || r.Num > 1_048_576 || len(r.Flags) != len(r.Cells) || len(r.Cells) > 16384 {
					return fmt.Errorf("bad row %d with %d cells, %d flags", r.Num, len(r.Cells), len(r.Flags))
				}
			}
		})
		if err != nil {
			t.Fatal(err)
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
