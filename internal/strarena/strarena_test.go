package strarena

import (
	"errors"
	"fmt"
	"io"
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

// memFile is a file in memory: it counts its reads, and fails its writes
// once failWrites is set and its reads once failReads is.
type memFile struct {
	b                     []byte
	reads                 int
	failWrites, failReads bool
}

func (m *memFile) WriteAt(p []byte, off int64) (int, error) {
	if m.failWrites {
		return 0, errors.New("no space left")
	}
	if need := int(off) + len(p); need > len(m.b) {
		m.b = append(m.b, make([]byte, need-len(m.b))...)
	}
	return copy(m.b[off:], p), nil
}

func (m *memFile) ReadAt(p []byte, off int64) (int, error) {
	m.reads++
	if m.failReads {
		return 0, errors.New("read error")
	}
	if int(off) >= len(m.b) {
		return 0, io.EOF
	}
	n := copy(p, m.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// TestSpill: strings spilled to a file in two steps, each up to a mark,
// come back as they went in through a Reader, whole or a string at a
// time, in order and in another order; the chunk being filled at the
// mark stays in memory, and so does every string added after the mark;
// a failed write lets nothing go.
func TestSpill(t *testing.T) {
	t.Parallel()
	var a Arena
	var in []string
	var refs []Ref
	put := func(s string) {
		in = append(in, s)
		refs = append(refs, a.Add(s))
	}
	// 20-byte strings (21 with their length), the empty one, strings
	// with a two-byte length and strings in long, here and there.
	for i := range 3 * chunkSize / 21 {
		switch {
		case i%997 == 5:
			put(strings.Repeat(string(rune('a'+i%26)), MaxInChunk+1+i%3))
		case i%501 == 7:
			put(strings.Repeat("B", 128+i%200))
		case i%13 == 0:
			put("")
		default:
			put(fmt.Sprintf("INV-%016d", i))
		}
	}
	m1, n1 := a.Mark(), len(in) // in the third chunk
	for i := range chunkSize / 21 {
		put(fmt.Sprintf("NEXT-%015d", i))
	}
	put(strings.Repeat("L", 2*MaxInChunk))
	m2, n2 := a.Mark(), len(in)
	put("AFTER")
	put(strings.Repeat("Z", MaxInChunk+7))
	if len(a.chunks) != 4 {
		t.Fatalf("%d chunks, want 4", len(a.chunks))
	}

	f := &memFile{failWrites: true}
	end := int64(100) // where the spill starts: after the file's own data
	if err := a.Spill(m1, f, &end); err == nil || end != 100 || a.Spilled(refs[1]) || a.Get(refs[1]) != in[1] {
		t.Fatalf("a failed spill: error %v, end %d, first string in memory %v; want an error, nothing moved", err, end, !a.Spilled(refs[1]))
	}
	f.failWrites = false
	if err := a.Spill(m1, f, &end); err != nil {
		t.Fatal(err)
	}
	if a.chunks[0] != nil || a.chunks[1] != nil || a.chunks[2] == nil || end == 100 || int(end) != len(f.b) {
		t.Errorf("spilled up to a mark in chunk 2: chunks in memory %v %v %v, end %d (file %d bytes); want the first two out, the end after them",
			a.chunks[0] != nil, a.chunks[1] != nil, a.chunks[2] != nil, end, len(f.b))
	}
	end1 := end
	if err := a.Spill(m1, f, &end); err != nil || end != end1 {
		t.Errorf("spilled again up to the same mark: %v, end %d, want nothing written (%d)", err, end, end1)
	}
	if err := a.Spill(m2, f, &end); err != nil {
		t.Fatal(err)
	}

	check := func(name string, rd Reader, order []int) {
		t.Helper()
		for _, i := range order {
			got, err := rd.Get(refs[i])
			if err != nil {
				t.Fatalf("%s: string %d: %v", name, i, err)
			}
			if got != in[i] {
				t.Fatalf("%s: string %d: got %.30q (%d bytes), want %.30q (%d)", name, i, got, len(got), in[i], len(in[i]))
			}
		}
	}
	var forward, scattered []int
	for i := range in {
		forward = append(forward, i)
		scattered = append(scattered, (i*7919)%len(in)) // prime to the count: each once
	}
	if len(in)%7919 == 0 {
		t.Fatal("test data: the stride must be prime to the count")
	}
	for i, r := range refs {
		wantSpilled := i < n2 && (r&refLong != 0 || int(r>>chunkBits) < 3) && in[i] != ""
		if a.Spilled(r) != wantSpilled {
			t.Fatalf("string %d (%.10q, ref %#x): spilled %v, want %v", i, in[i], r, a.Spilled(r), wantSpilled)
		}
	}
	if !a.Spilled(refs[n1]) || a.Spilled(refs[len(refs)-1]) {
		t.Error("the strings after the first mark are not spilled with the second, or the last long string is")
	}
	check("whole, in order", NewReader(&a, f, true), forward)
	check("whole, scattered", NewReader(&a, f, true), scattered)
	check("one at a time, in order", NewReader(&a, f, false), forward)
	check("one at a time, scattered", NewReader(&a, f, false), scattered)

	// Read whole in order, each spilled chunk is read once.
	f.reads = 0
	check("whole, counted", NewReader(&a, f, true), forward)
	if f.reads > 3+len(a.sp.longAt) {
		t.Errorf("%d reads of the file for the strings in order, want one for each of 3 chunks and %d long strings", f.reads, len(a.sp.longAt))
	}
	// Read one at a time in order, as a ledger's import often asks for a
	// file's documents, a chunk is read whole at its second string and
	// shared from then on.
	f.reads = 0
	check("one at a time, counted", NewReader(&a, f, false), forward)
	if f.reads > 2*3+len(a.sp.longAt) {
		t.Errorf("%d reads of the file for the strings in order, one at a time; want two for each of 3 chunks and one for each of %d long strings", f.reads, len(a.sp.longAt))
	}
	// A failed read is an error, not a wrong string.
	f.failReads = true
	for _, whole := range []bool{true, false} {
		rd := NewReader(&a, f, whole)
		if s, err := rd.Get(refs[len(refs)/2]); err == nil {
			t.Errorf("whole %v: read with the file failing: %q, want an error", whole, s)
		}
	}
}
