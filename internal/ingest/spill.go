package ingest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"unsafe"

	"github.com/clientrisk/clientrisk/internal/strarena"
)

// A table's parsed rows are held until it ends (pendingList), in Stream
// mode for as long as its documents are walked: 48 MB for a million rows,
// half the heap at the peak of reading. Past spillRows rows, the oldest
// full chunks go to a temporary file instead, so that a large table keeps
// about spillRows rows in memory whatever its length; passes over the rows
// read them back a chunk at a time (pendingList.each), random reads a row
// at a time (pendingList.get).
//
// The rows' invoice numbers, kept in the table parser's arena
// (rowParser.numbers), go to the same file at the same time: when a
// chunk of rows is spilled, the numbers that no row in memory can refer
// to, those added before the first row in memory was parsed, are
// written after it (strarena.Arena.Spill), so that a large table keeps
// about spillRows rows' numbers in memory too (21 MB at 2M rows). They
// are read back through a strarena.Reader: a whole arena chunk at a time
// by the passes in row order, one number at a time otherwise.

// spillRows is how many rows a table keeps in memory, the chunk being
// filled included, before its oldest chunks are written to the spill file
// (3 MB of rows, and their numbers). A variable: the tests lower it to one
// chunk, so that every table of more than one chunk is read back from its
// file.
var spillRows = 16 * pendingChunk

// chunkBytes is the size of a full chunk of rows, in memory and in the
// spill file, where chunk c starts at rowAt[c].
const chunkBytes = pendingChunk * int64(unsafe.Sizeof(pendingRow{}))

// spillFile is where a table's spilled chunks are written and read back.
// ReadAt may be called from several goroutines at once (documents are
// made from their rows by concurrent callers of FileResult.Document).
type spillFile interface {
	io.ReaderAt
	io.WriterAt
}

// newSpillFile makes a table's spill file; a test puts a failing one in
// its place.
var newSpillFile = createSpillFile

// tempRows is a spill file on disk. Its name is removed at once where the
// system allows it (the open descriptor keeps the data, and nothing is
// left behind even if the process is killed); elsewhere (Windows, where an
// open file cannot be removed) it is removed when the file is closed, once
// the table's rows are no longer reachable.
type tempRows struct{ *os.File }

func createSpillFile() (spillFile, error) {
	f, err := os.CreateTemp("", "clientrisk-rows-*")
	if err != nil {
		return nil, err
	}
	name := f.Name()
	if os.Remove(name) == nil {
		name = ""
	}
	t := &tempRows{f}
	// The cleanup holds f, not t: f is closed (and its name removed)
	// only once t, which the table's rows hold, is unreachable.
	runtime.AddCleanup(t, func(f *os.File) {
		f.Close()
		if name != "" {
			os.Remove(name)
		}
	}, f)
	return t, nil
}

// rowBytes is the memory of rows as bytes, as written to the spill file.
// A pendingRow holds no pointer (TestPendingRowPointerFree), so its bytes
// are all of it and can be read back into any row.
func rowBytes(rows []pendingRow) []byte {
	if len(rows) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(rows))), len(rows)*int(unsafe.Sizeof(pendingRow{})))
}

// spillOld is called when a new chunk is about to be started: it writes
// the oldest chunks in memory to the spill file until, with the new one,
// no more than spillRows rows are held (at least the new chunk is). It
// returns the memory of the last chunk written, cleared, for the new
// chunk to reuse. A failure is kept in l.err (the file is then failed,
// sheetState.add) and the chunks stay in memory.
func (l *pendingList) spillOld() []pendingRow {
	var reuse []pendingRow
	for l.err == nil && (len(l.chunks)-l.spilled+1)*pendingChunk > spillRows {
		if l.file == nil {
			f, err := newSpillFile()
			if err != nil {
				l.err = err
				break
			}
			l.file = f
		}
		c := l.chunks[l.spilled]
		if _, err := l.file.WriteAt(rowBytes(c), l.end); err != nil {
			l.err = err
			break
		}
		l.rowAt = append(l.rowAt, l.end)
		l.end += chunkBytes
		l.chunks[l.spilled] = nil
		l.spilled++
		reuse = c
	}
	if reuse != nil && l.nums != nil && l.err == nil {
		// The rows in memory were all parsed after the mark of the first
		// of them (the new chunk's, about to be taken, if none is left):
		// no row in memory refers to a number added before it.
		m := l.nums.Mark()
		if l.spilled < len(l.marks) {
			m = l.marks[l.spilled]
		}
		if err := l.nums.Spill(m, l.file, &l.end); err != nil {
			l.err = err
		}
	}
	if reuse != nil {
		clear(reuse)
		reuse = reuse[:0]
	}
	return reuse
}

// readChunk reads spilled chunk c into buf (pendingChunk rows).
func (l *pendingList) readChunk(c int, buf []pendingRow) error {
	if _, err := l.file.ReadAt(rowBytes(buf[:pendingChunk]), l.rowAt[c]); err != nil {
		return readBackError{err}
	}
	return nil
}

// readBackError is a failure to read spilled rows back, as opposed to
// writing them.
type readBackError struct{ error }

func (e readBackError) Unwrap() error { return e.error }

// each calls fn with each chunk of rows in order (a freed chunk is
// empty). A spilled chunk is read into one buffer reused for all, and
// written back when fn reports that it changed it (settleRows). A failure
// to read or write ends the walk and is kept in l.err: the table's file
// fails (sheetState.finish).
func (l *pendingList) each(fn func(c int, rows []pendingRow) (changed bool)) {
	for c := range l.chunks {
		if l.err != nil {
			return
		}
		if c >= l.spilled {
			fn(c, l.chunks[c])
			continue
		}
		if l.buf == nil {
			l.buf = make([]pendingRow, pendingChunk)
		}
		if err := l.readChunk(c, l.buf); err != nil {
			l.err = err
			return
		}
		if fn(c, l.buf) {
			if _, err := l.file.WriteAt(rowBytes(l.buf), l.rowAt[c]); err != nil {
				l.err = err
				return
			}
		}
	}
}

// get returns row i: in memory, or read from the spill file into a row
// of its own. It may be called from several goroutines at once. (A
// buffer given by the caller would be moved to the heap on every call,
// spilled or not, as it is handed to the file's ReadAt.)
func (l *pendingList) get(i int) (*pendingRow, error) {
	c := i / pendingChunk
	if c >= l.spilled {
		return &l.chunks[c][i%pendingChunk], nil
	}
	p := new(pendingRow)
	b := rowBytes(unsafe.Slice(p, 1))
	if _, err := l.file.ReadAt(b, l.rowAt[c]+int64(i%pendingChunk)*int64(len(b))); err != nil {
		return nil, readBackError{err}
	}
	return p, nil
}

// spillFault is what a pass with no error return over a table's rows
// (groupRows, statsOf) panics with when a spilled row cannot be read back;
// sheetState.finishTable turns it back into the table's error.
type spillFault struct{ err error }

// at is get for the passes at the end of a table, in the reading
// goroutine: a failure panics with a spillFault.
func (l *pendingList) at(i int) *pendingRow {
	p, err := l.get(i)
	if err != nil {
		panic(spillFault{err})
	}
	return p
}

// numbers is a reader of the numbers of l's rows, whole for a pass in
// row order (strarena.Reader).
func (l *pendingList) numbers(whole bool) strarena.Reader {
	return strarena.NewReader(l.nums, l.file, whole)
}

// mustNumber is p's number read through nr, for the passes at the end of
// a table, in the reading goroutine: a failure panics with a spillFault.
func mustNumber(nr *strarena.Reader, p *pendingRow) string {
	s, err := nr.Get(p.number)
	if err != nil {
		panic(spillFault{readBackError{err}})
	}
	return s
}

// rowCursor reads the rows of a table's documents, and their numbers.
// For a walk over the documents in order (docTable.each,
// FileResult.DocumentCursor) it is whole: the spilled chunk of the latest
// group's first row is read whole and kept, as the groups' first rows
// come in row order, and the other lines of a group, seldom in another
// spilled chunk, are read one by one. The numbers, those of the first
// rows alone, are read alike: a whole arena chunk at a time in a walk.
// Otherwise every spilled row and number is read by itself (but numbers
// asked for in order, which the arena reads a chunk at a time for all
// readers: strarena.Reader).
type rowCursor struct {
	l     *pendingList
	c     int // the chunk in buf; -1 for none
	whole bool
	buf   []pendingRow
	nums  strarena.Reader
}

func newRowCursor(l *pendingList, whole bool) rowCursor {
	return rowCursor{l: l, c: -1, whole: whole, nums: l.numbers(whole)}
}

// number is p's number.
func (r *rowCursor) number(p *pendingRow) (string, error) {
	s, err := r.nums.Get(p.number)
	if err != nil {
		return "", readBackError{err}
	}
	return s, nil
}

// first returns row i, the first of a group, reading its chunk if it is
// spilled and not the one held and the cursor reads whole chunks.
func (r *rowCursor) first(i int) (*pendingRow, error) {
	c := i / pendingChunk
	if !r.whole {
		return r.get(i)
	}
	if c >= r.l.spilled {
		return &r.l.chunks[c][i%pendingChunk], nil
	}
	if c != r.c {
		if r.buf == nil {
			r.buf = make([]pendingRow, pendingChunk)
		}
		r.c = -1
		if err := r.l.readChunk(c, r.buf); err != nil {
			return nil, err
		}
		r.c = c
	}
	return &r.buf[i%pendingChunk], nil
}

// get returns row i: from the chunk held if it is there, else as
// pendingList.get does.
func (r *rowCursor) get(i int) (*pendingRow, error) {
	if r.c >= 0 && i/pendingChunk == r.c {
		return &r.buf[i%pendingChunk], nil
	}
	return r.l.get(i)
}

// spillError is the error of a file whose rows could not be written to, or
// read back from, their temporary file.
func spillError(file string, err error) *FileError {
	reason := fmt.Sprintf("could not write its rows to a temporary file: %v", err)
	var rb readBackError
	if errors.As(err, &rb) {
		reason = fmt.Sprintf("could not read its rows back from a temporary file: %v", rb.error)
	}
	return &FileError{File: file, Reason: reason,
		Hint: fmt.Sprintf("a large table's rows are kept in the temporary folder (%s) while it is read: free some space there, or set TMPDIR (TMP on Windows) to a folder on a disk with more", os.TempDir()),
		Err:  err}
}
