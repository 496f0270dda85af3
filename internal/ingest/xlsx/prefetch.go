package xlsx

import (
	"io"
	"os"
)

// Why a goroutine: inflating a sheet part costs about as much as scanning
// it, and the machine the product runs on has at least two cores, so a
// part is inflated on a goroutine of its own (prefetchReader) while the
// scanner reads what it inflated before.

// The prefetch buffers: while the scanner reads one, the inflater fills
// the others.
const (
	prefetchBuffers = 3
	prefetchSize    = 128 << 10
)

// prefetchReader reads a part (rc) ahead on its own goroutine, a buffer
// at a time. Read returns the bytes in order and then the error rc ended
// with, as reading rc would. Close stops the goroutine, waits for it and
// closes rc; it must be called.
type prefetchReader struct {
	rc     io.ReadCloser
	full   chan prefetched // filled buffers, in order
	free   chan []byte     // buffers read, back to the goroutine
	stop   chan struct{}   // closed by Close
	exited chan struct{}   // closed by the goroutine as it ends
	cur    []byte          // what is left to read of the buffer being read
	buf    []byte          // that buffer
	err    error           // rc's last word, once Read came to it
	closed bool
}

// prefetched is one filled buffer and, if rc ended there, how.
type prefetched struct {
	b   []byte
	err error
}

func newPrefetchReader(rc io.ReadCloser) *prefetchReader {
	r := &prefetchReader{
		rc:     rc,
		full:   make(chan prefetched, prefetchBuffers),
		free:   make(chan []byte, prefetchBuffers),
		stop:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	for range prefetchBuffers {
		r.free <- make([]byte, prefetchSize)
	}
	go r.fill()
	return r
}

// fill is the goroutine: it fills free buffers from rc until rc ends or
// Close stops it.
func (r *prefetchReader) fill() {
	defer close(r.exited)
	for {
		var buf []byte
		select {
		case <-r.stop:
			return
		default:
		}
		select {
		case buf = <-r.free:
		case <-r.stop:
			return
		}
		n := 0
		var err error
		for n < len(buf) && err == nil {
			var m int
			m, err = r.rc.Read(buf[n:])
			n += m
		}
		// There are as many places in full as buffers: this never waits.
		r.full <- prefetched{buf[:n], err}
		if err != nil {
			return
		}
	}
}

func (r *prefetchReader) Read(p []byte) (int, error) {
	if r.closed {
		return 0, os.ErrClosed
	}
	for len(r.cur) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if r.buf != nil {
			r.free <- r.buf[:cap(r.buf)]
			r.buf = nil
		}
		c := <-r.full
		r.cur, r.buf, r.err = c.b, c.b, c.err
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// Close stops the goroutine and closes the part.
func (r *prefetchReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	close(r.stop)
	<-r.exited
	return r.rc.Close()
}
