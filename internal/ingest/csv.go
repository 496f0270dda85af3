package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffBytes is how much decoded text the delimiter is guessed from.
const sniffBytes = 64 << 10

// maxCSVErrors stops reading a CSV that is not really one: past this many
// unreadable records the file fails instead of burying the user in errors.
const maxCSVErrors = 1000

// readCSV reads a CSV or TSV file as one table.
func readCSV(fs *fileState, r io.ReaderAt, size int64) error {
	name := fs.res.Name
	enc, skip, why, err := chooseEncoding(fs.opts.Encoding, r, size)
	if err != nil {
		return &FileError{File: name, Reason: err.Error(), Hint: "use utf-8, windows-1252 or windows-1251 in input.encoding"}
	}
	if why != "" {
		fs.res.Notes = append(fs.res.Notes, Note{Key: encodingNote(enc.name)})
	}
	open := func() io.Reader {
		var src io.Reader = io.NewSectionReader(r, skip, size-skip)
		if enc.dec != nil {
			src = transform.NewReader(src, enc.dec.NewDecoder())
		}
		return src
	}
	sample, err := io.ReadAll(io.LimitReader(open(), sniffBytes))
	if err != nil {
		return &FileError{File: name, Reason: "cannot be decoded as " + enc.name, Hint: "set input.encoding in the config", Err: err}
	}
	delim, ok := sniffDelimiter(sample)
	if !ok {
		return &FileError{File: name, Reason: "is not a spreadsheet: no column separator (comma, semicolon, tab or |) found in its first lines",
			Hint: hintExportXLSX}
	}
	cr := csv.NewReader(bufio.NewReaderSize(open(), 64<<10))
	cr.Comma = delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	st := newSheetState(fs, name, "", false, false)
	errs := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return &FileError{File: name, Reason: "cannot be read to the end", Hint: "export it again", Err: err}
			}
			errs++
			if errs > maxCSVErrors {
				return &FileError{File: name, Reason: fmt.Sprintf("has more than %d unreadable lines: it is not a CSV export", maxCSVErrors), Hint: hintExportXLSX, Err: err}
			}
			st.res.Rows++
			st.reject(&RowError{File: name, Row: max(pe.StartLine, 1), Reason: fmt.Sprintf("cannot read the line: %v", pe.Err)})
			continue
		}
		line, _ := cr.FieldPos(0)
		cells := make([]string, len(rec))
		for i, c := range rec {
			cells[i] = strings.TrimSpace(c)
		}
		if err := st.add(rawRow{num: line, cells: cells}); err != nil {
			return err
		}
		if st.gaveUp {
			break
		}
	}
	st.finish()
	return nil
}

type textEncoding struct {
	name string
	dec  encoding.Encoding // nil: UTF-8, no transform
}

// chooseEncoding picks the text encoding: the config's, else a byte order
// mark, else UTF-8 when the whole file is valid UTF-8, else one of the two
// Windows code pages spreadsheet programs write: 1251 when the high bytes
// come in runs (Cyrillic words), 1252 when they sit alone among Latin
// letters (accents).
func chooseEncoding(forced string, r io.ReaderAt, size int64) (textEncoding, int64, string, error) {
	head := make([]byte, 3)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	var bom int64
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		bom = 3
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		if forced == "" {
			return textEncoding{name: "UTF-16", dec: unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)}, 0, "it starts with a UTF-16 byte order mark", nil
		}
	}
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(forced), "_", "-")) {
	case "":
	case "utf-8", "utf8":
		return textEncoding{name: "UTF-8"}, bom, "", nil
	case "windows-1252", "cp1252", "latin1", "iso-8859-1":
		return textEncoding{name: "Windows-1252", dec: charmap.Windows1252}, 0, "", nil
	case "windows-1251", "cp1251":
		return textEncoding{name: "Windows-1251", dec: charmap.Windows1251}, 0, "", nil
	default:
		return textEncoding{}, 0, "", fmt.Errorf("input.encoding %q is not one I can read", forced)
	}
	if bom > 0 {
		return textEncoding{name: "UTF-8"}, bom, "", nil
	}
	st, err := scanText(io.NewSectionReader(r, 0, size))
	if err != nil {
		return textEncoding{}, 0, "", fmt.Errorf("cannot be read: %w", err)
	}
	switch {
	case st.validUTF8:
		return textEncoding{name: "UTF-8"}, 0, "", nil
	case st.high > 0 && st.highRuns*2 >= st.high:
		return textEncoding{name: "Windows-1251", dec: charmap.Windows1251}, 0, "it is not UTF-8 and its accented letters look Cyrillic; set input.encoding if wrong", nil
	default:
		return textEncoding{name: "Windows-1252", dec: charmap.Windows1252}, 0, "it is not UTF-8; set input.encoding if wrong", nil
	}
}

// encodingNote is the note's key for an encoding chosen by guess (the
// reasons of chooseEncoding).
func encodingNote(name string) string {
	switch name {
	case "UTF-16":
		return NoteEncodingUTF16
	case "Windows-1251":
		return NoteEncodingCP1251
	}
	return NoteEncodingCP1252
}

type textStats struct {
	validUTF8 bool
	high      int // bytes >= 0x80
	highRuns  int // high letters (>= 0xC0) following another one
}

func scanText(r io.Reader) (textStats, error) {
	st := textStats{validUTF8: true}
	buf := make([]byte, 64<<10)
	var carry []byte
	prevHigh := false
	for {
		n, err := r.Read(buf)
		chunk := buf[:n]
		for _, b := range chunk {
			if b >= 0x80 {
				st.high++
			}
			isLetter := b >= 0xC0
			if isLetter && prevHigh {
				st.highRuns++
			}
			prevHigh = isLetter
		}
		if st.validUTF8 {
			data := append(carry, chunk...)
			cut := len(data)
			// Keep an incomplete rune at the end for the next chunk.
			for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
				if utf8.RuneStart(data[i]) {
					if !utf8.FullRune(data[i:]) {
						cut = i
					}
					break
				}
			}
			if err != nil {
				cut = len(data)
			}
			if !utf8.Valid(data[:cut]) {
				st.validUTF8 = false
			}
			carry = append([]byte(nil), data[cut:]...)
		}
		if errors.Is(err, io.EOF) {
			return st, nil
		}
		if err != nil {
			return st, err
		}
	}
}

// sniffDelimiter picks the separator that splits the first lines most
// consistently: the one whose most common non-zero count per line is
// shared by the most lines (titles above the table have none and do not
// vote), more columns breaking ties.
func sniffDelimiter(sample []byte) (rune, bool) {
	cands := []rune{',', ';', '\t', '|'}
	// Excel writes and honours a first line "sep=;" naming the separator.
	if first, _, _ := strings.Cut(string(sample[:min(len(sample), 16)]), "\n"); strings.HasPrefix(strings.ToLower(first), "sep=") {
		if r, size := utf8.DecodeRuneInString(strings.TrimRight(first[4:], "\r")); size > 0 && slices.Contains(cands, r) {
			return r, true
		}
	}
	counts := make([][]int, len(cands))
	line := make([]int, len(cands))
	inQuote := false
	lines := 0
	flush := func() {
		for i := range cands {
			counts[i] = append(counts[i], line[i])
			line[i] = 0
		}
		lines++
	}
	for _, r := range string(sample) {
		if lines >= headerScanRows {
			break
		}
		switch {
		case r == '"':
			inQuote = !inQuote
		case r == '\n' && !inQuote:
			flush()
		case !inQuote:
			for i, c := range cands {
				if r == c {
					line[i]++
				}
			}
		}
	}
	if lines < headerScanRows {
		flush()
	}
	best, bestLines, bestCount := -1, 0, 0
	for i := range cands {
		freq := map[int]int{}
		for _, n := range counts[i] {
			if n > 0 {
				freq[n]++
			}
		}
		mode, modeLines := 0, 0
		for n, l := range freq {
			if l > modeLines || (l == modeLines && n > mode) {
				mode, modeLines = n, l
			}
		}
		if modeLines > bestLines || (modeLines == bestLines && mode > bestCount) {
			best, bestLines, bestCount = i, modeLines, mode
		}
	}
	if best < 0 || bestLines == 0 {
		return 0, false
	}
	return cands[best], true
}
