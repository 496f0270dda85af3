package dropfolder

import (
	"os"
	"path/filepath"
	"strconv"
)

// heldOpen reports whether another process has path open, as far as this
// user can see (/proc/<pid>/fd of its own processes, of all when root): a
// writer that paused longer than the settle time still holds the file it
// is writing. Errors count as "not held": the size and time checks after
// the import still guard.
func heldOpen(path string) bool {
	target, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	want, err := os.Stat(target)
	if err != nil {
		return false
	}
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return false
	}
	self := strconv.Itoa(os.Getpid())
	for _, p := range procs {
		name := p.Name()
		if name == self || name[0] < '0' || name[0] > '9' {
			continue
		}
		fdDir := filepath.Join("/proc", name, "fd")
		fds, err := os.ReadDir(fdDir)
		if err != nil {
			continue // gone, or another user's
		}
		for _, fd := range fds {
			link, err := os.Readlink(filepath.Join(fdDir, fd.Name()))
			if err != nil || link != target {
				continue
			}
			// The same path may name another file by now: compare inodes.
			if got, err := os.Stat(filepath.Join(fdDir, fd.Name())); err == nil && os.SameFile(got, want) {
				return true
			}
		}
	}
	return false
}
