package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles writes a CPU profile to $CLIENTRISK_CPUPROFILE and a heap
// profile (at exit) to $CLIENTRISK_MEMPROFILE when they are set: the way to
// measure a slow run on the user's own export (go tool pprof reads them).
// The returned function stops and writes them.
func startProfiles(getenv func(string) string) (stop func(), err error) {
	stop = func() {}
	if path := getenv("CLIENTRISK_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return stop, fmt.Errorf("CLIENTRISK_CPUPROFILE: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return stop, fmt.Errorf("CLIENTRISK_CPUPROFILE: %w", err)
		}
		stop = func() { pprof.StopCPUProfile(); f.Close() }
	}
	if path := getenv("CLIENTRISK_MEMPROFILE"); path != "" {
		cpu := stop
		stop = func() {
			cpu()
			f, err := os.Create(path)
			if err != nil {
				fmt.Fprintln(os.Stderr, "clientrisk: CLIENTRISK_MEMPROFILE:", err)
				return
			}
			defer f.Close()
			runtime.GC()
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
		}
	}
	return stop, nil
}
