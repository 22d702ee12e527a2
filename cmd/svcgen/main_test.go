package main

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	tuneGC()
	if got := debug.SetGCPercent(100); got != -1 {
		t.Errorf("GC percent = %d, want -1 (off)", got)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != gcMemoryLimit {
		t.Errorf("memory limit = %d, want %d", got, gcMemoryLimit)
	}

	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env+" wins", func(t *testing.T) {
			t.Setenv(env, "200")
			tuneGC()
			if got := debug.SetGCPercent(100); got != 100 {
				t.Errorf("GC percent = %d, want 100 (untouched)", got)
			}
			if got := debug.SetMemoryLimit(math.MaxInt64); got != math.MaxInt64 {
				t.Errorf("memory limit = %d, want untouched", got)
			}
		})
	}
}
