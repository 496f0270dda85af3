//go:build unix

package store

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system, all threads) this process
// has used so far: on a machine shared with other work it varies much
// less between runs than the elapsed time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
