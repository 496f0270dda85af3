// Command gen writes the example exports in samples/: 24 months of a small
// Milan agency's invoices as five programs would export them, made
// deterministically (fixed seed, fixed workbook timestamps) so that running
// it again changes no byte. Run it from the repository root:
//
//	go run ./samples/gen            # rewrites the files in samples/
//	go run ./samples/gen -truth     # prints the figures the data is built to show
//
// samples/README.md says what each file imitates and what it should flag.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	out := fs.String("out", "samples", "folder to write the exports into")
	truth := fs.Bool("truth", false, "print the intended figures per client instead of writing files")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *truth {
		l, err := buildLedger()
		if err != nil {
			return err
		}
		return printTruth(stdout, l)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	return generate(*out)
}
