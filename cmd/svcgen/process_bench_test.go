package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkProcess times whole processes, as a user sees them, in one run
// so they can be compared as ratios: an empty Go program (the floor of
// starting any Go binary on this machine), `svcgen version`, and
// `svcgen new DIR --yes --preset full` into an empty directory. The budget
// (median ≤ 30 ms for new) is tracked in docs/benchmarks.md, not asserted.
func BenchmarkProcess(b *testing.B) {
	tmp := b.TempDir()
	svcgen := filepath.Join(tmp, "svcgen")
	goBuild(b, svcgen, ".")
	empty := filepath.Join(tmp, "empty")
	src := filepath.Join(tmp, "emptysrc")
	if err := os.MkdirAll(src, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	goBuild(b, empty, filepath.Join(src, "main.go"))

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
		root := b.TempDir()
		for i := 0; b.Loop(); i++ {
			execOK(b, svcgen, "new", filepath.Join(root, "svc"+strconv.Itoa(i)), "--yes", "--preset", "full")
		}
	})
}

func goBuild(b *testing.B, out, pkg string) {
	b.Helper()
	if msg, err := exec.CommandContext(b.Context(), "go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", pkg, err, msg)
	}
}

func execOK(b *testing.B, name string, args ...string) {
	b.Helper()
	if msg, err := exec.CommandContext(b.Context(), name, args...).CombinedOutput(); err != nil {
		b.Fatalf("%s %v: %v\n%s", name, args, err, msg)
	}
}
