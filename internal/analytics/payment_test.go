package analytics

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// latePayment is a clientPayment holding the given days late, counted as
// paidAcc.add counts them.
func latePayment(days []int32) *clientPayment {
	cp := &clientPayment{}
	for _, d := range days {
		cp.addLate(d)
		cp.n++
	}
	return cp
}

// The median, p90 and maximum from the counts of each days-late value
// are those of the sorted list of every invoice's days late: by hand on
// small lists, then against the list itself on random ones (few values
// many times, many values once, in any order).
func TestPaymentOrderStatisticsFromCounts(t *testing.T) {
	for _, tc := range []struct {
		days             []int32
		median, p90, max float64
	}{
		// Sorted 0 3 3 7 10: median the 3rd (3); p90 rank ceil(4.5) = 5 (10).
		{[]int32{7, 3, 10, 0, 3}, 3, 10, 10},
		// Sorted 1 2 3 4: median (2+3)/2; p90 rank ceil(3.6) = 4 (4).
		{[]int32{4, 1, 3, 2}, 2.5, 4, 4},
		// One value: all three are it.
		{[]int32{12}, 12, 12, 12},
		// Ten: 0 x9, 40: median 0; p90 rank 9 (0); max 40.
		{[]int32{0, 0, 0, 40, 0, 0, 0, 0, 0, 0}, 0, 0, 40},
		// Eleven: 0 x9, 5, 40: p90 rank ceil(9.9) = 10 (5).
		{[]int32{0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 5}, 0, 5, 40},
	} {
		s, ok := computePayment(latePayment(tc.days))
		if !ok || s.median != tc.median || s.p90 != tc.p90 || s.max != tc.max || s.count != len(tc.days) {
			t.Errorf("%v: median %v p90 %v max %v count %d (ok %v); want %v %v %v %d",
				tc.days, s.median, s.p90, s.max, s.count, ok, tc.median, tc.p90, tc.max, len(tc.days))
		}
	}

	rng := rand.New(rand.NewPCG(17, 6))
	for i := range 2000 {
		n := 1 + rng.IntN(300)
		spread := []int32{1, 5, 60, 100000}[i%4]
		days := make([]int32, n)
		for j := range days {
			days[j] = rng.Int32N(spread)
		}
		cp := latePayment(days)
		s, ok := computePayment(cp)
		sorted := slices.Clone(days)
		slices.Sort(sorted)
		want := float64(sorted[n/2])
		if n%2 == 0 {
			want = (float64(sorted[n/2-1]) + float64(sorted[n/2])) / 2
		}
		p90 := float64(sorted[(9*n+9)/10-1])
		if !ok || s.median != want || s.p90 != p90 || s.max != float64(sorted[n-1]) {
			t.Fatalf("%v: median %v p90 %v max %v; want %v %v %v", days, s.median, s.p90, s.max, want, p90, sorted[n-1])
		}
		if !slices.IsSortedFunc(cp.late, func(a, b lateCount) int { return int(a.days - b.days) }) {
			t.Fatalf("%v: the counts are not in increasing days: %v", days, cp.late)
		}
		total := 0
		for _, c := range cp.late {
			total += int(c.n)
		}
		if total != n || len(cp.late) > int(spread) {
			t.Fatalf("%v: %d counted in %d values, want %d in at most %d", days, total, len(cp.late), n, spread)
		}
	}

	if _, ok := computePayment(&clientPayment{}); ok {
		t.Error("no paid invoice gave payment figures")
	}
}
