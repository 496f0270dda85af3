package ingest

import (
	"encoding/binary"
	"hash/maphash"
	"strings"

	"github.com/clientrisk/clientrisk/internal/ingest/rowsrc"
)

// fileState is what a file's sheets share: the result being filled, the
// options and the hashes of the rows seen (duplicates are per file).
type fileState struct {
	res     *FileResult
	opts    *Options
	dups    rowSet
	seeds   [2]maphash.Seed
	scratch []byte // seen's encoding of a row, reused
	// lastTable: the table being read is the file's last; seen is not
	// called after its rows.
	lastTable bool
	// releaseCells, when set, lets go of what the source's cells were
	// read from (a workbook's shared strings): called once the last
	// table's rows are all read, before they are grouped.
	releaseCells func()
	rowsRead     int
	tables       int
	noTables     []string
	refusals     []refusal
}

func newFileState(res *FileResult, opts *Options) *fileState {
	return &fileState{res: res, opts: opts,
		seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
}

// noTableError fails the file when none of its sheets holds a table: a
// file that gave nothing must not look like a month without invoices.
func (fs *fileState) noTableError() error {
	if fs.tables > 0 {
		return nil
	}
	if err := fs.refusedError(); err != nil {
		return err
	}
	reason := "has no sheet with data"
	if len(fs.noTables) > 0 {
		reason = strings.Join(fs.noTables, "; ")
	}
	return &FileError{File: fs.res.Name, Reason: reason,
		Hint: "export a list with client, date and amount columns, or map the columns under input.columns in the config"}
}

func (fs *fileState) progress() {
	fs.rowsRead++
	if fs.opts.Progress != nil && fs.rowsRead%progressEvery == 0 {
		fs.opts.Progress(fs.rowsRead)
	}
}

// rowKey is a row's hash in the duplicate check: 96 bits. A 12-byte array
// (no padding) keeps the set of a million-row file some 7 MB smaller than
// 16 bytes would, and two different rows of a 10-million-row file share
// one with a chance of about 1 in 10^15.
type rowKey [12]byte

// seen reports whether a row identical in every cell (trailing empty cells
// aside) was seen before in this file, in any sheet, and remembers it: a
// duplicate is counted and left out.
func (fs *fileState) seen(r rowsrc.Row) bool {
	cells := r.Cells
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	// The row is encoded once (each cell's length before it, so "ab","c"
	// stays apart from "a","bc") and hashed whole twice with independent
	// seeds: one 64-bit sum and 32 bits of the other make the key.
	b := fs.scratch[:0]
	for _, c := range cells {
		b = binary.AppendUvarint(b, uint64(len(c)))
		b = append(b, c...)
	}
	fs.scratch = b
	var k rowKey
	binary.LittleEndian.PutUint64(k[:8], maphash.Bytes(fs.seeds[0], b))
	binary.LittleEndian.PutUint32(k[8:], uint32(maphash.Bytes(fs.seeds[1], b)))
	return fs.dups.insert(k)
}
