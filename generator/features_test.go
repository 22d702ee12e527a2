package generator_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/generator"
)

// k8sAnswers are answers with the k8s feature and the given others.
func k8sAnswers(features ...string) generator.Answers {
	return generator.Answers{
		Name: "orders", Module: "example.com/orders", Description: "Takes orders.", Owner: "acme/payments",
		GoVersion: generator.GoVersions[0], Preset: "minimal", License: "none",
		Features: append([]string{"k8s"}, features...),
	}.Resolve()
}

func renderedFile(t *testing.T, tree *generator.Tree, path string) []byte {
	t.Helper()
	i := slices.IndexFunc(tree.Files, func(f generator.File) bool { return f.Path == path })
	require.GreaterOrEqual(t, i, 0, "%s is not rendered", path)
	return tree.Files[i].Data
}

// k8sSpec decodes the fields of a Deployment or PodDisruptionBudget the
// replica tests look at.
type k8sSpec struct {
	Spec struct {
		Replicas       *int `yaml:"replicas"`
		MaxUnavailable *int `yaml:"maxUnavailable"`
		MinAvailable   *int `yaml:"minAvailable"`
	} `yaml:"spec"`
}

func decodeSpec(t *testing.T, data []byte) k8sSpec {
	t.Helper()
	var s k8sSpec
	require.NoError(t, yaml.Unmarshal(data, &s))
	return s
}

// TestK8sWithoutPostgresRunsOneReplica: the in-memory store keeps its data
// in the process, so a second replica (or an HPA that adds one) would
// split reads and writes between two copies. Without postgres the
// Deployment has one replica, there is no HPA, and the PDB lets a drain
// evict that one replica.
func TestK8sWithoutPostgresRunsOneReplica(t *testing.T) {
	tree, err := generator.Generate(k8sAnswers())
	require.NoError(t, err)
	for _, f := range tree.Files {
		assert.NotEqual(t, "deploy/k8s/hpa.yaml", f.Path, "an HPA would scale the in-memory store past one replica")
	}
	dep := decodeSpec(t, renderedFile(t, tree, "deploy/k8s/deployment.yaml"))
	require.NotNil(t, dep.Spec.Replicas, "deployment.yaml sets no replicas")
	assert.Equal(t, 1, *dep.Spec.Replicas)
	assert.Contains(t, string(renderedFile(t, tree, "deploy/k8s/deployment.yaml")), "svcgen update --add-feature postgres",
		"the manifest says why one replica and how to get more")
	pdb := decodeSpec(t, renderedFile(t, tree, "deploy/k8s/pdb.yaml"))
	assert.Nil(t, pdb.Spec.MinAvailable, "minAvailable would block every drain of a single replica")
	require.NotNil(t, pdb.Spec.MaxUnavailable)
	assert.Equal(t, 1, *pdb.Spec.MaxUnavailable)
}

// TestK8sWithPostgresScales: with a shared database the service runs two
// replicas and an HPA scales it.
func TestK8sWithPostgresScales(t *testing.T) {
	tree, err := generator.Generate(k8sAnswers("postgres"))
	require.NoError(t, err)
	dep := decodeSpec(t, renderedFile(t, tree, "deploy/k8s/deployment.yaml"))
	require.NotNil(t, dep.Spec.Replicas)
	assert.Equal(t, 2, *dep.Spec.Replicas)
	assert.Contains(t, string(renderedFile(t, tree, "deploy/k8s/hpa.yaml")), "kind: HorizontalPodAutoscaler")
}

// TestCombinedLayerNeedsEveryFeature: the k8s+postgres layer is planned
// only when both features are chosen.
func TestCombinedLayerNeedsEveryFeature(t *testing.T) {
	tests := []struct {
		name     string
		features []string
		wantHPA  bool
	}{
		{"k8s alone", []string{"k8s"}, false},
		{"postgres alone", []string{"postgres"}, false},
		{"both", []string{"k8s", "postgres"}, true},
		{"every feature", []string{"catalog", "httpclient", "k8s", "postgres"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := k8sAnswers()
			a.Features = tt.features
			p, err := generator.NewPlan(a)
			require.NoError(t, err)
			hasHPA := slices.ContainsFunc(p.Files, func(f generator.PlannedFile) bool { return f.Path == "deploy/k8s/hpa.yaml" })
			assert.Equal(t, tt.wantHPA, hasHPA)
		})
	}
}
