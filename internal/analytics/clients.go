package analytics

import "strings"

// clientAcc is one client while the input is read: its identity and the
// per-client part of each accumulator (one struct per figure group, each
// with its add method in the file named beside it).
//
// The fields every document touches come first, so they share as few
// cache lines as possible: with 10k clients, each cache line of the
// client a document reaches is a memory access of its own.
type clientAcc struct {
	clientID string // the first client id seen: the name when no spelling has one
	idx      int    // position in creation order (clientSet.accs)
	// Spellings on its documents and time entries with their counts, in
	// order of first sight; the *Idx maps find a spelling's slot.
	spellings []spelling

	rev   clientRevenue     // revenue.go
	maint clientMaintenance // revenue.go
	act   clientActivity    // activity.go
	pay   clientPayment     // payment.go
	open  clientOpen        // open.go
	hours clientHours       // hours.go

	key       string
	display   string // alias display name, if any
	timeNames []spelling
	spellIdx  map[string]int
	timeIdx   map[string]int

	name string // display name, set once reading is done
	rank int    // position in the order by (name, key) among listed clients
	pos  int    // position in the revenue order (Result.Clients)
	// openAt is where its open invoices start in the order sortOpen is
	// given (clients in revenue order, then document order).
	openAt int
}

// listed reports whether the client is in Result.Clients: a document in
// W, an invoice open at A, or time entries in W.
func (c *clientAcc) listed() bool { return c.rev.inWindow || c.open.n > 0 || c.hours.has }

type spelling struct {
	text string
	n    int
}

// spell returns the slot of a spelling in list (via idx), adding it.
func spell(list *[]spelling, idx *map[string]int, text string) int {
	if *idx == nil {
		*idx = map[string]int{}
	}
	if i, ok := (*idx)[text]; ok {
		return i
	}
	i := len(*list)
	*list = append(*list, spelling{text: text})
	(*idx)[text] = i
	return i
}

// computeName sets the display name: the alias when one applies, else the
// most frequent non-blank spelling on its documents (ties: the lexically
// smallest), else on its time entries, else its client id as written (an
// export with a customer id and no name column), else the key.
func (c *clientAcc) computeName() {
	c.name = c.key
	if c.display != "" {
		c.name = c.display
		return
	}
	if c.clientID != "" {
		c.name = c.clientID
	}
	for _, list := range [][]spelling{c.spellings, c.timeNames} {
		best, bestN := "", 0
		for _, s := range list {
			if strings.TrimSpace(s.text) == "" {
				continue // an id-only row: the id stands for the name
			}
			if s.n > bestN || (s.n == bestN && s.text < best) {
				best, bestN = s.text, s.n
			}
		}
		if bestN > 0 {
			c.name = best
			return
		}
	}
}

// clientSet holds every client, in creation order (so nothing depends on
// map order) and by key.
type clientSet struct {
	accs  []*clientAcc
	byKey map[string]*clientAcc
}

func (s *clientSet) get(key, display string) *clientAcc {
	a := s.byKey[key]
	if a == nil {
		a = &clientAcc{key: key, display: display, idx: len(s.accs)}
		s.byKey[key] = a
		s.accs = append(s.accs, a)
	}
	return a
}
