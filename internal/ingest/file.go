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
	res      *FileResult
	opts     *Options
	dups     map[[16]byte]struct{}
	seeds    [2]maphash.Seed
	rowsRead int
	tables   int
	noTables []string
	refusals []refusal
}

func newFileState(res *FileResult, opts *Options) *fileState {
	return &fileState{res: res, opts: opts, dups: make(map[[16]byte]struct{}),
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

// seen reports whether a row identical in every cell (trailing empty cells
// aside) was seen before in this file, in any sheet, and remembers it: a
// duplicate is counted and left out. 16-byte hashes keep the set small on
// million-row files.
func (fs *fileState) seen(r rowsrc.Row) bool {
	cells := r.Cells
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	// Two 64-bit hashes with independent seeds make the 16-byte key; the
	// length before each cell keeps "ab","c" apart from "a","bc".
	var h1, h2 maphash.Hash
	h1.SetSeed(fs.seeds[0])
	h2.SetSeed(fs.seeds[1])
	for _, c := range cells {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(c)))
		h1.Write(n[:])
		h1.WriteString(c)
		h2.Write(n[:])
		h2.WriteString(c)
	}
	var k [16]byte
	binary.LittleEndian.PutUint64(k[:8], h1.Sum64())
	binary.LittleEndian.PutUint64(k[8:], h2.Sum64())
	if _, ok := fs.dups[k]; ok {
		return true
	}
	fs.dups[k] = struct{}{}
	return false
}
