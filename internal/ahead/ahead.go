// Package ahead fills batches on a goroutine of its own, a few ahead of
// the one that uses them, so that a producer (a format reader inflating
// and scanning, SQLite fetching rows) runs on one core while its consumer
// works on the other. It is the one mechanism behind rowsrc.Ahead and the
// ledger's walks: the hand-over, stopping early, and a panic in the
// producer given to the consumer, after what was filled before it.
package ahead

import "sync"

// Batches is a producer's batches of type B, handed over in the order it
// filled them.
type Batches[B any] struct {
	full      chan filled[B]
	free      chan *B
	done      chan struct{}
	wg        sync.WaitGroup
	closeOnce sync.Once
}

type filled[B any] struct {
	b     *B
	last  bool
	panic any // fill panicked with this value, after filling what b holds
}

// Start runs fill on a goroutine of its own. fill refills b (what b held
// before is the caller's to reuse) and reports whether b is the last
// batch. At most depth filled batches wait for the caller; depth+2 exist.
func Start[B any](depth int, fill func(b *B) (last bool)) *Batches[B] {
	p := &Batches[B]{
		full: make(chan filled[B], depth),
		free: make(chan *B, depth+2),
		done: make(chan struct{}),
	}
	for range depth + 2 {
		p.free <- new(B)
	}
	p.wg.Add(1)
	go p.run(fill)
	return p
}

func (p *Batches[B]) run(fill func(b *B) bool) {
	defer p.wg.Done()
	var b *B
	defer func() {
		if v := recover(); v != nil {
			select {
			case p.full <- filled[B]{b: b, last: true, panic: v}:
			case <-p.done:
			}
		}
	}()
	for {
		select {
		case b = <-p.free:
		case <-p.done:
			return
		}
		last := fill(b)
		select {
		case p.full <- filled[B]{b: b, last: last}:
		case <-p.done:
			return
		}
		if last {
			return
		}
	}
}

// Next waits for the next batch. last is true for the producer's last
// one; Next must not be called after it. If fill panicked, the batch it
// was filling comes with the panic's value: the caller uses what it holds,
// then raises the panic (where its own recover can word it).
func (p *Batches[B]) Next() (b *B, last bool, panicked any) {
	f := <-p.full
	return f.b, f.last, f.panic
}

// Free hands a batch the caller is done with back for filling.
func (p *Batches[B]) Free(b *B) { p.free <- b }

// Close stops the producer and waits for its goroutine to end (it ends
// after the fill under way, if any). It may be called more than once.
func (p *Batches[B]) Close() {
	p.closeOnce.Do(func() {
		close(p.done)
		p.wg.Wait()
	})
}
