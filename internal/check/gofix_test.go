package check

import (
	"os"
	"os/exec"
	"testing"

	"github.com/svcgen/svcgen/generator"
)

// TestGoFixLeavesGeneratedServicesAlone: a team that runs Go 1.26's
// `go fix ./...` must not see its managed files drift, so every template is
// already in the form go fix leaves it, in every preset. It builds the service's packages
// (the module cache or proxy must have its dependencies), so not in -short.
func TestGoFixLeavesGeneratedServicesAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated service; run without -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go not on PATH: %v", err)
	}
	for _, a := range []generator.Answers{
		answers("minimal"),
		answers("standard", "httpclient"),
		answers("full", "catalog", "httpclient", "k8s", "postgres"),
	} {
		t.Run(a.Preset, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), goTool, "fix", "-diff", "./...")
			cmd.Dir = writeGenerated(t, a)
			cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
			out, err := cmd.CombinedOutput()
			if err != nil || len(out) != 0 {
				t.Errorf("go fix -diff ./... on a fresh %s service: %v\n%s", a.Preset, err, out)
			}
		})
	}
}
