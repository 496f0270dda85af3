package csv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

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

type textStats struct {
	validUTF8 bool
	high      int // bytes >= 0x80
	highRuns  int // high letters (>= 0xC0) following another one
}

func scanText(r io.Reader) (textStats, error) {
	st := textStats{validUTF8: true}
	buf := make([]byte, 64<<10)
	// data is the carried incomplete rune and the chunk, reused: a chunk
	// must not cost an allocation (the file may be a 100 MB line).
	data := make([]byte, 0, len(buf)+utf8.UTFMax)
	var carry [utf8.UTFMax]byte
	nCarry := 0
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
			data = append(append(data[:0], carry[:nCarry]...), chunk...)
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
			nCarry = copy(carry[:], data[cut:])
		}
		if errors.Is(err, io.EOF) {
			return st, nil
		}
		if err != nil {
			return st, err
		}
	}
}
