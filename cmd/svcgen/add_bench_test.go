package main

import (
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
)

// BenchmarkAddProcess times whole processes, each iteration running every
// process once, in turn (see BenchmarkProcess): `svcgen new DIR --yes
// --preset full` (the baseline) and `svcgen add resource order DIR
// --fields ...` on a full service generated before the clock starts (a
// fresh one per iteration). Reported as new-ms/op and add-ms/op; the budget
// (add within 50 ms) is tracked in docs/benchmarks.md, not asserted.
func BenchmarkAddProcess(b *testing.B) {
	bins := processBinaries(b)
	a := generator.Answers{Name: "bench", Module: "example.com/bench", Description: "Benchmark service.",
		Owner: "acme/platform", GoVersion: generator.GoVersions[0], Preset: "full", License: "Apache-2.0"}.Resolve()
	var newT, addT time.Duration
	for b.Loop() {
		svc := nextOutDir()
		writeRelease(b, svc, 0, a)
		newT += timed(b, newFull(bins.svcgen)...)
		addT += timed(b, bins.svcgen, "add", "resource", "order", svc, "--fields", "name:string,quantity:int,due:time,active:bool")
	}
	b.ReportMetric(float64(newT.Nanoseconds())/1e6/float64(b.N), "new-ms/op")
	b.ReportMetric(float64(addT.Nanoseconds())/1e6/float64(b.N), "add-ms/op")
}
