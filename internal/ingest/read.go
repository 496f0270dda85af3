package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
)

// progressEvery is how many rows pass between two Progress calls.
const progressEvery = 10_000

// ReadFile reads one export. A file that cannot be read at all returns a
// *FileError (a one-line reason naming what the file is and what to export
// instead); otherwise a *FileResult with documents, time entries, row
// errors and per-sheet explanations. It opens the file read-only and never
// modifies, moves or deletes it.
func ReadFile(path string, opts Options) (*FileResult, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{File: name, Reason: "cannot be opened", Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &FileError{File: name, Reason: "cannot be opened", Err: err}
	}
	if st.IsDir() {
		return nil, &FileError{File: name, Reason: "is a folder, not a file"}
	}
	res, err := Read(name, f, st.Size(), opts)
	if res != nil {
		res.Path = path
	}
	return res, err
}

// Read is ReadFile over an already-open reader. name is used in messages;
// the format is chosen from the content, not from the name.
func Read(name string, r io.ReaderAt, size int64, opts Options) (res *FileResult, err error) {
	// One bad file must not stop a run: a bug turned into a panic by some
	// input becomes this file's error.
	defer func() {
		if p := recover(); p != nil {
			res = nil
			err = &FileError{File: name, Reason: "could not be read because of an internal error in clientrisk",
				Hint: "please report it with the file",
				Err:  fmt.Errorf("panic: %v\n%s", p, debug.Stack())}
		}
	}()
	opts.Limits = opts.Limits.withDefaults()
	sum, err := hashFile(r, size)
	if err != nil {
		return nil, &FileError{File: name, Reason: "cannot be read", Err: err}
	}
	res = &FileResult{Name: name, Size: size, SHA256: sum}
	fmtKind, err := detectFormat(name, r, size, opts.Limits)
	if err != nil {
		return nil, err
	}
	st := newFileState(res, &opts)
	switch fmtKind {
	case formatXLSX:
		res.Format = "xlsx"
		err = readXLSX(st, r, size)
	default:
		res.Format = "csv"
		err = readCSV(st, r, size)
	}
	if err != nil {
		return nil, err
	}
	if err := st.noTableError(); err != nil {
		return nil, err
	}
	return res, nil
}

// withDefaults fills zero limits with DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxUnzippedBytes <= 0 {
		l.MaxUnzippedBytes = d.MaxUnzippedBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxCellChars <= 0 {
		l.MaxCellChars = d.MaxCellChars
	}
	return l
}

func hashFile(r io.ReaderAt, size int64) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
