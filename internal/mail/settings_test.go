//go:build unix

package mail

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestPasswordFileRefusesWhatIsNoPassword: a named pipe is refused
// before it is opened (opening one blocks until a writer comes), a
// device and a folder are refused, and a file over 4 KiB is not read
// through. Each answer comes at once.
func TestPasswordFileRefusesWhatIsNoPassword(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pw.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, []byte(strings.Repeat("x", 4097)), 0o600); err != nil {
		t.Fatal(err)
	}
	exact := filepath.Join(dir, "exact.txt")
	if err := os.WriteFile(exact, []byte(strings.Repeat("y", 4095)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ path, want string }{
		{fifo, "is not a regular file (a named pipe)"},
		{"/dev/zero", "is not a regular file (a device)"},
		{dir, "is not a regular file (a folder)"},
		{big, "holds more than 4 KiB"},
	}
	for _, tc := range cases {
		done := make(chan error, 1)
		go func() {
			_, err := Settings{Username: "me", PasswordFile: tc.path}.Password(nil)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("password file %s: got %v, want an error saying %q", tc.path, err, tc.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("password file %s: still reading after 5 s", tc.path)
		}
	}
	// 4,096 bytes is the limit: 4,095 y and a newline are read, the
	// newline trimmed.
	pw, err := Settings{Username: "me", PasswordFile: exact}.Password(nil)
	if err != nil || pw != strings.Repeat("y", 4095) {
		t.Errorf("password file of 4096 bytes: got %d bytes, %v; want the 4095 y", len(pw), err)
	}
}

func TestPasswordFileWarning(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "pw.txt")
	if err := os.WriteFile(p, []byte("secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if w := (Settings{PasswordFile: p}).PasswordFileWarning(); w != "" {
		t.Errorf("mode 0600: warning %q, want none", w)
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	w := Settings{PasswordFile: p}.PasswordFileWarning()
	if !strings.Contains(w, "can be read by other users (mode 0644): chmod 600 it") || strings.Contains(w, "secret") {
		t.Errorf("mode 0644: warning %q, want one naming the mode and the fix, not the password", w)
	}
}
