package pipeline

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeAtomic streams the render into a temporary file: on success the
// file holds exactly what was rendered; when the render fails after
// writing part of it, the report already there is untouched and nothing
// is left behind.
func TestWriteAtomicStreamsAndKeepsOldOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "2026-10-client-report.json")
	if err := os.WriteFile(path, []byte("last month's run"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("0123456789abcdef", 16<<10) // 256 KB: past the write buffer
	boom := errors.New("render failed")
	err := writeAtomic(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, big); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "write 2026-10-client-report.json") {
		t.Fatalf("got %v, want the render's error naming the file", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "last month's run" {
		t.Fatalf("the old report was changed: %.40q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("%d files in the folder after the failure, want only the old report", len(entries))
	}

	if err := writeAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, big+"end"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != big+"end" {
		t.Fatalf("the report holds %d bytes, want the %d rendered", len(b), len(big)+3)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("%d files in the folder, want the report alone", len(entries))
	}
}
