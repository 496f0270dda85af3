package report

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSweepTemp: temporary files a killed run left (a report under a
// temporary name, excelize's stream files) go once they are 10 minutes
// old; younger ones, and every other file, stay.
func TestSweepTemp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	now := time.Date(2026, 11, 4, 8, 0, 0, 0, time.UTC)
	tmp := filepath.Join(dir, tempDirName)
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	files := map[string]time.Duration{ // path -> age
		filepath.Join(dir, ".2026-10-client-report.pdf.123.tmp"):  11 * time.Minute,
		filepath.Join(dir, ".2026-10-client-report.xlsx.456.tmp"): 9 * time.Minute,
		filepath.Join(dir, "2026-10-client-report.pdf"):           48 * time.Hour,
		filepath.Join(dir, "notes.tmp"):                           48 * time.Hour,
		filepath.Join(tmp, "excelize-789"):                        time.Hour,
		filepath.Join(tmp, "excelize-790"):                        time.Minute,
	}
	for p, age := range files {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	// A killed run's own folder, unchanged for an hour, and a live one's.
	for name, age := range map[string]time.Duration{"run-111": time.Hour, "run-222": time.Minute} {
		d := filepath.Join(tmp, name)
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "workbook-1.zip"), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(d, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	SweepTemp(dir, now)
	want := map[string]bool{ // path -> still there
		tempDirName + "/run-111":                false,
		tempDirName + "/run-222/workbook-1.zip": true,
		".2026-10-client-report.pdf.123.tmp":    false,
		".2026-10-client-report.xlsx.456.tmp":   true,
		"2026-10-client-report.pdf":             true,
		"notes.tmp":                             true,
		tempDirName + "/excelize-789":           false,
		tempDirName + "/excelize-790":           true,
	}
	for rel, there := range want {
		_, err := os.Stat(filepath.Join(dir, rel))
		if got := err == nil; got != there {
			t.Errorf("%s: there after the sweep = %v, want %v", rel, got, there)
		}
	}
}
