//go:build linux

package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestServeSlowCopyIsImportedWhole: a copy into the inbox that pauses for
// longer than the settle time (a slow network copy) is not imported in
// part. The writer, another process, writes half the export, pauses, then
// writes the rest; while it holds the file open the file goes back to the
// inbox, and once it is whole it is imported whole: 60 invoices, and the
// SHA-256 in the ledger is the archived file's.
func TestServeSlowCopyIsImportedWhole(t *testing.T) {
	t.Parallel()
	loc := serveRome(t)
	e := newServeEnv(t, time.Date(2026, 11, 10, 10, 0, 0, 0, loc), "import", false)
	data := readSample(t)
	cut := bytes.IndexByte(data[len(data)/2:], '\n') + len(data)/2 + 1
	dir := t.TempDir()
	half, rest := filepath.Join(dir, "half"), filepath.Join(dir, "rest")
	if err := os.WriteFile(half, data[:cut], 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rest, data[cut:], 0o600); err != nil {
		t.Fatal(err)
	}
	rs := e.start()
	if err := os.MkdirAll(e.cfg.DropFolder.Inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(e.cfg.DropFolder.Inbox, serveSample)
	// The shell opens the target once and keeps it open while it sleeps.
	writer := exec.Command("sh", "-c", `exec 3>"$1"; cat "$2" >&3; sleep 2; cat "$3" >&3`, "sh", target, half, rest)
	if err := writer.Start(); err != nil {
		t.Fatal(err)
	}
	writerDone := make(chan error, 1)
	go func() { writerDone <- writer.Wait() }()
	t.Cleanup(func() { _ = writer.Process.Kill() })

	e.waitFor("the whole export imported", func() (bool, string) {
		imps := e.imports()
		return len(imps) == 1 && imps[0].Status == "done", fmt.Sprintf("imports %d", len(imps))
	}, 500*time.Millisecond, rs.log)
	rs.stop()
	select {
	case err := <-writerDone:
		if err != nil {
			t.Fatalf("the writer: %v", err)
		}
	default:
		t.Fatal("the export was imported while its writer was still running")
	}
	imps := e.imports()
	if len(imps) != 1 || imps[0].New != serveSampleDocs {
		t.Fatalf("imports: %+v; want one with the %d invoices of the whole file", imps, serveSampleDocs)
	}
	sum := sha256.Sum256(data)
	if imps[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("ledger records SHA-256 %s, the whole file's is %x", imps[0].SHA256, sum)
	}
	archived := filepath.Join(e.cfg.DropFolder.Archive, "2026", "11", serveSample)
	if got, err := os.ReadFile(archived); err != nil || !bytes.Equal(got, data) {
		t.Errorf("archived file: %d bytes, %v; want the %d bytes written", len(got), err, len(data))
	}
	if len(rs.log.find("the file was still being written: back to the inbox to settle")) == 0 {
		t.Errorf("the log does not say the file went back to the inbox\nlog:\n%s", rs.log)
	}
}
