package csv

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"
)

// sniffLines is how many lines the separator is guessed from: as many as
// the table layer searches for the header.
const sniffLines = 30

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
		if lines >= sniffLines {
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
	if lines < sniffLines {
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

// sniffColumns is how many cells the rows of the sample have: the most
// common count among its whole lines with more than one (the header's, in
// an export), else 1. A line the sample cuts off does not count, so one
// huge first line cannot set the bound it is checked against.
func sniffColumns(sample []byte, delim byte) int {
	end := bytes.LastIndexByte(sample, '\n')
	if end < 0 {
		return 1
	}
	freq := map[int]int{}
	n, inQuote := 1, false
	for _, c := range sample[:end+1] {
		switch {
		case c == '"':
			inQuote = !inQuote
		case c == delim && !inQuote:
			n++
		case c == '\n' && !inQuote:
			if n > 1 {
				freq[n]++
			}
			n = 1
		}
	}
	best, bestLines := 1, 0
	for cols, lines := range freq {
		if lines > bestLines || (lines == bestLines && cols > best) {
			best, bestLines = cols, lines
		}
	}
	return best
}
