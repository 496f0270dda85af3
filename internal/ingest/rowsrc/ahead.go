package rowsrc

import (
	"errors"
	"sync"
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
	a := &AheadSource{
		full: make(chan *batch, aheadDepth),
		free: make(chan *batch, aheadDepth+2),
		done: make(chan struct{}),
	}
	for range aheadDepth + 2 {
		a.free <- &batch{}
	}
	a.wg.Add(1)
	go a.read(src)
	return a
}

// AheadSource is the Source Ahead returns.
type AheadSource struct {
	full, free chan *batch
	done       chan struct{}
	wg         sync.WaitGroup
	closeOnce  sync.Once
	cur        *batch
	pos        int
	final      error // the error that ended src: every later Next gives it again
}

// batch is rows read ahead: each row's cells and flags are copied into
// the batch's own arrays (src may reuse its slices). A batch whose last
// item ended src (io.EOF or a Problem), or that src panicked after, is the
// last one.
type batch struct {
	items []item
	cells []string
	flags []Flag
	panic any // src.Next panicked with this value after the items
}

type item struct {
	num           int
	cellAt, cellN int
	flagAt, flagN int
	err           error
}

func (a *AheadSource) read(src Source) {
	defer a.wg.Done()
	var b *batch
	defer func() {
		if p := recover(); p != nil {
			b.panic = p
			select {
			case a.full <- b:
			case <-a.done:
			}
		}
	}()
	for {
		select {
		case b = <-a.free:
		case <-a.done:
			return
		}
		b.items, b.cells, b.flags = b.items[:0], b.cells[:0], b.flags[:0]
		ended := false
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
		select {
		case a.full <- b:
		case <-a.done:
			return
		}
		if ended {
			return
		}
	}
}

// Next returns the next row as src gave it.
func (a *AheadSource) Next() (Row, error) {
	if a.final != nil {
		return Row{}, a.final
	}
	for a.cur == nil || a.pos == len(a.cur.items) {
		if a.cur != nil {
			if p := a.cur.panic; p != nil {
				a.final = errors.New("the reader stopped with an internal error")
				panic(p)
			}
			a.free <- a.cur
		}
		a.cur, a.pos = <-a.full, 0
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
func (a *AheadSource) Close() {
	a.closeOnce.Do(func() {
		close(a.done)
		a.wg.Wait()
	})
}
