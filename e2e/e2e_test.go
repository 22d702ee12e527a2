package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var presets = []string{"minimal", "standard", "full"}

// TestGeneratedServices is the end-to-end proof of every preset. Steps run
// in order inside one subtest per preset; the first failure stops it.
func TestGeneratedServices(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds and tests generated services (minutes); run without -short")
	}
	lint, actionlint, goreleaser := tool(t, "golangci-lint"), tool(t, "actionlint"), tool(t, "goreleaser")
	for _, preset := range presets {
		t.Run(preset, func(t *testing.T) {
			a := presetAnswers(preset)
			pg := postgresFor(t, a)
			dir := generate(t, a)
			run(t, dir, 10*time.Minute, "go", "build", "./...")
			run(t, dir, 5*time.Minute, "go", "vet", "./...")
			run(t, dir, 5*time.Minute, "go", "mod", "tidy", "-diff")
			checkGoFix(t, dir)
			tests := run(t, dir, 15*time.Minute, "go", "test", "-race", "-count=1", "-v", "./...")
			if pg != nil {
				requireNoSkips(t, tests, "TestMigrateIsIdempotent", "TestPostgresStore", "TestPutSurvivesRestart", "TestEndToEnd")
			}
			run(t, dir, 10*time.Minute, lint, "run", "--timeout=8m", "--allow-parallel-runners", "./...")
			runFuzzTargets(t, dir)
			run(t, dir, 10*time.Minute, "go", "test", "-run=^$", "-bench=.", "-benchtime=1x", "./...")
			workflows, _ := filepath.Glob(filepath.Join(dir, ".github", "workflows", "*.yml"))
			if len(workflows) == 0 {
				t.Fatal("no workflows generated")
			}
			run(t, dir, time.Minute, actionlint, workflows...)
			checkRelease(t, dir, goreleaser)
			checkRunningService(t, dir, a, pg)
			checkSmokeScript(t, dir, a, pg)
		})
	}
}

// checkGoFix: the templates are already in the form Go's own modernisers
// (go fix, Go 1.26) leave them, so a team's first `go fix ./...` is a no-op.
// go fix -diff exits 1 when it has a patch; the empty-output check covers a
// go command that would print one and still exit 0.
func checkGoFix(t *testing.T, dir string) {
	t.Helper()
	if out := run(t, dir, 10*time.Minute, "go", "fix", "-diff", "./..."); strings.TrimSpace(out) != "" {
		t.Fatalf("go fix would rewrite the generated service:\n%s", out)
	}
}

// fuzzInputs is a count, not a duration: on Go 1.26 a duration can end a clean
// run with a spurious "context deadline exceeded" (golang/go#75804, fixed in
// Go 1.27), which failed CI once.
const fuzzInputs = "5000x"

// runFuzzTargets runs every fuzz target of the service for fuzzInputs
// inputs (one to four seconds each here).
func runFuzzTargets(t *testing.T, dir string) {
	t.Helper()
	out := run(t, dir, 5*time.Minute, "go", "test", "-run=^$", "-list=^Fuzz", "./...")
	var pending []string
	n := 0
	for _, line := range strings.Split(out, "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) == 1 && strings.HasPrefix(fields[0], "Fuzz"):
			pending = append(pending, fields[0])
		case len(fields) >= 2 && fields[0] == "ok":
			for _, target := range pending {
				run(t, dir, 3*time.Minute, "go", "test", "-run=^$", "-fuzz=^"+target+"$", "-fuzztime="+fuzzInputs, fields[1])
				n++
			}
			pending = nil
		}
	}
	if n == 0 {
		t.Fatal("the service has no fuzz targets")
	}
	t.Logf("ran %d fuzz targets", n)
}

// checkRelease runs goreleaser check and a snapshot build of the host
// target in a git repository with a remote, as goreleaser requires.
func checkRelease(t *testing.T, dir, goreleaser string) {
	t.Helper()
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"remote", "add", "origin", "https://github.com/acme/" + filepath.Base(dir) + ".git"},
		{"add", "-A"},
		{"-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-qm", "initial"},
	} {
		run(t, dir, time.Minute, "git", args...)
	}
	run(t, dir, 2*time.Minute, goreleaser, "check")
	run(t, dir, 10*time.Minute, goreleaser, "build", "--snapshot", "--clean", "--single-target", "--output", filepath.Join(dir, "dist", "svc"))
	if info, err := os.Stat(filepath.Join(dir, "dist", "svc")); err != nil || info.Mode()&0o111 == 0 {
		t.Fatalf("goreleaser built no executable: %v", err)
	}
}

// TestOwnReleaseConfig: svcgen's own goreleaser.yaml passes goreleaser check.
func TestOwnReleaseConfig(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the pinned goreleaser; run without -short")
	}
	run(t, "..", 2*time.Minute, tool(t, "goreleaser"), "check", "--config", "goreleaser.yaml")
}
