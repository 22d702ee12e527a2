package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
)

// BenchmarkProcess times whole processes, as a user sees them: an empty Go
// program (the floor of starting any Go binary on this machine),
// `svcgen version`, and `svcgen new DIR --yes --preset full` into a new
// directory, reported as ms/op metrics per process (empty-ms/op,
// version-ms/op, new-ms/op), and the same `new` without feature
// observability (new-without-observability-ms/op: the feature's share,
// whose Go-built files allocate most). Both binaries are built as goreleaser builds
// the release (releaseBuildFlags). SVCGEN_BENCH_BASELINE, a list of older
// svcgen binaries separated like PATH, adds each one's `new` (as
// baseline-<file name>-ms/op), for before/after ratios. The budget (median
// ≤ 30 ms for new) is tracked in docs/benchmarks.md, not asserted.
//
// Every iteration runs each process once, in turn, so all of them see the
// same machine: this VM's speed drifts by a quarter over minutes, which
// would skew one sub-benchmark per process, measured one after the other.
//
// The binaries are built once per test binary, not once per -count round:
// a fresh link writes megabytes that the kernel is still flushing when the
// next measurement starts. Nothing is deleted while the benchmark runs
// either: every tree stays under the shared root until the test binary
// exits. On an ext4 file system without a journal (like this VM's), the
// inode allocator steps over inodes freed in the last minutes, so creating
// files right after deleting thousands is several times slower; deleting
// between rounds would measure that instead of svcgen.
func BenchmarkProcess(b *testing.B) {
	bins := processBinaries(b)
	procs := []struct {
		name string
		args func() []string
	}{
		{"empty", func() []string { return []string{bins.empty} }},
		{"version", func() []string { return []string{bins.svcgen, "version"} }},
		{"new", func() []string { return newFull(bins.svcgen) }},
		{"new-without-observability", func() []string {
			return append(newFull(bins.svcgen), "--features", fullFeaturesWithout(b, "observability"))
		}},
	}
	for _, base := range filepath.SplitList(os.Getenv("SVCGEN_BENCH_BASELINE")) {
		procs = append(procs, struct {
			name string
			args func() []string
		}{"baseline-" + filepath.Base(base), func() []string { return newFull(base) }})
	}
	spent := make([]time.Duration, len(procs))
	for b.Loop() {
		for i, p := range procs {
			args := p.args()
			start := time.Now()
			execOK(b, args...)
			spent[i] += time.Since(start)
		}
	}
	for i, p := range procs {
		b.ReportMetric(float64(spent[i].Nanoseconds())/1e6/float64(b.N), p.name+"-ms/op")
	}
}

// fullFeaturesWithout is the full preset's feature list without one.
func fullFeaturesWithout(b *testing.B, feature string) string {
	for _, p := range generator.Presets() {
		if p.Name == "full" && slices.Contains(p.Features, feature) {
			return strings.Join(slices.DeleteFunc(slices.Clone(p.Features), func(f string) bool { return f == feature }), ",")
		}
	}
	b.Fatalf("the full preset has no feature %s", feature)
	return ""
}

func newFull(svcgen string) []string {
	return []string{svcgen, "new", nextOutDir(), "--yes", "--preset", "full"}
}

// releaseBuildFlags are goreleaser.yaml's: CGO_ENABLED=0, -trimpath,
// -ldflags "-s -w".
var releaseBuildFlags = []string{"-trimpath", "-ldflags", "-s -w"}

type benchBinaries struct{ svcgen, empty string }

var (
	benchMu    sync.Mutex
	benchRoot  string // binaries and every tree written; removed at exit
	benchBins  *benchBinaries
	benchTrees int
)

// processBinaries builds svcgen and an empty program, once per test binary.
func processBinaries(b *testing.B) benchBinaries {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if benchBins != nil {
		return *benchBins
	}
	root, err := os.MkdirTemp("", "svcgen-bench-process-")
	if err != nil {
		b.Fatal(err)
	}
	benchRoot = root
	bins := &benchBinaries{svcgen: filepath.Join(root, "svcgen"), empty: filepath.Join(root, "empty")}
	src := filepath.Join(root, "emptysrc")
	if err := os.MkdirAll(src, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	goBuild(b, "", bins.svcgen, ".")
	goBuild(b, src, bins.empty, "main.go")
	benchBins = bins
	return *bins
}

// goBuild builds pkg, relative to dir, into out as the release is built.
func goBuild(b *testing.B, dir, out, pkg string) {
	b.Helper()
	args := append(append([]string{"build"}, releaseBuildFlags...), "-o", out, pkg)
	cmd := exec.CommandContext(b.Context(), "go", args...)
	cmd.Dir = dir // "" is this package's directory
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", pkg, err, msg)
	}
}

func execOK(b *testing.B, args ...string) {
	b.Helper()
	if msg, err := exec.CommandContext(b.Context(), args[0], args[1:]...).CombinedOutput(); err != nil {
		b.Fatalf("%v: %v\n%s", args, err, msg)
	}
}

// nextOutDir names a new directory for one generated tree.
func nextOutDir() string {
	benchMu.Lock()
	defer benchMu.Unlock()
	benchTrees++
	return filepath.Join(benchRoot, "out", fmt.Sprintf("svc%d", benchTrees))
}

func removeBenchRoot() {
	benchMu.Lock()
	defer benchMu.Unlock()
	if benchRoot != "" {
		_ = os.RemoveAll(benchRoot)
	}
}
