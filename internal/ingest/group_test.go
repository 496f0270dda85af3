package ingest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/clientrisk/clientrisk/internal/invoice"
)

// TestGroupRowsAgainstNaive: on random rows (few numbers, clients, dates
// and currencies, so that keys repeat far apart; some rows without a
// number, some dropped, some a journal's receivable lines), groupRows
// gives the groups a plain map of the whole key gives: every row of a key
// together, groups in order of their first row, left-out rows in none.
// The rows' numbers are spilled with them (TestMain keeps one chunk in
// memory): keys repeat across spilled chunks.
func TestGroupRowsAgainstNaive(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(17, 5))
	for round := range 50 {
		var l pendingList
		rp := &rowParser{clients: []*clientStrings{{key: "a"}, {key: "b"}, {key: "c"}}}
		l.nums = &rp.numbers
		n := 1 + rng.IntN(pendingChunk/8)
		if round%10 == 0 {
			n += pendingChunk // across a chunk boundary
		}
		for range n {
			p := l.next()
			if rng.IntN(10) > 0 {
				p.number = rp.numbers.Add(fmt.Sprintf(" F-%d ", rng.IntN(40))) // spaces: the key trims them
			}
			p.client = clientRef(1 + rng.IntN(len(rp.clients)))
			p.IssueDate = invoice.Date(rng.IntN(3))
			rp.setCurrency(p, []string{"EUR", "USD", ""}[rng.IntN(3)])
			p.set(flagDropped, rng.IntN(20) == 0)
			if rng.IntN(20) == 0 {
				p.line = lineReceivable
			}
		}
		// The naive grouping: one map of the whole key.
		var want [][]int32
		byKey := map[string]int{}
		nr := l.numbers(false)
		for i := 0; i < l.n; i++ {
			p := l.at(i)
			if p.has(flagDropped) || p.line == lineReceivable {
				continue
			}
			num := strings.TrimSpace(mustNumber(&nr, p))
			if num == "" {
				want = append(want, []int32{int32(i)})
				continue
			}
			k := num + "|" + rp.cl(p).key + "|" + strconv.Itoa(int(p.IssueDate)) + "|" + rp.currency(p)
			g, ok := byKey[k]
			if !ok {
				g = len(want)
				byKey[k] = g
				want = append(want, nil)
			}
			want[g] = append(want[g], int32(i))
		}
		// The real hash, and hashes that collide: every key on one hash
		// (all rows one run, split by sameGroup), or the number's length
		// alone (placed in the high bits: the low ones hold the row).
		for name, gs := range map[string]groups{
			"groupHash":   groupRows(&l, rp),
			"one hash":    groupRowsBy(&l, rp, func(*rowParser, string, *pendingRow) uint64 { return 7 }),
			"number only": groupRowsBy(&l, rp, func(_ *rowParser, n string, _ *pendingRow) uint64 { return uint64(len(n)) << 48 }),
		} {
			var got [][]int32
			for g := range gs.len() {
				got = append(got, append([]int32(nil), gs.rows(g)...))
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d (%d rows), %s: groups differ from the naive grouping:\ngot  %v\nwant %v", round, n, name, got, want)
			}
		}
	}
}
