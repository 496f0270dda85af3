// Command benchgen writes the generated invoice exports the benchmarks
// read, for .ci/bench-1m.sh: benchgen -rows N -xlsx F [-csv F]
// [-inline F]. Not part of the product.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/clientrisk/clientrisk/internal/benchdata"
)

func main() {
	rows := flag.Int("rows", 100000, "number of invoice rows")
	xlsx := flag.String("xlsx", "", "write the Excel-like workbook (shared strings) here")
	csvPath := flag.String("csv", "", "write the same rows as CSV here")
	inline := flag.String("inline", "", "write the inline-string workbook (make bench's) here")
	flag.Parse()
	if err := run(*rows, *xlsx, *csvPath, *inline); err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
}

func run(rows int, xlsx, csvPath, inline string) error {
	if xlsx != "" {
		if err := benchdata.WriteExcelLike(xlsx, rows); err != nil {
			return err
		}
	}
	if csvPath != "" {
		if err := benchdata.WriteExcelLikeCSV(csvPath, rows); err != nil {
			return err
		}
	}
	if inline != "" {
		return benchdata.WriteInvoices(inline, rows, benchdata.Options{Payments: true})
	}
	return nil
}
