// Package strarena keeps many short strings (invoice numbers) end to end
// in chunks, each behind a 4-byte Ref: a record that holds a Ref instead
// of a string saves its 16-byte header and the string's allocation of its
// own (a million-row table has a million numbers, most of them a dozen
// bytes). It is a leaf: the reader's parsed rows (ingest) and a report's
// open invoices (analytics) both keep their numbers in one.
//
// The strings of a large arena may be moved to a file (Spill) and read
// back from it (Reader), so that only the latest are in memory.
package strarena

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"unsafe"
)

// Arena keeps strings end to end in chunks of chunkSize bytes, each after
// its length. The zero value is an empty arena.
//
// A chunk is a strings.Builder grown once to its full size, so adding
// never moves the bytes already written: a string Get returns is a piece
// of its chunk's String, which stays valid, and nothing in the arena ever
// changes once written. An arena that is only read (Get) may be read
// from several goroutines.
type Arena struct {
	chunks []*strings.Builder
	// long holds the strings that do not go in a chunk: longer than
	// MaxInChunk, or past the last chunk a Ref can address.
	long []string
	// sp is where the spilled strings are (Spill); nil until the first
	// spill, so that an arena that never spills is a plain value.
	sp *spilled
}

// spilled is where an arena's spilled strings are.
type spilled struct {
	// The chunks and long strings before chunks and long are in a file
	// (Spill): Arena.chunks[k] is nil and Arena.long[i] "" for them, and
	// chunkAt and longAt say where they are.
	chunks, long    int
	chunkAt, longAt []span
	// shared is a spilled chunk read back whole for the Readers that read
	// one string at a time, from all goroutines: one read of a string
	// from the same chunk as the one read before (lastOne) suggests
	// strings asked for in order (a ledger's import asks for a file's
	// documents by key, often their order), and the rest of the chunk is
	// then read without a read of the file each.
	shared  atomic.Pointer[heldChunk]
	lastOne atomic.Int64 // 1 + the chunk of the last string read by itself
}

func (a *Arena) spilled() *spilled {
	if a.sp == nil {
		return &spilled{}
	}
	return a.sp
}

// heldChunk is spilled chunk k read back whole.
type heldChunk struct {
	k int
	s string
}

// span is where a spilled chunk or long string is in its file.
type span struct {
	off int64
	n   int32 // a long string is at most MaxInt32 bytes (Spill)
}

// Ref is a string in an Arena: its chunk's index shifted left by
// chunkBits plus its offset in the chunk, where the string's length
// comes first (one byte below 128, else two: seven bits each, the low
// ones first and the high bit of the first byte set), then its bytes.
// With refLong set, the rest is its index in long. The zero Ref is the
// empty string: the first chunk's first byte is left unused, so no string
// is at offset 0 of chunk 0. Keeping the length in the arena, a byte or
// two, makes a reference 4 bytes instead of 8.
type Ref uint32

const (
	chunkBits = 16
	chunkSize = 1 << chunkBits // bytes in a chunk
	// MaxInChunk is the longest string a chunk takes: a longer one is
	// kept on its own, so that a chunk is left with less than this
	// unused. It is below 1<<14, so its length takes at most two bytes.
	MaxInChunk = 1 << 10
	refLong    = Ref(1) << 31
	maxChunks  = 1 << (31 - chunkBits)
)

// Add keeps a copy of s (which may be a piece of a row's text, of a
// workbook's string table or of a ledger row's buffer, none of which the
// arena must keep alive) and returns its reference.
func (a *Arena) Add(s string) Ref {
	if s == "" {
		return 0
	}
	if len(s) > MaxInChunk {
		return a.addLong(s)
	}
	// The length as it goes before the string (Ref).
	var lenBuf [2]byte
	head := lenBuf[:1]
	lenBuf[0] = byte(len(s))
	if len(s) >= 0x80 {
		lenBuf[0] |= 0x80
		lenBuf[1] = byte(len(s) >> 7)
		head = lenBuf[:2]
	}
	k := len(a.chunks) - 1
	if k < 0 || a.chunks[k].Len()+len(head)+len(s) > chunkSize {
		if len(a.chunks) == maxChunks {
			return a.addLong(s)
		}
		b := new(strings.Builder)
		b.Grow(chunkSize)
		if k < 0 {
			b.WriteByte(0) // left unused: offset 0 of chunk 0 is the zero Ref
		}
		a.chunks = append(a.chunks, b)
		k++
	}
	b := a.chunks[k]
	r := Ref(k)<<chunkBits | Ref(b.Len())
	b.Write(head)
	b.WriteString(s) // within the capacity Grow gave: the chunk does not move
	return r
}

func (a *Arena) addLong(s string) Ref {
	a.long = append(a.long, strings.Clone(s))
	return refLong | Ref(len(a.long)-1)
}

// Get is the string r refers to, which must not be spilled (Spilled); it
// does not allocate.
func (a *Arena) Get(r Ref) string {
	switch {
	case r == 0:
		return ""
	case r&refLong != 0:
		return a.long[r&^refLong]
	}
	s, _ := decode(a.chunks[r>>chunkBits].String(), int(r&(chunkSize-1)))
	return s
}

// decode is the string at offset off of a chunk's bytes b, or of a piece
// of them starting at off (off 0); ok is false if b ends before it does.
func decode[B ~string | ~[]byte](b B, off int) (s B, ok bool) {
	if off >= len(b) {
		return s, false
	}
	n := int(b[off])
	off++
	if n >= 0x80 {
		if off >= len(b) {
			return s, false
		}
		n = n&0x7f | int(b[off])<<7
		off++
	}
	if off+n > len(b) {
		return s, false
	}
	return b[off : off+n], true
}

// Mark is a point in the strings added to an arena: the strings added
// before it can be spilled (Spill) once no string added before it is
// needed in memory.
type Mark struct{ chunks, long int }

// Mark is the point after the last string added so far.
func (a *Arena) Mark() Mark { return Mark{len(a.chunks), len(a.long)} }

// Spill writes the strings added before m to w, from offset *end on
// (which it moves past them), in one write, and lets them go from
// memory: a Get of one of them must then not be made, a Reader reads it
// back from the file. The chunk being filled at m is kept, as strings
// added after m may be in it. Strings spilled already are not written
// again. If the write fails, nothing is let go.
func (a *Arena) Spill(m Mark, w io.WriterAt, end *int64) error {
	sp := a.spilled()
	lastChunk := m.chunks - 1 // being filled at m
	if lastChunk <= sp.chunks && m.long <= sp.long {
		return nil
	}
	var buf []byte
	var chunkAt, longAt []span
	at := func(n int) span { return span{off: *end + int64(len(buf)), n: int32(n)} }
	for k := sp.chunks; k < lastChunk; k++ {
		s := a.chunks[k].String()
		chunkAt = append(chunkAt, at(len(s)))
		buf = append(buf, s...)
	}
	for i := sp.long; i < m.long; i++ {
		s := a.long[i]
		if len(s) > 1<<31-1 || len(buf)+len(s) > 1<<31-1 {
			return errors.New("strarena: a string of more than 2 GB")
		}
		longAt = append(longAt, at(len(s)))
		buf = append(buf, s...)
	}
	if _, err := w.WriteAt(buf, *end); err != nil {
		return err
	}
	*end += int64(len(buf))
	for k := sp.chunks; k < lastChunk; k++ {
		a.chunks[k] = nil
	}
	for i := sp.long; i < m.long; i++ {
		a.long[i] = ""
	}
	sp.chunks, sp.long = max(sp.chunks, lastChunk), max(sp.long, m.long)
	sp.chunkAt = append(sp.chunkAt, chunkAt...)
	sp.longAt = append(sp.longAt, longAt...)
	a.sp = sp
	return nil
}

// Spilled says whether r's string is in the file Spill wrote, not in
// memory.
func (a *Arena) Spilled(r Ref) bool {
	switch {
	case r == 0 || a.sp == nil:
		return false
	case r&refLong != 0:
		return int(r&^refLong) < a.sp.long
	}
	return int(r>>chunkBits) < a.sp.chunks
}

// A Reader reads an arena's strings, spilled or not, through the ReaderAt
// the arena was spilled to. Whole, it reads a spilled chunk whole and
// keeps the last one read, for strings read in the order they were
// added (a chunk is then read once); otherwise each spilled string is
// read by itself, for strings read in any order. A Reader is for one
// goroutine; several may read one arena at once, once no string is added
// to it and none spilled.
type Reader struct {
	a     *Arena
	r     io.ReaderAt
	whole bool
	held  int    // 1 + the chunk in chunk; 0 for none
	chunk string // a spilled chunk read back whole
}

// NewReader is a Reader of a's strings from r (nil if none is spilled).
func NewReader(a *Arena, r io.ReaderAt, whole bool) Reader {
	return Reader{a: a, r: r, whole: whole}
}

// Get is the string ref refers to. One read back from the file is a copy
// of its own, or a piece of the chunk read whole.
func (rd *Reader) Get(ref Ref) (string, error) {
	a := rd.a
	if !a.Spilled(ref) {
		return a.Get(ref), nil
	}
	if ref&refLong != 0 {
		sp := a.sp.longAt[ref&^refLong]
		b := make([]byte, sp.n)
		if err := readFull(rd.r, b, sp.off); err != nil {
			return "", err
		}
		return unsafe.String(unsafe.SliceData(b), len(b)), nil
	}
	k, off := int(ref>>chunkBits), int(ref&(chunkSize-1))
	sp := a.sp.chunkAt[k]
	if rd.whole {
		if rd.held != k+1 {
			rd.held = 0
			s, err := rd.readChunk(k)
			if err != nil {
				return "", err
			}
			rd.chunk, rd.held = s, k+1
		}
		return checked(decode(rd.chunk, off))
	}
	if h := a.sp.shared.Load(); h != nil && h.k == k {
		return checked(decode(h.s, off))
	}
	if a.sp.lastOne.Swap(int64(k+1)) == int64(k+1) {
		s, err := rd.readChunk(k)
		if err != nil {
			return "", err
		}
		a.sp.shared.Store(&heldChunk{k: k, s: s})
		return checked(decode(s, off))
	}
	// Most strings are short: their length and bytes come in one read of
	// shortRead bytes, a longer one takes a second read.
	const shortRead = 64
	b := make([]byte, min(shortRead, int(sp.n)-off))
	if err := readFull(rd.r, b, sp.off+int64(off)); err != nil {
		return "", err
	}
	if s, ok := decode(b, 0); ok {
		return string(s), nil
	}
	head := 2 // decode failed: a length of one byte would have fitted
	if b[0] < 0x80 {
		return "", errCorrupt
	}
	n := int(b[0]&0x7f) | int(b[1])<<7
	s := make([]byte, n)
	if err := readFull(rd.r, s, sp.off+int64(off+head)); err != nil {
		return "", err
	}
	return unsafe.String(unsafe.SliceData(s), n), nil
}

// readChunk reads spilled chunk k back whole.
func (rd *Reader) readChunk(k int) (string, error) {
	sp := rd.a.sp.chunkAt[k]
	b := make([]byte, sp.n)
	if err := readFull(rd.r, b, sp.off); err != nil {
		return "", err
	}
	// b is not written again: the chunk's strings are pieces of it.
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// errCorrupt is a string read back that does not fit its chunk: the file
// was changed by someone else.
var errCorrupt = errors.New("strarena: a spilled string runs past its chunk")

func checked(s string, ok bool) (string, error) {
	if !ok {
		return "", errCorrupt
	}
	return s, nil
}

// readFull reads len(b) bytes at off: a ReaderAt that reads them all may
// still say io.EOF, at the end of the file.
func readFull(r io.ReaderAt, b []byte, off int64) error {
	n, err := r.ReadAt(b, off)
	if n == len(b) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = fmt.Errorf("strarena: %d bytes of %d read back at %d: %w", n, len(b), off, io.ErrUnexpectedEOF)
	}
	return err
}
