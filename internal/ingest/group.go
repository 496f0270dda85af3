package ingest

import (
	"fmt"
	"hash/fnv"
	"math/bits"
	"slices"
	"strings"

	"github.com/clientrisk/clientrisk/internal/invoice"
	"github.com/clientrisk/clientrisk/internal/strarena"
)

// The last stage of an invoice table: its parsed rows are grouped into
// documents. The lines of one invoice share number, client, issue date
// and currency within a sheet; rows without a number are documents of
// their own. The grain then says whether the amounts of a group add up
// or repeat the invoice total (grainOf). A document whose total is
// negative is a credit note even without a type column.

// pendingList holds a sheet's parsed rows in fixed chunks, so that growing
// it never copies the rows already read. The oldest full chunks of a large
// table are in a spill file instead of memory (spill.go): chunks[c] is nil
// for them, c < spilled. A chunk let go once its rows were used is nil
// too.
type pendingList struct {
	chunks  [][]pendingRow
	n       int
	file    spillFile    // nil until a chunk is spilled
	spilled int          // chunks[:spilled] are in file
	rowAt   []int64      // where in file chunk c < spilled is
	end     int64        // the end of what is written in file
	buf     []pendingRow // each's chunk read back, reused
	// nums is the arena of the rows' numbers (rowParser.numbers), spilled
	// with them; marks[c] is its mark when chunk c was started. nil: the
	// numbers stay in memory.
	nums  *strarena.Arena
	marks []strarena.Mark
	// err is the first failure to write or read the spill file: the
	// table's file fails with it.
	err error
}

const pendingChunk = 4096

// next appends a zero row and returns it, to be filled in place.
func (l *pendingList) next() *pendingRow {
	if len(l.chunks) == 0 || len(l.chunks[len(l.chunks)-1]) == pendingChunk {
		fresh := l.spillOld()
		if fresh == nil {
			fresh = make([]pendingRow, 0, pendingChunk)
		}
		l.chunks = append(l.chunks, fresh)
		if l.nums != nil {
			l.marks = append(l.marks, l.nums.Mark())
		}
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = (*last)[:len(*last)+1]
	l.n++
	return &(*last)[len(*last)-1]
}

// unnext takes back the row next gave (it was rejected): the last, in the
// chunk being filled, which is never spilled.
func (l *pendingList) unnext() {
	last := &l.chunks[len(l.chunks)-1]
	(*last)[len(*last)-1] = pendingRow{}
	*last = (*last)[:len(*last)-1]
	l.n--
}

// groups are the documents of a table as indexes into its pendingList,
// in order of their first row: group g's rows are
// members[start[g]:start[g+1]].
type groups struct {
	start   []int32
	members []int32
}

func (gs *groups) len() int { return len(gs.start) - 1 }

func (gs *groups) rows(g int) []int32 { return gs.members[gs.start[g]:gs.start[g+1]] }

// groupRows groups the rows that count (not dropped, not a journal's
// receivable lines), numbered in order of their first row. The rows with a
// number are sorted by a hash of their key with their row below it, so the
// lines of an invoice sit together, in row order; each joins the first row
// of its key among them (the key itself is compared, so two keys
// sharing a hash stay two groups). No key string and no map is kept per
// row: a million-row sheet needs 8 bytes a row for the sort, then 12 for
// the groups. rp is the table's parser, which holds the rows' numbers and
// clients.
func groupRows(l *pendingList, rp *rowParser) groups { return groupRowsBy(l, rp, groupHash) }

// groupRowsBy is groupRows with the key's hash given (a test gives one
// that collides).
func groupRowsBy(l *pendingList, rp *rowParser, hash func(rp *rowParser, number string, p *pendingRow) uint64) groups {
	// gid is first each row's leader (its group's first row, -1 for a row
	// left out), then, in one pass in row order, its group.
	gid := make([]int32, l.n)
	// keyed holds one word a row: the key's hash in the high bits, the row
	// in the low idxBits. Sorting the words sorts by hash, then row; a hash
	// cut short only makes more rows share one, which comparing the keys settles.
	idxBits := bits.Len(uint(l.n))
	rowMask := uint64(1)<<idxBits - 1
	keyed := make([]uint64, 0, l.n)
	nr := l.numbers(true)
	l.each(func(c int, rows []pendingRow) bool {
		for j := range rows {
			p, i := &rows[j], c*pendingChunk+j
			if p.has(flagDropped) || p.line == lineReceivable {
				gid[i] = -1
				continue
			}
			gid[i] = int32(i) // its own leader until an earlier row of its key is found
			if n := strings.TrimSpace(mustNumber(&nr, p)); n != "" {
				keyed = append(keyed, hash(rp, n, p)&^rowMask|uint64(i))
			}
		}
		return false
	})
	if l.err != nil {
		panic(spillFault{l.err})
	}
	slices.Sort(keyed)
	// A run's leaders so far, in row order, are kept as copies with their
	// numbers: each row of a run is read once, though its rows may be
	// spilled, and its number at most once (one at a time: the runs are in
	// no order).
	nr = l.numbers(false)
	var leaders []pendingRow
	var leaderRow []int32
	var leaderNum []string // "" for a number not read yet
	for lo := 0; lo < len(keyed); {
		hi := lo + 1
		for hi < len(keyed) && keyed[hi]&^rowMask == keyed[lo]&^rowMask {
			hi++
		}
		run := keyed[lo:hi] // in row order
		lo = hi
		if len(run) == 1 {
			continue
		}
		leaders, leaderRow, leaderNum = leaders[:0], leaderRow[:0], leaderNum[:0]
	rows:
		for _, k := range run {
			rj := int32(k & rowMask)
			p := l.at(int(rj))
			num := ""
			for x := range leaders {
				if !rp.sameKeyButNumber(&leaders[x], p) {
					continue
				}
				if num == "" {
					num = strings.TrimSpace(mustNumber(&nr, p))
				}
				if leaderNum[x] == "" {
					leaderNum[x] = strings.TrimSpace(mustNumber(&nr, &leaders[x]))
				}
				if num == leaderNum[x] {
					gid[rj] = leaderRow[x]
					continue rows
				}
			}
			leaders, leaderRow, leaderNum = append(leaders, *p), append(leaderRow, rj), append(leaderNum, num)
		}
	}
	keyed = nil
	// Leaders become group numbers in row order; start[g+1] counts group
	// g's rows, then (summed) where its members begin.
	ngroups := int32(0)
	for i, leader := range gid {
		switch {
		case leader < 0:
		case leader == int32(i):
			gid[i] = ngroups
			ngroups++
		default:
			gid[i] = gid[leader] // converted already: leader < i
		}
	}
	start := make([]int32, ngroups+1)
	for _, g := range gid {
		if g >= 0 {
			start[g+1]++
		}
	}
	for g := range ngroups {
		start[g+1] += start[g]
	}
	// Members are placed with start[g] as group g's cursor, which leaves
	// it at group g+1's start: shifting start back by one restores it.
	members := make([]int32, start[ngroups])
	for i, g := range gid {
		if g >= 0 {
			members[start[g]] = int32(i)
			start[g]++
		}
	}
	copy(start[1:], start[:ngroups])
	start[0] = 0
	return groups{start: start, members: members}
}

// groupStats is what the grain is decided from: how many groups have
// more than one line, the first whose amounts differ, the first example.
type groupStats struct {
	multi   int
	differ  string // number of the first group whose amounts differ
	example string // "F-1 (3 lines)"
	exNum   string
	exLines int
}

func statsOf(l *pendingList, rp *rowParser, gs *groups) groupStats {
	var st groupStats
	nr := l.numbers(false) // a few numbers, anywhere
	for g := range gs.len() {
		idx := gs.rows(g)
		if len(idx) < 2 {
			continue
		}
		st.multi++
		first := l.at(int(idx[0]))
		if st.example == "" {
			num := mustNumber(&nr, first)
			st.example = fmt.Sprintf("%s (%d lines)", num, len(idx))
			st.exNum, st.exLines = num, len(idx)
		}
		for _, i := range idx[1:] {
			if st.differ == "" && l.at(int(i)).Amount != first.Amount {
				st.differ = mustNumber(&nr, first)
			}
		}
	}
	return st
}

// grainOf decides whether the lines of an invoice are summed ("line") or
// repeat its total ("invoice"), and says why: the config's input.grain
// if set; else a group whose amounts differ, or an amount header naming
// line amounts, sums; a group repeating one amount takes it once. A
// journal's income lines always sum.
func (s *sheetState) grainOf(st groupStats) (grain, why string) {
	amountHeader := ""
	if c, ok := s.hdr.col(FieldAmount); ok {
		amountHeader = c.header
	}
	grain = "invoice"
	switch g := strings.ToLower(s.fs.opts.Grain); {
	case s.journal != nil:
		// Income lines of a journal are parts of an invoice whatever the
		// config says: its total sits on the receivable line, not here.
		grain, why = "line", s.journalWhy(st.exNum, st.exLines)
	case g == "line" || g == "invoice":
		grain, why = g, "config (input.grain)"
	case st.multi == 0:
		why = "one row per invoice"
	case s.hdr.lineAmount:
		grain, why = "line", fmt.Sprintf("the amount column %q holds line amounts: the lines of an invoice are summed", amountHeader)
	case st.differ != "":
		grain, why = "line", fmt.Sprintf("amounts differ between the lines of invoice %s: the lines of an invoice are summed", st.differ)
	default:
		why = fmt.Sprintf("the same amount repeats on every line of an invoice (e.g. %s): taken once", st.example)
	}
	return grain, why
}

// docTable is a table's documents as its parsed rows and their groups;
// doc makes document g.
type docTable struct {
	rows *rowParser
	pend pendingList
	gs   groups
	sum  bool // line grain: the lines' amounts add up
}

// doc makes document g from its rows: the first, with the others' lines
// merged (mergeLines). It may be called from several goroutines at once.
// A spilled row that cannot be read back is a fault of the disk holding
// the file this process has just written, with no error to return it
// through: doc panics, saying so.
func (t *docTable) doc(g int) invoice.Document {
	r := newRowCursor(&t.pend, false) // a row at a time: the documents asked for may be anywhere
	return t.mustDoc(g, &r)
}

// mustDoc is docFrom for callers with no error to return it through
// (doc, FileResult.DocumentCursor): a failure to read back panics.
func (t *docTable) mustDoc(g int, r *rowCursor) invoice.Document {
	d, err := t.docFrom(g, r)
	if err != nil {
		panic(fmt.Sprintf("ingest: %v", spillError(t.rows.file, err)))
	}
	return d
}

// docFrom is doc with the rows read through r.
func (t *docTable) docFrom(g int, r *rowCursor) (invoice.Document, error) {
	idx := t.gs.rows(g)
	first, err := r.first(int(idx[0]))
	if err != nil {
		return invoice.Document{}, err
	}
	rd := *first
	num, err := r.number(&rd)
	if err != nil {
		return invoice.Document{}, err
	}
	if len(idx) > 1 {
		if err := mergeLines(&rd, r, idx[1:], t.sum); err != nil {
			return invoice.Document{}, err
		}
	}
	doc := t.rows.document(&rd, num)
	// A negative total with no document type is a credit in all but
	// name; calling it one keeps it apart from invoices of the same
	// number in the cross-export key.
	if doc.Amount < 0 {
		doc.Kind = invoice.KindCreditNote
	}
	return doc, nil
}

// each calls fn with each document, in order, through one reused value.
// The spilled rows are read a chunk at a time; a failure to read them is
// returned as the file's error.
func (t *docTable) each(fn func(*invoice.Document) error) error {
	var d invoice.Document
	r := newRowCursor(&t.pend, true)
	for g := range t.gs.len() {
		var err error
		if d, err = t.docFrom(g, &r); err != nil {
			return spillError(t.rows.file, err)
		}
		if err := fn(&d); err != nil {
			return err
		}
	}
	return nil
}

// emitDocuments groups the sheet's rows into documents and decides the
// grain. In Stream mode the table is kept as it is (a docTable); else its
// documents are appended to the file's, and chunks of pending rows are
// freed as soon as every group with a row in them has been emitted.
func (s *sheetState) emitDocuments() {
	l := &s.pend
	gs := groupRows(l, s.rows)
	grain, why := s.grainOf(statsOf(l, s.rows, &gs))
	s.res.Grain, s.res.GrainWhy = grain, why
	l.buf = nil // the passes' buffer: the documents read through their own
	t := &docTable{rows: s.rows, pend: *l, gs: gs, sum: grain == "line"}
	fr := s.fs.res
	if s.fs.opts.Stream && s.journal == nil {
		fr.parts = append(fr.parts, docPart{table: t})
		fr.streamed += gs.len()
		return
	}
	fr.Documents = slices.Grow(fr.Documents, gs.len())
	freed := 0
	r := newRowCursor(l, true)
	for g := range gs.len() {
		d, err := t.docFrom(g, &r)
		if err != nil {
			panic(spillFault{err})
		}
		fr.Documents = append(fr.Documents, d)
		// Groups come in order of their first row: once the next group
		// starts past a chunk, nothing in that chunk is needed again.
		next := l.n
		if g+1 < gs.len() {
			next = int(gs.rows(g + 1)[0])
		}
		for ; freed < len(l.chunks) && (freed+1)*pendingChunk <= next; freed++ {
			l.chunks[freed] = nil
		}
	}
}

// mergeLines folds the other lines of an invoice into doc: amounts summed
// for line grain, taken once for invoice grain; a balance repeated on
// every line is taken once either way.
func mergeLines(doc *pendingRow, r *rowCursor, rest []int32, sum bool) error {
	outSame := true
	for _, i := range rest {
		o, err := r.get(int(i))
		if err != nil {
			return err
		}
		if o.Outstanding != doc.Outstanding || o.has(flagOutstanding) != doc.has(flagOutstanding) {
			outSame = false
		}
	}
	for _, i := range rest {
		o, err := r.get(int(i))
		if err != nil {
			return err
		}
		if sum {
			doc.Amount += o.Amount
			if !outSame {
				doc.Outstanding += o.Outstanding
				doc.flags |= o.flags & flagOutstanding
			}
		}
		if doc.DueDate.IsZero() {
			doc.DueDate = o.DueDate
		}
		if doc.PaidDate.IsZero() {
			doc.PaidDate = o.PaidDate
		}
		if doc.Status == invoice.StatusUnknown {
			doc.Status = o.Status
		}
		if o.Kind == invoice.KindCreditNote {
			doc.Kind = invoice.KindCreditNote
		}
	}
	return nil
}

func groupHash(rp *rowParser, number string, p *pendingRow) uint64 {
	h := fnv.New64a()
	h.Write([]byte(number))
	h.Write([]byte{0})
	h.Write([]byte(rp.cl(p).key))
	h.Write([]byte{0, byte(p.IssueDate), byte(p.IssueDate >> 8), byte(p.IssueDate >> 16), byte(p.IssueDate >> 24), 0})
	h.Write([]byte{byte(p.currency), byte(p.currency >> 8)}) // the table's numbering of its codes
	return h.Sum64()
}

// sameKeyButNumber: a and b, rows of rp's table, have the same key but
// for the number, which may have to be read back from the spill file and
// is compared last. Their currencies are numbered by the table, one
// number a code.
func (rp *rowParser) sameKeyButNumber(a, b *pendingRow) bool {
	return rp.cl(a).key == rp.cl(b).key && a.IssueDate == b.IssueDate && a.currency == b.currency
}
