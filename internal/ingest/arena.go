package ingest

import "strings"

// numArena keeps the invoice numbers of a table's rows end to end in
// chunks of numChunk bytes, each after its length: a row holds a 4-byte
// numRef instead of a 16-byte string header and an allocation of its own
// (a million-row table has a million numbers, most of them a dozen bytes).
//
// A chunk is a strings.Builder grown once to its full size, so appending
// never moves the bytes already written: a number is a piece of its
// chunk's String, which stays valid, and nothing in the arena ever
// changes once written. The table's documents are made after the last row
// is read, when the arena is only read, so they may be made from several
// goroutines.
type numArena struct {
	chunks []*strings.Builder
	// long holds the numbers that do not go in a chunk: longer than
	// numMaxInChunk, or past the last chunk a numRef can address.
	long []string
}

// numRef is a number in a numArena: its chunk's index shifted left by
// numChunkBits plus its offset in the chunk, where the number's length
// comes first (one byte below 128, else two: seven bits each, the low
// ones first and the high bit of the first byte set), then its bytes.
// With numLong set, the rest is its index in long. The zero numRef is the
// empty number: the first chunk's first byte is left unused, so no number
// is at offset 0 of chunk 0. Keeping the length in the arena, a byte or
// two, makes a row's reference 4 bytes instead of 8.
type numRef uint32

const (
	numChunkBits = 16
	numChunk     = 1 << numChunkBits // bytes in a chunk
	// numMaxInChunk: a longer number goes in long, so that a chunk is
	// left with less than this unused. It is below 1<<14, so its length
	// takes at most two bytes.
	numMaxInChunk = 1 << 10
	numLong       = numRef(1) << 31
	numMaxChunks  = 1 << (31 - numChunkBits)
)

// add keeps a copy of s (a cell, which may be a piece of a row's text or
// of the workbook's string table, which the documents must not keep
// alive) and returns its reference.
func (a *numArena) add(s string) numRef {
	if s == "" {
		return 0
	}
	if len(s) > numMaxInChunk {
		return a.addLong(s)
	}
	// The length as it goes before the number (numRef).
	var lenBuf [2]byte
	head := lenBuf[:1]
	lenBuf[0] = byte(len(s))
	if len(s) >= 0x80 {
		lenBuf[0] |= 0x80
		lenBuf[1] = byte(len(s) >> 7)
		head = lenBuf[:2]
	}
	k := len(a.chunks) - 1
	if k < 0 || a.chunks[k].Len()+len(head)+len(s) > numChunk {
		if len(a.chunks) == numMaxChunks {
			return a.addLong(s)
		}
		b := new(strings.Builder)
		b.Grow(numChunk)
		if k < 0 {
			b.WriteByte(0) // left unused: offset 0 of chunk 0 is the zero numRef
		}
		a.chunks = append(a.chunks, b)
		k++
	}
	b := a.chunks[k]
	r := numRef(k)<<numChunkBits | numRef(b.Len())
	b.Write(head)
	b.WriteString(s) // within the capacity Grow gave: the chunk does not move
	return r
}

func (a *numArena) addLong(s string) numRef {
	a.long = append(a.long, strings.Clone(s))
	return numLong | numRef(len(a.long)-1)
}

// get is the number r refers to; it does not allocate.
func (a *numArena) get(r numRef) string {
	switch {
	case r == 0:
		return ""
	case r&numLong != 0:
		return a.long[r&^numLong]
	}
	s := a.chunks[r>>numChunkBits].String()
	off := int(r & (numChunk - 1))
	n := int(s[off])
	off++
	if n >= 0x80 {
		n = n&0x7f | int(s[off])<<7
		off++
	}
	return s[off : off+n]
}

// currencies numbers the currency codes of a table's rows in order of
// first use: a row holds a 2-byte currencyRef instead of a 16-byte string
// header. A table has few currencies (the codes come from the parser's
// tables of ISO codes and names), so a short list searched in order does.
type currencies []string

// currencyRef is 1 + a code's index in its table's currencies; 0 is no
// currency.
type currencyRef uint16

// ref numbers code, adding it on first use.
func (cs *currencies) ref(code string) currencyRef {
	if code == "" {
		return 0
	}
	for i, c := range *cs {
		if c == code {
			return currencyRef(i + 1)
		}
	}
	if len(*cs) == int(^currencyRef(0)) {
		// There are far fewer currency codes than this.
		panic("ingest: more currencies in a table than a currencyRef can number")
	}
	// A copy: an ISO code may be a piece of an amount's cell.
	*cs = append(*cs, strings.Clone(code))
	return currencyRef(len(*cs))
}

// code is the currency code r refers to, "" for none.
func (cs currencies) code(r currencyRef) string {
	if r == 0 {
		return ""
	}
	return cs[r-1]
}
