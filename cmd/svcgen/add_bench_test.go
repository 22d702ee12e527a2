package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkAddProcess times whole processes, each iteration running every
// process once, in turn (see BenchmarkProcess): `svcgen new DIR --yes
// --preset full` (the baseline) and `svcgen add resource order DIR
// --fields ...` on a full service generated before the clock starts (a
// fresh one per iteration). Reported as new-ms/op and add-ms/op.
// SVCGEN_BENCH_BASELINE, a list of older svcgen binaries separated like
// PATH, adds each one's add (baseline-<file name>-ms/op), on a service of
// its own. The budget (add within 50 ms) is tracked in docs/benchmarks.md,
// not asserted.
func BenchmarkAddProcess(b *testing.B) {
	bins := processBinaries(b)
	a := benchAnswers()
	adders := append([]string{bins.svcgen}, filepath.SplitList(os.Getenv("SVCGEN_BENCH_BASELINE"))...)
	var newT time.Duration
	addT := make([]time.Duration, len(adders))
	for b.Loop() {
		svcs := make([]string, len(adders))
		for i := range adders {
			svcs[i] = nextOutDir()
			writeRelease(b, svcs[i], 0, a)
		}
		newT += timed(b, newFull(bins.svcgen)...)
		for i, bin := range adders {
			addT[i] += timed(b, bin, "add", "resource", "order", svcs[i], "--fields", "name:string,quantity:int,due:time,active:bool")
		}
	}
	perOp := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 / float64(b.N) }
	b.ReportMetric(perOp(newT), "new-ms/op")
	b.ReportMetric(perOp(addT[0]), "add-ms/op")
	for i, bin := range adders[1:] {
		b.ReportMetric(perOp(addT[i+1]), "baseline-"+filepath.Base(bin)+"-ms/op")
	}
}
