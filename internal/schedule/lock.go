package schedule

import "fmt"

// LockPath is the lock file AcquireLock is given for a ledger: the
// ledger's path with ".lock" appended, beside it. It holds the holder's
// pid and is left in place on release.
func LockPath(ledger string) string { return ledger + ".lock" }

// LockedError says another process holds the ledger's lock.
type LockedError struct {
	Path string
	PID  int // 0 when the holder's pid could not be read
}

func (e *LockedError) Error() string {
	if e.PID == 0 {
		return fmt.Sprintf("another clientrisk serve is running on this ledger (lock %s is held)", e.Path)
	}
	return fmt.Sprintf("another clientrisk serve is running on this ledger (lock %s held by pid %d)", e.Path, e.PID)
}
