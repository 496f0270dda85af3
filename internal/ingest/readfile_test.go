//go:build unix

package ingest

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadFileRefusesWhatIsNotAFile: a named pipe given as an export is
// refused before it is opened (opening it would block until a writer
// comes, and SIGTERM could not stop that), a device too (/dev/zero never
// ends), a folder is said to be one, and a missing file is "no such
// file". Each answer comes at once.
func TestReadFileRefusesWhatIsNotAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "export.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	cases := []struct{ path, want string }{
		{fifo, "file export.csv: is a named pipe, not a file"},
		{"/dev/zero", "file zero: is a device, not a file"},
		{dir, "is a folder, not a file"},
		{filepath.Join(dir, "nosuch.csv"), "file nosuch.csv: no such file (" + filepath.Join(dir, "nosuch.csv") + ")"},
	}
	for _, tc := range cases {
		done := make(chan error, 1)
		go func() {
			_, err := ReadFile(tc.path, Options{})
			done <- err
		}()
		select {
		case err := <-done:
			var fe *FileError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadFile(%s) = %v, want a FileError saying %q", tc.path, err, tc.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("ReadFile(%s) still running after 5 s", tc.path)
		}
	}
}
