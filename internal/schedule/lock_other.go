//go:build !unix

package schedule

import "fmt"

// AcquireLock is only implemented with flock on Unix systems; elsewhere
// it refuses, rather than pretend to protect the ledger.
func AcquireLock(path string) (release func() error, err error) {
	return nil, fmt.Errorf("lock %s: file locks are not supported on this system", path)
}
