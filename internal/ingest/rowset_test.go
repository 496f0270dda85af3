package ingest

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
)

// randKey is a key of random bits, hi and lo its two parts as keyBits
// reads them.
func makeKey(hi uint64, lo uint32) rowKey {
	var k rowKey
	binary.LittleEndian.PutUint64(k[:8], hi)
	binary.LittleEndian.PutUint32(k[8:], lo)
	return k
}

// TestRowSetAgainstMap: 3 million inserts, each answered as a Go map
// answers whether the key was there: fresh random keys, keys inserted
// before (half the operations), the all-zero key and keys zero in one
// part, 60,000 keys sharing their top 8 bits (170 pages: they split 16
// bits deep, where the 1.5 million random keys split 12) and 3,000 sharing all 64 bits the directory reads (no split can
// part them: their page grows past the largest size). Then every key is
// in the set, the count is the map's, and new keys are not.
func TestRowSetAgainstMap(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(17, 2026))
	var s rowSet
	want := make(map[rowKey]struct{})
	var keys []rowKey
	const ops = 3_000_000
	for op := 0; op < ops; op++ {
		var k rowKey
		switch r := rng.IntN(100); {
		case r < 50 && len(keys) > 0:
			k = keys[rng.IntN(len(keys))]
		case r < 52:
			k = makeKey(0xab<<56|rng.Uint64()>>8, rng.Uint32())
		case r == 52 && op%30 == 0:
			k = makeKey(0x0123456789abcdef, rng.Uint32())
		case r == 53 && op%100 == 0:
			k = rowKey{}
		case r == 54 && op%100 == 0:
			k = makeKey(0, rng.Uint32N(50))
		case r == 55 && op%100 == 0:
			k = makeKey(rng.Uint64N(50), 0)
		default:
			k = makeKey(rng.Uint64(), rng.Uint32())
		}
		_, had := want[k]
		if got := s.insert(k); got != had {
			t.Fatalf("op %d: insert(%x) reports %v, want %v", op, k, got, had)
		}
		if !had {
			want[k] = struct{}{}
			keys = append(keys, k)
		}
	}
	if s.count() != len(want) {
		t.Errorf("count %d, want %d", s.count(), len(want))
	}
	if _, ok := want[rowKey{}]; !ok {
		t.Error("the all-zero key was never drawn")
	}
	for _, k := range keys {
		if !s.insert(k) {
			t.Fatalf("%x inserted but not found", k)
		}
	}
	for i := 0; i < 100_000; i++ {
		k := makeKey(rng.Uint64(), rng.Uint32())
		if _, ok := want[k]; ok {
			continue
		}
		if s.insert(k) {
			t.Fatalf("%x never inserted but found", k)
		}
		want[k] = struct{}{}
	}
	if s.count() != len(want) {
		t.Errorf("count %d after new keys, want %d", s.count(), len(want))
	}
	// The paths the keys were drawn for were taken: splits far below
	// the random keys', and a page past the largest size.
	deepest, largest := uint(0), 0
	for _, p := range s.dir {
		deepest = max(deepest, p.depth)
		largest = max(largest, len(p.slots))
	}
	if deepest < 15 || largest <= pageSlots[len(pageSlots)-1] {
		t.Errorf("deepest page %d bits, largest %d slots: want at least 15 and more than %d",
			deepest, largest, pageSlots[len(pageSlots)-1])
	}
	t.Logf("%d keys, directory %d bits, deepest page %d bits, largest %d slots", s.count(), s.depth, deepest, largest)
}

// heapAfterGC is the live heap, collected first.
func heapAfterGC() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestRowSetMemory: whatever the number of keys (pages of all sizes are
// at their fullest or emptiest at different counts), the set holds its
// random keys in at most 18 bytes a key on the heap: 12 a key at a load
// between 2/3 and 9/10 is 13.3 to 17.8, and the directory and the pages'
// headers add some 0.2. A Go map took 23 to 29.
func TestRowSetMemory(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{300_000, 500_000, 700_000, 1_000_000} {
		before := heapAfterGC()
		var s rowSet
		for i := 0; i < n; i++ {
			s.insert(makeKey(rng.Uint64(), rng.Uint32()))
		}
		after := heapAfterGC()
		runtime.KeepAlive(&s)
		if s.count() != n {
			t.Fatalf("%d keys, count %d", n, s.count())
		}
		if perKey := float64(after-before) / float64(n); perKey > 18 {
			t.Errorf("%d keys: %.1f bytes a key, want at most 18", n, perKey)
		} else {
			t.Logf("%d keys: %.1f bytes a key", n, perKey)
		}
	}
}

// BenchmarkRowSet: the duplicate check's set against the Go map it
// replaced, n random keys inserted into an empty one; bytes/key is the
// live heap it holds at the end.
func BenchmarkRowSet(b *testing.B) {
	for _, n := range []int{1_000_000, 4_000_000} {
		rng := rand.New(rand.NewPCG(3, 4))
		keys := make([]rowKey, n)
		for i := range keys {
			keys[i] = makeKey(rng.Uint64(), rng.Uint32())
		}
		b.Run(fmt.Sprintf("map/%dk", n/1000), func(b *testing.B) {
			var perKey float64
			for b.Loop() {
				b.StopTimer()
				before := heapAfterGC()
				b.StartTimer()
				m := make(map[rowKey]struct{})
				for _, k := range keys {
					m[k] = struct{}{}
				}
				b.StopTimer()
				perKey = float64(heapAfterGC()-before) / float64(n)
				runtime.KeepAlive(m)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/insert")
			b.ReportMetric(perKey, "bytes/key")
		})
		b.Run(fmt.Sprintf("set/%dk", n/1000), func(b *testing.B) {
			var perKey float64
			for b.Loop() {
				b.StopTimer()
				before := heapAfterGC()
				b.StartTimer()
				var s rowSet
				for _, k := range keys {
					s.insert(k)
				}
				b.StopTimer()
				perKey = float64(heapAfterGC()-before) / float64(n)
				runtime.KeepAlive(&s)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/insert")
			b.ReportMetric(perKey, "bytes/key")
		})
	}
}
