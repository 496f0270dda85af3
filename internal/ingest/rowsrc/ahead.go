package rowsrc

import (
	"errors"

	"github.com/clientrisk/clientrisk/internal/ahead"
)

// aheadBatch is how many rows the reading goroutine hands over at once:
// large enough that the hand-over costs nothing per row, small enough to
// stay in the cache.
const aheadBatch = 512

// aheadDepth is how many batches may wait; with the one being filled and
// the one being read, at most aheadDepth+2 batches exist.
const aheadDepth = 2

// Ahead reads src on its own goroutine, a few batches ahead of the
// caller, so that a format reader's inflating and scanning run on one
// core while the table layer parses rows on the other. It gives the same
// rows, bad rows and errors as src, in the same order; a row's slices stay
// valid until the next call, as src's own. Close stops the goroutine and
// must be called before src is closed. A panic in src.Next is raised again
// in the caller's Next, where the reader's recover turns it into the
// file's error.
func Ahead(src Source) *AheadSource {
	return &AheadSource{batches: ahead.Start(aheadDepth, func(b *batch) bool { return b.fill(src) })}
}

// AheadSource is the Source Ahead returns.
type AheadSource struct {
	batches *ahead.Batches[batch]
	cur     *batch
	pos     int
	panic   any   // src.Next panicked with this value after cur's items
	final   error // the error that ended src: every later Next gives it again
}

// batch is rows read ahead: each row's cells and flags are copied into
// the batch's own arrays (src may reuse its slices). A batch whose last
// item ended src (io.EOF or a Problem) is the last one.
type batch struct {
	items []item
	cells []string
	flags []Flag
}

type item struct {
	num           int
	cellAt, cellN int
	flagAt, flagN int
	err           error
}

// fill reads up to aheadBatch rows of src into b and reports whether src
// ended.
func (b *batch) fill(src Source) (ended bool) {
	b.items, b.cells, b.flags = b.items[:0], b.cells[:0], b.flags[:0]
	for !ended && len(b.items) < aheadBatch {
		r, err := src.Next()
		it := item{num: r.Num, err: err}
		if err == nil {
			it.cellAt, it.cellN, it.flagAt, it.flagN = len(b.cells), len(r.Cells), len(b.flags), len(r.Flags)
			b.cells = append(b.cells, r.Cells...)
			b.flags = append(b.flags, r.Flags...)
		}
		b.items = append(b.items, it)
		var bad *BadRow
		ended = err != nil && !errors.As(err, &bad)
	}
	return ended
}

// Next returns the next row as src gave it.
func (a *AheadSource) Next() (Row, error) {
	if a.final != nil {
		return Row{}, a.final
	}
	for a.cur == nil || a.pos == len(a.cur.items) {
		if a.cur != nil {
			if p := a.panic; p != nil {
				a.final = errors.New("the reader stopped with an internal error")
				panic(p)
			}
			a.batches.Free(a.cur)
		}
		a.cur, _, a.panic = a.batches.Next()
		a.pos = 0
	}
	it := &a.cur.items[a.pos]
	a.pos++
	if it.err != nil {
		var bad *BadRow
		if !errors.As(it.err, &bad) {
			a.final = it.err
		}
		return Row{Num: it.num}, it.err
	}
	r := Row{Num: it.num, Cells: a.cur.cells[it.cellAt : it.cellAt+it.cellN : it.cellAt+it.cellN]}
	if it.flagN > 0 {
		r.Flags = a.cur.flags[it.flagAt : it.flagAt+it.flagN : it.flagAt+it.flagN]
	}
	return r, nil
}

// Close stops the reading goroutine and waits for it to end, so that src
// can be closed safely. Next must not be called after Close.
func (a *AheadSource) Close() { a.batches.Close() }
