package strarena

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// TestArena: strings come back as they went in, across chunks, with
// lengths of one and two bytes, longer than a chunk takes, and past the
// last chunk a Ref can address; none is a piece of the string it was
// made from, and only the empty string is the zero Ref.
func TestArena(t *testing.T) {
	t.Parallel()
	var a Arena
	var in []string
	var refs []Ref
	put := func(s string) {
		in = append(in, s)
		refs = append(refs, a.Add(s))
	}
	put("")
	put(strings.Repeat("L", MaxInChunk+1)) // in long
	// 12-byte numbers, 13 with their length: a little more than three
	// chunks. Blanks must stay.
	for i := range 3 * chunkSize / 12 {
		put(fmt.Sprintf(" F-%07d  ", i))
	}
	// The longest lengths of one byte and the shortest of two.
	put(strings.Repeat("A", 127))
	put(strings.Repeat("B", 128))
	put(strings.Repeat("M", MaxInChunk)) // the longest a chunk takes
	if len(a.chunks) != 4 || len(a.long) != 1 {
		t.Errorf("%d chunks and %d long strings, want 4 and 1", len(a.chunks), len(a.long))
	}
	for i, r := range refs {
		got := a.Get(r)
		if got != in[i] {
			t.Fatalf("string %d: got %q, want %q", i, got, in[i])
		}
		if got != "" && unsafe.StringData(got) == unsafe.StringData(in[i]) {
			t.Fatalf("string %d is the string it was made from, not a copy", i)
		}
		if (r == 0) != (in[i] == "") {
			t.Fatalf("string %d (%.10q) has the ref %d", i, in[i], r)
		}
	}

	// The end of a chunk: after its first byte, unused, 63 strings of 1022
	// bytes take 63 * 1024 (two bytes of length each), which leaves 1023.
	// A last string of 1021 bytes fills the chunk to its last byte; one of
	// 1022 does not fit and starts a second chunk. No chunk grows past its
	// size: a chunk that moved would leave the strings already handed out
	// in its old copy.
	for _, last := range []int{1021, 1022} {
		var f Arena
		var frefs []Ref
		var fin []string
		for i := range 64 {
			s := strings.Repeat(string(rune('a'+i%26)), 1022)
			if i == 63 {
				s = s[:last]
			}
			fin = append(fin, s)
			frefs = append(frefs, f.Add(s))
		}
		fin = append(fin, "Z")
		frefs = append(frefs, f.Add("Z"))
		wantLen := chunkSize
		if last == 1022 {
			wantLen = 1 + 63*1024
		}
		if len(f.chunks) != 2 || f.chunks[0].Len() != wantLen || f.chunks[0].Cap() != chunkSize || f.chunks[1].Cap() != chunkSize {
			t.Errorf("last string of %d bytes: %d chunks, the first of %d bytes, capacities %d and %d; want 2 of %d, the first holding %d",
				last, len(f.chunks), f.chunks[0].Len(), f.chunks[0].Cap(), f.chunks[len(f.chunks)-1].Cap(), chunkSize, wantLen)
		}
		for i, r := range frefs {
			if got := f.Get(r); got != fin[i] {
				t.Fatalf("last string of %d bytes, string %d: got %.10q (%d bytes), want %.10q (%d)", last, i, got, len(got), fin[i], len(fin[i]))
			}
		}
	}

	// Every chunk a Ref can address used: the next string goes in long.
	full := new(strings.Builder)
	full.WriteString(strings.Repeat("x", chunkSize))
	b := Arena{chunks: make([]*strings.Builder, maxChunks)}
	for i := range b.chunks {
		b.chunks[i] = full
	}
	r := b.Add("F-9")
	if r&refLong == 0 || b.Get(r) != "F-9" {
		t.Errorf("past the last chunk: ref %#x gives %q, want F-9 in long", r, b.Get(r))
	}
}
