package ingest

import "encoding/binary"

// rowSet is the duplicate check's set of row keys: an exact hash set of
// 12-byte keys in 13 to 18 bytes a key (15 on average), where a Go map
// took 23 to 29 (45 MB at 2M rows, the largest thing that grew with the
// rows).
//
// It is extendible hashing. A directory, indexed by the top bits of the
// key's first 64 bits, points to pages of a few KB; inside a page the
// keys are in one array with linear probing, started from other bits of
// the key. The keys are hash sums, uniformly spread, so their bits are
// used as they are, without hashing again. A page past 9/10 full moves to
// the next of a few sizes (341, 405 and 512 slots, which fill the
// allocator's 4096, 4864 and 6144-byte size classes exactly), and a page
// of 512 splits in two by the next bit of the key, each half in a page of
// 341 (about 2/3 full). So a page is about 2/3 to 9/10 full; pages of one
// size, split at 9/10, would be 0.62 full on average (19 bytes a key).
// Nothing larger than a page and the directory (32 KB at a million keys)
// is ever allocated: a table that doubled would need the old and the new
// one at once, a spike of 3 times the set at the worst moment.
type rowSet struct {
	dir   []*rowPage // 1<<depth entries; a page of depth d fills 1<<(depth-d) in a row
	depth uint       // the directory's: the bits of the key that index it
	n     int
	// zero: the all-zero key, which cannot be stored as it marks an empty
	// slot, is in the set.
	zero bool
}

type rowPage struct {
	slots []rowKey
	n     int
	depth uint // the page's keys share this many top bits
}

// pageSlots are the page sizes, smallest first. A page larger than the
// last is made only when a split is refused (rowSet.canSplit).
var pageSlots = [...]int{341, 405, 512}

// full reports whether a page of size slots holding n keys is past the
// load where probing gets long: 9/10 (50 probes for a missing key on
// average, all in a few cache lines).
func full(n, slots int) bool { return n*10 > slots*9 }

// slotsFor is the smallest page size that holds n keys without being full.
func slotsFor(n int) int {
	for _, c := range pageSlots {
		if !full(n, c) {
			return c
		}
	}
	c := pageSlots[len(pageSlots)-1]
	for full(n, c) {
		c *= 2
	}
	return c
}

// keyBits splits a key: hi indexes the directory from its top bits; start
// picks the first slot from bits the directory does not use.
func keyBits(k *rowKey) (hi uint64, start uint32) {
	hi = binary.LittleEndian.Uint64(k[:8])
	return hi, binary.LittleEndian.Uint32(k[8:]) ^ uint32(hi)
}

// home is the slot where the probe for a key starts: start scaled to the
// page size (a multiply and a shift, as the sizes are not powers of two).
func home(start uint32, slots int) int {
	return int(uint64(start) * uint64(slots) >> 32)
}

// insert adds k and reports whether it was already in the set.
func (s *rowSet) insert(k rowKey) bool {
	if k == (rowKey{}) {
		had := s.zero
		if !had {
			s.zero = true
			s.n++
		}
		return had
	}
	if s.dir == nil {
		s.dir = []*rowPage{{slots: make([]rowKey, pageSlots[0])}}
	}
	hi, start := keyBits(&k)
	// A shift by 64 (depth 0) gives 0 in Go: the one entry.
	p := s.dir[hi>>(64-s.depth)]
	slots := p.slots
	i := home(start, len(slots))
	for {
		switch slots[i] {
		case k:
			return true
		case rowKey{}:
			slots[i] = k
			p.n++
			s.n++
			if full(p.n, len(slots)) {
				s.grow(p, hi)
			}
			return false
		}
		// A page is never full (it grows first), so an empty slot ends
		// the probe.
		if i++; i == len(slots) {
			i = 0
		}
	}
}

// count is the number of keys in the set.
func (s *rowSet) count() int { return s.n }

// put stores a key known not to be in slots.
func put(slots []rowKey, k rowKey) {
	_, start := keyBits(&k)
	i := home(start, len(slots))
	for slots[i] != (rowKey{}) {
		if i++; i == len(slots) {
			i = 0
		}
	}
	slots[i] = k
}

// grow makes room in the full page p, hi being the bits of one of its keys:
// it moves to the next size, or splits in two. A half is sized for its
// keys (slotsFor), so it is not full even when all the keys go one way.
func (s *rowSet) grow(p *rowPage, hi uint64) {
	if len(p.slots) < pageSlots[len(pageSlots)-1] || !s.canSplit(p) {
		next := len(p.slots) * 2
		for _, c := range pageSlots {
			if c > len(p.slots) {
				next = c
				break
			}
		}
		old := p.slots
		p.slots = make([]rowKey, next)
		for _, k := range old {
			if k != (rowKey{}) {
				put(p.slots, k)
			}
		}
		return
	}
	if p.depth == s.depth {
		// Each entry becomes two, for the two halves of its bits' range.
		dir := make([]*rowPage, 2*len(s.dir))
		for i, q := range s.dir {
			dir[2*i], dir[2*i+1] = q, q
		}
		s.dir = dir
		s.depth++
	}
	// The next bit below the page's shared ones decides.
	bit := uint64(1) << (63 - p.depth)
	n1 := 0
	for i := range p.slots {
		if k := &p.slots[i]; *k != (rowKey{}) && binary.LittleEndian.Uint64(k[:8])&bit != 0 {
			n1++
		}
	}
	a := &rowPage{slots: make([]rowKey, slotsFor(p.n-n1)), n: p.n - n1, depth: p.depth + 1}
	b := &rowPage{slots: make([]rowKey, slotsFor(n1)), n: n1, depth: p.depth + 1}
	for _, k := range p.slots {
		if k == (rowKey{}) {
			continue
		}
		if binary.LittleEndian.Uint64(k[:8])&bit != 0 {
			put(b.slots, k)
		} else {
			put(a.slots, k)
		}
	}
	// p's entries are a run of 1<<(depth-p.depth) from hi's prefix: the
	// first half goes to a, the second to b.
	span := 1 << (s.depth - p.depth)
	first := int(hi>>(64-s.depth)) &^ (span - 1)
	for i := first; i < first+span/2; i++ {
		s.dir[i] = a
	}
	for i := first + span/2; i < first+span; i++ {
		s.dir[i] = b
	}
}

// canSplit reports whether p may split. Keys that share many top bits
// (never from the hash, but the set must stay exact and bounded on any
// keys) would double the directory again and again for pages that split
// unevenly: it may double only while it stays within one entry for 16
// keys (half a byte a key; uniform keys need one for about 200), and a
// page that may not split grows past the largest size instead.
func (s *rowSet) canSplit(p *rowPage) bool {
	if p.depth < s.depth {
		return true
	}
	return s.depth < 64 && 2*len(s.dir) <= max(s.n/16, 1024)
}
