package e2e

import (
	"strings"
	"testing"

	"github.com/svcgen/svcgen/generator"
)

// TestDeliveryPolicyK8sWithoutPostgres applies the Kubernetes policy to
// the one combination no preset covers: k8s with the in-memory store,
// which ships four manifests (no HPA) and a single replica.
func TestDeliveryPolicyK8sWithoutPostgres(t *testing.T) {
	a := presetAnswers("minimal")
	a.Features = []string{"k8s"}
	tree, err := generator.Generate(a)
	if err != nil {
		t.Fatal(err)
	}
	var manifests []string
	for _, f := range tree.Files {
		kind, findings := checkFile(f.Path, f.Data)
		for _, finding := range findings {
			t.Errorf("%s", finding)
		}
		if kind == "k8s" {
			manifests = append(manifests, f.Path)
		}
	}
	want := "deploy/k8s/deployment.yaml deploy/k8s/pdb.yaml deploy/k8s/service.yaml deploy/k8s/serviceaccount.yaml"
	if got := strings.Join(manifests, " "); got != want {
		t.Errorf("k8s manifests without postgres: %s, want %s", got, want)
	}
}
