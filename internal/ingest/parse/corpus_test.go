package parse

import (
	"testing"

	"github.com/clientrisk/clientrisk/internal/corpustest"
)

// corpusCSVRows is corpustest.CSVRows.
func corpusCSVRows(tb testing.TB, rows int) (map[string][][]string, bool) {
	return corpustest.CSVRows(tb, rows)
}

// sharedCorpus names where the corpus is looked for, in skip messages.
var sharedCorpus, _ = corpustest.Dir()
