package rowsrc

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// script is a Source that gives n rows (row i has cells "r<i>c0".."r<i>c<i%4>"
// and, every third row, a date flag on its first cell), a BadRow in place
// of every row listed in bad, then end (io.EOF, or a Problem, or a panic).
// It reuses its slices between calls, as the format readers do.
type script struct {
	n     int
	bad   map[int]bool
	end   error
	panic bool
	i     int
	cells []string
	flags []Flag
}

func (s *script) Next() (Row, error) {
	if s.i >= s.n {
		if s.panic {
			panic("scanner bug")
		}
		return Row{}, s.end
	}
	s.i++
	num := s.i
	if s.bad[num] {
		return Row{}, &BadRow{Num: num, Column: 2, Reason: "bad"}
	}
	s.cells, s.flags = s.cells[:0], s.flags[:0]
	for c := 0; c <= num%4; c++ {
		s.cells = append(s.cells, fmt.Sprintf("r%dc%d", num, c))
	}
	if num%3 == 0 {
		s.flags = append(s.flags, FlagDate)
	}
	return Row{Num: num, Cells: s.cells, Flags: s.flags}, nil
}

// drain reads src to its end and writes what it gave, one line per call.
func drain(t *testing.T, src Source) (lines []string, final error) {
	t.Helper()
	for {
		r, err := src.Next()
		if err != nil {
			var bad *BadRow
			if errors.As(err, &bad) {
				lines = append(lines, fmt.Sprintf("bad %d", bad.Num))
				continue
			}
			return lines, err
		}
		lines = append(lines, fmt.Sprintf("%d %s %v", r.Num, strings.Join(r.Cells, ","), r.Flags))
	}
}

// TestAheadSameRows: Ahead gives exactly the rows, bad rows and final
// error of its source, across batch boundaries, and the final error again
// on later calls.
func TestAheadSameRows(t *testing.T) {
	t.Parallel()
	problem := &Problem{Reason: "is damaged"}
	for _, tc := range []struct {
		n   int
		end error
	}{{0, io.EOF}, {1, io.EOF}, {aheadBatch - 1, io.EOF}, {aheadBatch, io.EOF}, {3*aheadBatch + 7, io.EOF}, {2*aheadBatch + 1, problem}} {
		bad := map[int]bool{2: true, aheadBatch: true, aheadBatch + 1: true}
		want, wantEnd := drain(t, &script{n: tc.n, bad: bad, end: tc.end})
		a := Ahead(&script{n: tc.n, bad: bad, end: tc.end})
		got, gotEnd := drain(t, a)
		if gotEnd != wantEnd {
			t.Errorf("n=%d: ended with %v, want %v", tc.n, gotEnd, wantEnd)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("n=%d: %d lines differ from the source's %d", tc.n, len(got), len(want))
		}
		if len(want) != tc.n {
			t.Errorf("n=%d: the script gave %d lines", tc.n, len(want))
		}
		if _, err := a.Next(); err != wantEnd {
			t.Errorf("n=%d: after the end, Next gave %v, want %v again", tc.n, err, wantEnd)
		}
		a.Close()
	}
}

// TestAheadCloseEarly: closing after a few rows stops the goroutine (the
// source is then safe to close), even though it had more to read.
func TestAheadCloseEarly(t *testing.T) {
	before := runtime.NumGoroutine()
	a := Ahead(&script{n: 100 * aheadBatch, end: io.EOF})
	for range 3 {
		if _, err := a.Next(); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	a.Close() // twice is harmless
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after Close, %d before Ahead", n, before)
	}
}

// TestAheadPanic: a panic in the source's Next comes out of the caller's
// Next, after the rows read before it.
func TestAheadPanic(t *testing.T) {
	t.Parallel()
	a := Ahead(&script{n: 5, panic: true})
	defer a.Close()
	rows := 0
	func() {
		defer func() {
			if p := recover(); p != "scanner bug" {
				t.Errorf("recovered %v, want the source's panic", p)
			}
		}()
		for {
			if _, err := a.Next(); err != nil {
				t.Errorf("Next gave %v before the panic", err)
				return
			}
			rows++
		}
	}()
	if rows != 5 {
		t.Errorf("%d rows before the panic, want 5", rows)
	}
}
