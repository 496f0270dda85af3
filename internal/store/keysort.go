package store

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"sort"
)

// keySorter sorts the positions of a list of documents by key
// (invoice.Document.AppendKey), then by position, and leaves out every
// row but the first of a key (uniqueByKey). It keeps no key: a row is its
// position and a 64-bit code of its key (keyCode) beside it, 12 bytes.
// The codes are sorted; a run of rows whose codes are the same and do not
// say all of their keys is sorted again on the bytes that follow, with
// those rows' keys made again (sortRun). Only a run of at most smallRun
// rows keeps its keys, to sort them whole.
type keySorter struct {
	docs  DocList
	pos   []int32  // positions, in the order worked out so far
	codes []uint64 // codes[i] is the code of document pos[i]'s key, within the run being sorted
}

// keyScratch holds the keys of a sample (reference) or of a small run
// (sortSmall), reused from one to the next: each goroutine that sorts
// runs again has its own.
type keyScratch struct {
	arena []byte
	spans []keySpan
	ref   []byte
}

// keySpan is the key of document pos in a keyScratch's arena.
type keySpan struct {
	pos        int32
	start, end int
}

// add makes the key of document pos into the arena.
func (sc *keyScratch) add(docs DocList, pos int32) {
	d := docs.Document(int(pos))
	start := len(sc.arena)
	sc.arena = d.AppendKey(sc.arena)
	sc.spans = append(sc.spans, keySpan{pos, start, len(sc.arena)})
}

func (sc *keyScratch) key(k keySpan) []byte { return sc.arena[k.start:k.end] }

const (
	// smallRun is the longest run sorted by its whole keys.
	smallRun = 32
	// refSample is how many keys of a run are sampled for its reference.
	refSample = 16
)

// A key's code says where the key stands against the run's reference key
// R, a key of the run: below it, the same, or above it. Of a key K other
// than R it then gives the gap, the bytes K and R have in common after
// the base (the bytes all keys of the run share), and the next codeBytes
// bytes of K (zeros past its end) with how many of them K has (codeBytes+1
// when it goes on past them). Keys below R sort by a wider gap later (they
// part from R later, and at that byte are below it), keys above R by a
// wider gap earlier: so comparing the codes as numbers compares the keys
// as far as the codes go. Two codes that are the same say all of both
// keys (so the keys are the same) unless the keys go on past the bytes in
// the code: those are sorted again from there (codeBase).
//
// A gap of codeMaxGap or more is given as codeMaxGap with no bytes: keys
// that share that much of R are sorted again from base+codeMaxGap.
//
// The bits, from the top: 2 for below, same or above; 11 for the gap
// (below R), or codeMaxGap less the gap (above R); 48 for the bytes; 3 for
// how many.
const (
	codeBytes    = 6
	codeGapShift = 8*codeBytes + 3
	codeMaxGap   = 1<<11 - 1
	codeMore     = codeBytes + 1 // the key goes on past the code's bytes

	codeBelow = 0 << 62
	codeSame  = 1 << 62
	codeAbove = 2 << 62
)

// keyCode is the code of key against ref, both starting with the same
// base bytes.
func keyCode(key, ref []byte, base int) uint64 {
	l := base + commonPrefix(key[base:], ref[base:])
	if l == len(key) && l == len(ref) {
		return codeSame
	}
	below := l == len(key) || l < len(ref) && key[l] < ref[l]
	gap := l - base
	if gap >= codeMaxGap {
		if below {
			return codeBelow | codeMaxGap<<codeGapShift | codeMore
		}
		return codeAbove | codeMore
	}
	rest := key[l:]
	var b uint64
	if len(rest) >= 8 {
		b = binary.BigEndian.Uint64(rest) >> (64 - 8*codeBytes)
	} else {
		for i := range codeBytes {
			b <<= 8
			if i < len(rest) {
				b |= uint64(rest[i])
			}
		}
	}
	code := b<<3 | uint64(min(len(rest), codeMore))
	if below {
		return codeBelow | uint64(gap)<<codeGapShift | code
	}
	return codeAbove | uint64(codeMaxGap-gap)<<codeGapShift | code
}

// codeExact says whether keys with this same code are the same key.
func codeExact(code uint64) bool {
	return code&(3<<62) == codeSame || code&7 != codeMore
}

// codeBase is how many bytes the keys that share code (not codeExact) and
// the base before it have in common: they are sorted again from there.
func codeBase(code uint64, base int) int {
	gap := int(code >> codeGapShift & codeMaxGap)
	if code&(3<<62) == codeAbove {
		gap = codeMaxGap - gap
	}
	if gap == codeMaxGap {
		return base + codeMaxGap
	}
	return base + gap + codeBytes
}

// commonPrefix is how many bytes a and b have in common from the start.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for ; i+8 <= n; i += 8 {
		if x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:]); x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// code makes the keys of the run pos[lo:hi], whose keys share their first
// base bytes, and sets their codes against a reference of the run, in w
// parts at once. With errs (the first pass over the file) it also records
// each part's first document that storable refuses.
func (s *keySorter) code(lo, hi, base, w int, errs []error, sc *keyScratch) {
	if lo == hi {
		return // an empty file: no reference to pick
	}
	ref := s.reference(lo, hi, base, sc)
	parallel(hi-lo, w, func(part, plo, phi int) {
		document := s.docs.Document
		if c, ok := s.docs.(docCursors); ok && errs != nil {
			// The first pass: each part's positions are in file order.
			document = c.DocumentCursor()
		}
		var key []byte
		for i := lo + plo; i < lo+phi; i++ {
			d := document(int(s.pos[i]))
			if errs != nil && errs[part] == nil {
				errs[part] = storable(&d)
			}
			key = d.AppendKey(key[:0])
			s.codes[i] = keyCode(key, ref, base)
		}
	})
}

// reference picks the reference key of the run pos[lo:hi] (keyCode): of
// a few of its keys, evenly spread, the one against which the fewest of
// them tie (share a code that is not codeExact), as those would have to
// be made again. In a file of numbered invoices any one will do: the
// codes hold the digits after those a key shares with it. In a file of
// invoices and credit notes, an invoice leaves the credit notes tied on
// "credit" and a credit note the invoices on "invoic": this picks the
// kind with more keys in the sample.
func (s *keySorter) reference(lo, hi, base int, sc *keyScratch) []byte {
	k := min(refSample, 1+(hi-lo)/64)
	sc.arena, sc.spans = sc.arena[:0], sc.spans[:0]
	for t := range k {
		sc.add(s.docs, s.pos[lo+t*(hi-lo)/k])
	}
	var codes [refSample]uint64
	best, bestTied := 0, k+1
	for a, ref := range sc.spans {
		for b, kb := range sc.spans {
			codes[b] = keyCode(sc.key(kb), sc.key(ref), base)
		}
		slices.Sort(codes[:k])
		tied := 0
		for i := 0; i < k; {
			j := i + 1
			for j < k && codes[j] == codes[i] {
				j++
			}
			if j-i > 1 && !codeExact(codes[i]) {
				tied += j - i
			}
			i = j
		}
		if tied < bestTied {
			best, bestTied = a, tied
		}
	}
	sc.ref = append(sc.ref[:0], sc.key(sc.spans[best])...)
	return sc.ref
}

// sortCoded sorts the run pos[lo:hi], whose codes are set against base,
// moves the first row of each key to the front of it, in key order, and
// returns how many those are. Each group of rows whose codes are the same
// but not codeExact is sorted again on the bytes after the code
// (settle). With w > 1 the groups are settled in w parts at once, cut
// where a group starts: in a file without invoice numbers, say, the
// codes tie on the client's name and every key is made again.
func (s *keySorter) sortCoded(lo, hi, base, w int, sc *keyScratch) int {
	sortByCode(s.codes[lo:hi], s.pos[lo:hi])
	if w <= 1 {
		s.settle(lo, hi, base, 1, sc)
	} else {
		cuts := make([]int, w+1)
		cuts[0], cuts[w] = lo, hi
		for p := 1; p < w; p++ {
			c, _ := partBounds(p, hi-lo, w)
			c = max(lo+c, cuts[p-1])
			for c > lo && c < hi && s.codes[c] == s.codes[c-1] {
				c++
			}
			cuts[p] = c
		}
		parallel(hi-lo, w, func(part, _, _ int) {
			s.settle(cuts[part], cuts[part+1], base, w, &keyScratch{})
		})
	}
	// Each group's first code now says how long the group is and how
	// many of its rows it keeps, at its front.
	out := lo
	for i := lo; i < hi; {
		size, kept := int(s.codes[i]>>32), int(s.codes[i]&math.MaxUint32)
		copy(s.pos[out:], s.pos[i:i+kept])
		out += kept
		i += size
	}
	return out - lo
}

// settle sorts each group of rows of pos[lo:hi] whose codes are the same
// (the run being sorted by code) by key and position, the first row of
// each key at the front of the group, and replaces the group's first code
// by the group's length (high 32 bits) and how many rows it keeps. A long
// group is coded again in w parts (workers).
func (s *keySorter) settle(lo, hi, base, w int, sc *keyScratch) {
	for i := lo; i < hi; {
		j := i + 1
		for j < hi && s.codes[j] == s.codes[i] {
			j++
		}
		kept := 1 // of the same key, the first position comes first
		if j-i > 1 && !codeExact(s.codes[i]) {
			kept = s.sortRun(i, j, codeBase(s.codes[i], base), min(w, workers(j-i)), sc)
		}
		s.codes[i] = uint64(j-i)<<32 | uint64(kept)
		i = j
	}
}

// sortRun sorts the run pos[lo:hi], whose keys share their first base
// bytes, as sortCoded does: by their whole keys if it is short, else
// coding its keys again from base.
func (s *keySorter) sortRun(lo, hi, base, w int, sc *keyScratch) int {
	if hi-lo <= smallRun {
		return s.sortSmall(lo, hi, sc)
	}
	s.code(lo, hi, base, w, nil, sc)
	return s.sortCoded(lo, hi, base, w, sc)
}

// sortSmall sorts the run pos[lo:hi] by key and position, its keys made
// into the scratch arena, and moves the first row of each key to the
// front of it.
func (s *keySorter) sortSmall(lo, hi int, sc *keyScratch) int {
	sc.arena, sc.spans = sc.arena[:0], sc.spans[:0]
	for _, p := range s.pos[lo:hi] {
		sc.add(s.docs, p)
	}
	slices.SortFunc(sc.spans, func(a, b keySpan) int {
		if c := bytes.Compare(sc.key(a), sc.key(b)); c != 0 {
			return c
		}
		return int(a.pos - b.pos)
	})
	out := lo
	for i, k := range sc.spans {
		if i > 0 && bytes.Equal(sc.key(k), sc.key(sc.spans[i-1])) {
			continue
		}
		s.pos[out] = k.pos
		out++
	}
	return out - lo
}

// sortByCode sorts codes and pos together by code, then position, with
// the sort package's pdqsort through codedPairs: a slice of pairs would
// take 16 bytes a row, the two slices 12.
func sortByCode(codes []uint64, pos []int32) { sort.Sort(codedPairs{codes, pos}) }

// codedPairs is codes and pos as one sort.Interface.
type codedPairs struct {
	codes []uint64
	pos   []int32
}

func (c codedPairs) Len() int { return len(c.codes) }

func (c codedPairs) Less(i, j int) bool {
	return c.codes[i] < c.codes[j] || c.codes[i] == c.codes[j] && c.pos[i] < c.pos[j]
}

func (c codedPairs) Swap(i, j int) {
	c.codes[i], c.codes[j] = c.codes[j], c.codes[i]
	c.pos[i], c.pos[j] = c.pos[j], c.pos[i]
}
