//go:build unix

package schedule

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const lockHelperEnv = "CLIENTRISK_LOCK_HELPER_PATH"

// TestLockHelperProcess is not a test: run as a child process with
// lockHelperEnv set, it takes the lock, says so, and waits to be killed.
func TestLockHelperProcess(t *testing.T) {
	path := os.Getenv(lockHelperEnv)
	if path == "" {
		t.Skip("helper process for TestLockAcrossProcesses")
	}
	if _, err := AcquireLock(path); err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
	os.Exit(0)
}

func TestLockTwiceInOneProcess(t *testing.T) {
	t.Parallel()
	path := LockPath(filepath.Join(t.TempDir(), "clientrisk.db"))
	release, err := AcquireLock(path)
	if err != nil {
		t.Fatalf("first AcquireLock: %v", err)
	}
	_, err = AcquireLock(path)
	want := fmt.Sprintf("another clientrisk serve is running on this ledger (lock %s held by pid %d)", path, os.Getpid())
	if err == nil || err.Error() != want {
		t.Fatalf("second AcquireLock error = %v, want %q", err, want)
	}
	var le *LockedError
	if !errors.As(err, &le) || le.PID != os.Getpid() {
		t.Errorf("error %v is not a *LockedError with pid %d", err, os.Getpid())
	}
	if err := release(); err != nil {
		t.Fatalf("release: %v", err)
	}
	if err := release(); err != nil {
		t.Errorf("second release: %v", err)
	}
	again, err := AcquireLock(path)
	if err != nil {
		t.Fatalf("AcquireLock after release: %v", err)
	}
	if err := again(); err != nil {
		t.Errorf("release: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("lock file should stay after release: %v", err)
	}
}

func TestLockAcrossProcesses(t *testing.T) {
	t.Parallel()
	path := LockPath(filepath.Join(t.TempDir(), "clientrisk.db"))
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start helper: %v", err)
	}
	killed := false
	defer func() {
		if !killed {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "locked" {
		t.Fatalf("helper said %q, %v; want \"locked\"", line, err)
	}

	_, err = AcquireLock(path)
	want := fmt.Sprintf("another clientrisk serve is running on this ledger (lock %s held by pid %d)", path, cmd.Process.Pid)
	if err == nil || err.Error() != want {
		t.Fatalf("AcquireLock while the child holds it: error = %v, want %q", err, want)
	}

	// A crash (SIGKILL, no clean-up code runs) must not leave the lock held.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	killed = true
	release, err := AcquireLock(path)
	if err != nil {
		t.Fatalf("AcquireLock after the child was killed: %v", err)
	}
	if err := release(); err != nil {
		t.Errorf("release: %v", err)
	}
}

func TestLockUnwritablePlace(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "no-such-dir", "clientrisk.db.lock")
	_, err := AcquireLock(path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("AcquireLock in a missing folder: error = %v, want one naming %s", err, path)
	}
}
