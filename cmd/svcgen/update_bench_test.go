package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/release"
)

// BenchmarkUpdateProcess times whole processes on a full service, each
// iteration running every process once, in turn (see BenchmarkProcess):
// `svcgen check` on an up-to-date service (the baseline), `svcgen update
// --check` on the same service, and `svcgen update` of a service generated
// with template release 1 (a fresh copy per iteration, written before the
// clock starts). Reported as check-ms/op, update-check-ms/op and
// update-ms/op; the budgets (update --check within 2x check, a whole update
// well under 100 ms) are tracked in docs/benchmarks.md, not asserted.
// SVCGEN_BENCH_BASELINE, a list of older svcgen binaries separated like
// PATH, adds each one's update of a release 1 service of its own
// (baseline-<file name>-update-ms/op; it updates to its own templates).
func BenchmarkUpdateProcess(b *testing.B) {
	bins := processBinaries(b)
	a := benchAnswers()
	current := nextOutDir()
	writeRelease(b, current, 0, a)
	bases := filepath.SplitList(os.Getenv("SVCGEN_BENCH_BASELINE"))
	var checkT, updCheckT, updT time.Duration
	baseT := make([]time.Duration, len(bases))
	for b.Loop() {
		old := nextOutDir()
		writeRelease(b, old, 1, a)
		olds := make([]string, len(bases))
		for i := range bases {
			olds[i] = nextOutDir()
			writeRelease(b, olds[i], 1, a)
		}
		checkT += timed(b, bins.svcgen, "check", current)
		updCheckT += timed(b, bins.svcgen, "update", "--check", current)
		updT += timed(b, bins.svcgen, "update", old)
		for i, base := range bases {
			baseT[i] += timed(b, base, "update", olds[i])
		}
	}
	perOp := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 / float64(b.N) }
	for name, d := range map[string]time.Duration{"check": checkT, "update-check": updCheckT, "update": updT} {
		b.ReportMetric(perOp(d), name+"-ms/op")
	}
	for i, base := range bases {
		b.ReportMetric(perOp(baseT[i]), "baseline-"+filepath.Base(base)+"-update-ms/op")
	}
}

// writeRelease writes a answers rendered with release n (0: the current
// templates) into dir.
func writeRelease(b *testing.B, dir string, n int, a generator.Answers) {
	b.Helper()
	var tree *generator.Tree
	var err error
	if n == 0 {
		tree, err = generator.Generate(a)
	} else {
		var r release.Release
		if r, err = release.Find(0, firstReleaseDigest); err == nil {
			tree, err = release.Generate(r, a)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	if err := generator.Write(context.Background(), dir, tree, generator.WriteOptions{}); err != nil {
		b.Fatal(err)
	}
}

func timed(b *testing.B, args ...string) time.Duration {
	b.Helper()
	start := time.Now()
	execOK(b, args...)
	return time.Since(start)
}

// firstReleaseDigest is template release 1, svcgen 3ed62f6's templates.
const firstReleaseDigest = "sha256:1307caee7844b78a"

// benchAnswers are the full service the process benchmarks work on.
func benchAnswers() generator.Answers {
	return generator.Answers{Name: "bench", Module: "example.com/bench", Description: "Benchmark service.",
		Owner: "acme/platform", GoVersion: generator.GoVersions[0], Preset: "full", License: "Apache-2.0"}.Resolve()
}
