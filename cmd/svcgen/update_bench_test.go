package main

import (
	"context"
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
func BenchmarkUpdateProcess(b *testing.B) {
	bins := processBinaries(b)
	a := benchAnswers()
	current := nextOutDir()
	writeRelease(b, current, 0, a)
	var checkT, updCheckT, updT time.Duration
	for b.Loop() {
		old := nextOutDir()
		writeRelease(b, old, 1, a)
		checkT += timed(b, bins.svcgen, "check", current)
		updCheckT += timed(b, bins.svcgen, "update", "--check", current)
		updT += timed(b, bins.svcgen, "update", old)
	}
	for name, d := range map[string]time.Duration{"check": checkT, "update-check": updCheckT, "update": updT} {
		b.ReportMetric(float64(d.Nanoseconds())/1e6/float64(b.N), name+"-ms/op")
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
