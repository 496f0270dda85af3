//go:build !unix

package store

import "time"

// cpuTime is not measured here: benchmarks report no cpu-s.
func cpuTime() time.Duration { return 0 }
