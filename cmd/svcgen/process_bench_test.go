package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// BenchmarkProcess times whole processes, as a user sees them, in one run
// so they can be compared as ratios: an empty Go program (the floor of
// starting any Go binary on this machine), `svcgen version`, and
// `svcgen new DIR --yes --preset full` into a new directory. Both binaries
// are built as goreleaser builds the release (releaseBuildFlags). The
// budget (median ≤ 30 ms for new) is tracked in docs/benchmarks.md, not
// asserted. SVCGEN_BENCH_BASELINE, a list of older svcgen binaries
// separated like PATH, adds each one's `new` to the same run (as
// baseline-<file name>), for before/after ratios.
//
// Nothing is deleted while the benchmark runs: every tree stays under
// processOutRoot until the test binary exits. On an ext4 file system
// without a journal (like this VM's), the inode allocator steps over
// inodes freed in the last minutes, so creating files right after
// deleting thousands is several times slower; deleting between rounds
// would measure that instead of svcgen.
func BenchmarkProcess(b *testing.B) {
	bin := b.TempDir()
	svcgen := filepath.Join(bin, "svcgen")
	goBuild(b, "", svcgen, ".")
	src := filepath.Join(bin, "emptysrc")
	if err := os.MkdirAll(src, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	empty := filepath.Join(bin, "empty")
	goBuild(b, src, empty, "main.go")
	out := processOutRoot(b)

	b.Run("empty-go-binary", func(b *testing.B) {
		for b.Loop() {
			execOK(b, empty)
		}
	})
	b.Run("svcgen-version", func(b *testing.B) {
		for b.Loop() {
			execOK(b, svcgen, "version")
		}
	})
	b.Run("svcgen-new-full", func(b *testing.B) {
		for b.Loop() {
			execOK(b, svcgen, "new", nextOutDir(out), "--yes", "--preset", "full")
		}
	})
	for _, base := range filepath.SplitList(os.Getenv("SVCGEN_BENCH_BASELINE")) {
		b.Run("baseline-"+filepath.Base(base), func(b *testing.B) {
			for b.Loop() {
				execOK(b, base, "new", nextOutDir(out), "--yes", "--preset", "full")
			}
		})
	}
}

// releaseBuildFlags are goreleaser.yaml's: CGO_ENABLED=0, -trimpath,
// -ldflags "-s -w".
var releaseBuildFlags = []string{"-trimpath", "-ldflags", "-s -w"}

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

func execOK(b *testing.B, name string, args ...string) {
	b.Helper()
	if msg, err := exec.CommandContext(b.Context(), name, args...).CombinedOutput(); err != nil {
		b.Fatalf("%s %v: %v\n%s", name, args, err, msg)
	}
}

var (
	outMu   sync.Mutex
	outRoot string
	outN    int
)

// processOutRoot is one directory for every tree the benchmarks write in
// this test binary; TestMain removes it at exit.
func processOutRoot(b *testing.B) string {
	b.Helper()
	outMu.Lock()
	defer outMu.Unlock()
	if outRoot == "" {
		dir, err := os.MkdirTemp("", "svcgen-bench-process-")
		if err != nil {
			b.Fatal(err)
		}
		outRoot = dir
	}
	return outRoot
}

func nextOutDir(root string) string {
	outMu.Lock()
	defer outMu.Unlock()
	outN++
	return filepath.Join(root, fmt.Sprintf("svc%d", outN))
}

func removeProcessOutRoot() {
	outMu.Lock()
	defer outMu.Unlock()
	if outRoot != "" {
		_ = os.RemoveAll(outRoot)
	}
}
