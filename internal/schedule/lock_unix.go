//go:build unix

package schedule

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// AcquireLock takes an exclusive OS lock (flock) on the file at path,
// creating it if needed, so that only one `clientrisk serve` works on a
// ledger. The kernel drops the lock when the process dies, so a crash
// never leaves a stale lock behind; the file itself stays (removing it
// would let two processes lock two different files of the same name).
// The holder's pid is written into the file for the message the next
// comer gets. The lock belongs to the open file, so a second call in the
// same process fails too.
func AcquireLock(path string) (release func() error, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock file %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder := readPID(f)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &LockedError{Path: path, PID: holder}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := writePID(f); err != nil {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
		return nil, fmt.Errorf("write pid to lock file %s: %w", path, err)
	}
	released := false
	return func() error {
		if released {
			return nil
		}
		released = true
		uerr := syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		cerr := f.Close()
		if uerr != nil {
			return fmt.Errorf("unlock %s: %w", path, uerr)
		}
		if cerr != nil {
			return fmt.Errorf("close lock file %s: %w", path, cerr)
		}
		return nil
	}, nil
}

func writePID(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	if err != nil {
		return err
	}
	return f.Sync()
}

// readPID returns the pid the holder wrote, or 0 when it cannot be read
// (the holder may be between taking the lock and writing it).
func readPID(f *os.File) int {
	buf := make([]byte, 32)
	n, _ := f.ReadAt(buf, 0)
	pid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
