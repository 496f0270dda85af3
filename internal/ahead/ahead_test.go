package ahead

import (
	"runtime"
	"testing"
	"time"
)

type nums struct{ v []int }

// counter fills batches of 3 with 1, 2, 3 ... up to n, then ends; at
// panicAt (if > 0) it panics instead of giving that number.
func counter(n, panicAt int) func(b *nums) bool {
	next := 1
	return func(b *nums) bool {
		b.v = b.v[:0]
		for len(b.v) < 3 && next <= n {
			if next == panicAt {
				panic("at " + string(rune('0'+panicAt)))
			}
			b.v = append(b.v, next)
			next++
		}
		return next > n
	}
}

func TestBatchesInOrder(t *testing.T) {
	p := Start(2, counter(10, 0))
	defer p.Close()
	var got []int
	for {
		b, last, panicked := p.Next()
		if panicked != nil {
			t.Fatalf("panic %v", panicked)
		}
		got = append(got, b.v...)
		if last {
			break
		}
		p.Free(b)
	}
	for i, v := range got {
		if v != i+1 {
			t.Fatalf("got %v, want 1 to 10 in order", got)
		}
	}
	if len(got) != 10 {
		t.Fatalf("got %v, want 1 to 10", got)
	}
}

// A panic comes with the batch it happened in, holding what was filled
// before it, after the batches before.
func TestBatchesPanic(t *testing.T) {
	p := Start(1, counter(10, 5))
	defer p.Close()
	var got []int
	for {
		b, last, panicked := p.Next()
		got = append(got, b.v...)
		if panicked != nil {
			if panicked != "at 5" || !last || len(got) != 4 {
				t.Fatalf("panic %v (last %v) after %v, want \"at 5\", the last batch, after 1 to 4", panicked, last, got)
			}
			return
		}
		if last {
			t.Fatalf("ended without the panic after %v", got)
		}
		p.Free(b)
	}
}

// Close stops a producer that is waiting to hand over a batch, and its
// goroutine ends; a second Close is harmless.
func TestBatchesCloseEarly(t *testing.T) {
	before := runtime.NumGoroutine()
	p := Start(1, counter(1_000_000, 0))
	b, _, _ := p.Next()
	if b.v[0] != 1 {
		t.Fatalf("first batch %v", b.v)
	}
	time.Sleep(10 * time.Millisecond) // the producer fills ahead and waits
	p.Close()
	p.Close()
	deadline := time.Now().Add(5 * time.Second) // Close returns as the goroutine returns
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after Close, %d before Start", n, before)
	}
}
