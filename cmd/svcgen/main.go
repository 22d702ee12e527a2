// Command svcgen generates Go HTTP services that follow the team's
// conventions, checks existing services against them, and explains them.
//
// Usage:
//
//	svcgen new [DIR] [flags]   generate a service (prompts on a TTY for what flags leave open)
//	svcgen features [--json]   list presets and features
//	svcgen check [DIR]         report drift and convention findings
//	svcgen explain [TOPIC]     why a convention exists and where it lives
//	svcgen version
//
// Exit codes: 0 ok, 1 failure, 2 usage or invalid input, 3 check found
// problems, 130 cancelled.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], systemStreams()))
}

// gcMemoryLimit is the memory size at which the collector runs after all:
// `svcgen new` allocates about 3 MB in total, so it never does, and a
// `check` of a large service stays well inside a small container.
const gcMemoryLimit = 64 << 20

// tuneGC turns the garbage collector off below gcMemoryLimit. svcgen runs
// for milliseconds and allocates a few MB, so collecting only costs time
// (about a tenth of `svcgen new` before the other savings in
// docs/benchmarks.md). A GOGC or GOMEMLIMIT in the environment wins.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(gcMemoryLimit)
}
