//go:build unix

package store

import (
	"errors"
	"syscall"
)

// processGone reports whether no process pid exists on this machine
// (signal 0 checks without sending anything; EPERM means it exists but
// belongs to another user).
func processGone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
