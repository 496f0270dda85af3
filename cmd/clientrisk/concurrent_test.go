package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentReportsOfOneMonth: runs of the same month into the same
// folder at once each write under a temporary name of their own, so all
// of them succeed (one shared "<name>.tmp" made some fail with "rename:
// no such file"), and no temporary file is left behind.
func TestConcurrentReportsOfOneMonth(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "")
	args := append([]string{"report", "--config", cfg, "--no-ledger", "--month", "2026-10"}, samplePaths(t)...)
	const runs = 8
	var wg sync.WaitGroup
	codes := make([]outcome, runs)
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = newCLI(t).run(args...)
		}()
	}
	wg.Wait()
	for i, o := range codes {
		if o.code != 0 {
			t.Errorf("run %d: exit %d\n%s", i, o.code, o.stderr)
		}
	}
	out := filepath.Join(dir, "reports")
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "2026-10-client-report.json 2026-10-client-report.pdf 2026-10-client-report.xlsx" {
		t.Errorf("output folder holds %q, want the three reports and nothing else", got)
	}
}
