package main

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkProcessNewFull times the whole process, as a user sees it:
// exec svcgen new DIR --yes --preset full into an empty directory. The
// budget (median ≤ 30 ms on the 2-core reference machine) is tracked in
// docs/benchmarks.md, not asserted here.
func BenchmarkProcessNewFull(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "svcgen")
	if out, err := exec.CommandContext(b.Context(), "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build svcgen: %v\n%s", err, out)
	}
	root := b.TempDir()
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(root, "svc"+strconv.Itoa(i))
		if out, err := exec.CommandContext(b.Context(), bin, "new", dir, "--yes", "--preset", "full").CombinedOutput(); err != nil {
			b.Fatalf("svcgen new: %v\n%s", err, out)
		}
	}
}
