// Package strarena keeps many short strings (invoice numbers) end to end
// in chunks, each behind a 4-byte Ref: a record that holds a Ref instead
// of a string saves its 16-byte header and the string's allocation of its
// own (a million-row table has a million numbers, most of them a dozen
// bytes). It is a leaf: the reader's parsed rows (ingest) and a report's
// open invoices (analytics) both keep their numbers in one.
package strarena

import "strings"

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

// Get is the string r refers to; it does not allocate.
func (a *Arena) Get(r Ref) string {
	switch {
	case r == 0:
		return ""
	case r&refLong != 0:
		return a.long[r&^refLong]
	}
	s := a.chunks[r>>chunkBits].String()
	off := int(r & (chunkSize - 1))
	n := int(s[off])
	off++
	if n >= 0x80 {
		n = n&0x7f | int(s[off])<<7
		off++
	}
	return s[off : off+n]
}
