package e2e

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/policy"
)

// TestDeliveryPolicy renders every preset in memory (fast, runs under
// -short too) and applies the supply-chain policy: pinned actions, least
// privilege, no pull_request_target, no github.event in run:, a multi-stage
// nonroot Dockerfile, strict Kubernetes manifests, a complete catalog entry.
func TestDeliveryPolicy(t *testing.T) {
	for _, preset := range presets {
		t.Run(preset, func(t *testing.T) {
			tree, err := generator.Generate(presetAnswers(preset))
			if err != nil {
				t.Fatal(err)
			}
			counts := map[string]int{}
			for _, f := range tree.Files {
				kind, findings := checkFile(f.Path, f.Data)
				counts[kind]++
				for _, finding := range findings {
					t.Errorf("%s", finding)
				}
			}
			if counts["workflow"] < 3 || counts["dockerfile"] != 1 {
				t.Errorf("expected ≥3 workflows and 1 Dockerfile, got %v", counts)
			}
			wantK8s, wantCatalog := 0, 0
			if preset == "full" {
				wantK8s, wantCatalog = 7, 1 // with k8s+observability: PodMonitor, PrometheusRule
			}
			if counts["k8s"] != wantK8s || counts["catalog"] != wantCatalog {
				t.Errorf("k8s manifests %d (want %d), catalog %d (want %d)", counts["k8s"], wantK8s, counts["catalog"], wantCatalog)
			}
		})
	}
}

// TestOwnWorkflowsPolicy applies the same workflow policy to svcgen's own CI.
func TestOwnWorkflowsPolicy(t *testing.T) {
	files, err := filepath.Glob("../.github/workflows/*.yml")
	if err != nil || len(files) < 2 {
		t.Fatalf("svcgen's own workflows: %v %v", files, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, finding := range policy.CheckWorkflow(f, data) {
			t.Errorf("%s", finding)
		}
	}
}

func checkFile(p string, data []byte) (string, []policy.Finding) {
	switch {
	case strings.HasPrefix(p, ".github/workflows/"):
		return "workflow", policy.CheckWorkflow(p, data)
	case p == "Dockerfile":
		return "dockerfile", policy.CheckDockerfile(data)
	case strings.HasPrefix(p, "deploy/k8s/") && path.Ext(p) == ".yaml":
		return "k8s", policy.CheckK8s(p, data)
	case p == "catalog-info.yaml":
		return "catalog", policy.CheckCatalog(data)
	}
	return "", nil
}
