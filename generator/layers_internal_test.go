package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestLayerTableWithoutCombinedLayers: archives cut before combined layers
// existed plan as they did.
func TestLayerTableWithoutCombinedLayers(t *testing.T) {
	old := Layers{Base: "base", Features: map[string][]string{"k8s": {"k8s"}, "postgres": {"postgres"}}}
	got := old.of(Answers{Features: []string{"k8s", "postgres"}})
	assert.Equal(t, []string{"base", "k8s", "postgres"}, got)
	assert.Equal(t, []string{"base", "k8s", "postgres", "k8s-postgres"}, currentLayers().of(Answers{Features: []string{"k8s", "postgres"}}))
}
