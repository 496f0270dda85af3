package main

import (
	"runtime/debug"
	"testing"
)

// TestTuneGC: the collector runs at gcPercent unless GOGC is set, when
// the runtime's own reading of it is left alone. Not parallel: the setting
// is the process's.
func TestTuneGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)

	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("with GOGC unset the collector runs at %d, want %d", got, gcPercent)
	}
	tuneGC(func(k string) string {
		if k == "GOGC" {
			return "200"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, tuneGC changed the collector to %d", got)
	}
}
