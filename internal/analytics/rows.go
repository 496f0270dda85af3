package analytics

// rowKey is what decides a row's client: the reader's key, the id (only
// looked at when the key is empty) and the spelling.
type rowKey struct{ key, id, name string }

// rowClient is the memoised identity of a rowKey: a ledger repeats the
// same few (key, spelling) pairs on many rows, and resolving one (NameKey,
// aliases, the name bridge, the client map) costs far more than a lookup.
type rowClient struct {
	m     nameMatch
	acc   *clientAcc // nil until a row of it is counted
	slot  int        // the spelling's slot in acc
	ready bool
}

// rowIndex finds a rowKey's slot: by the reader's key in a string map,
// then among that key's first few spellings (a client has a handful),
// which is cheaper than hashing the three strings of every row; keys with
// many spellings and rows without a key go to the rowKey map.
type rowIndex struct {
	byKey map[string][]keyRow
	more  map[rowKey]int
}

type keyRow struct {
	name string
	slot int
}

// maxScanned is how many spellings of one key are searched by scanning.
const maxScanned = 8

// lookup returns k's slot; when k is new it is given slot next and found
// is false.
// The common case (a key and one of its first spellings) is kept small
// enough to be inlined; the rest is in lookupMore.
func (x *rowIndex) lookup(k rowKey, next int) (slot int, found bool) {
	if k.key != "" {
		for _, r := range x.byKey[k.key] {
			if r.name == k.name {
				return r.slot, true
			}
		}
	}
	return x.lookupMore(k, next)
}

// lookupMore is lookup for a spelling not among its key's scanned ones:
// it joins them while there are fewer than maxScanned, else it is looked
// up (or added) in the rowKey map.
func (x *rowIndex) lookupMore(k rowKey, next int) (slot int, found bool) {
	if k.key != "" {
		if list := x.byKey[k.key]; len(list) < maxScanned {
			x.byKey[k.key] = append(list, keyRow{k.name, next})
			return next, false
		}
	}
	if slot, ok := x.more[k]; ok {
		return slot, true
	}
	x.more[k] = next
	return next, false
}

func newRowIndex() *rowIndex {
	return &rowIndex{byKey: map[string][]keyRow{}, more: map[rowKey]int{}}
}

// rowClients memoises the identity of the rows of one kind (documents or
// time entries): the rowIndex and the rowClient of each slot.
type rowClients struct {
	index   *rowIndex
	clients []rowClient
}

func newRowClients() rowClients { return rowClients{index: newRowIndex()} }

// get returns k's rowClient, matching the spelling against the aliases
// and exclusions on first sight.
func (r *rowClients) get(k rowKey, id *identity) *rowClient {
	i, ok := r.index.lookup(k, len(r.clients))
	if !ok {
		r.add(k.name, id)
	}
	return &r.clients[i]
}

func (r *rowClients) add(name string, id *identity) {
	r.clients = append(r.clients, rowClient{m: id.match(name)})
}
