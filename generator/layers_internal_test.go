package generator

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLayerTableRoundTripsThroughAnArchive: a release archive records the
// whole layer table, combined layers included, so an old release keeps
// planning the files it planned.
func TestLayerTableRoundTripsThroughAnArchive(t *testing.T) {
	var b strings.Builder
	b.WriteString(archiveHeading)
	b.WriteString("number: 9\ndigest: sha256:0\nhash: service data\n")
	currentLayers().encode(&b)
	a, err := parseArchive([]byte(b.String()))
	require.NoError(t, err)
	assert.Equal(t, currentLayers(), a.Layers)
	assert.Contains(t, b.String(), "combined k8s+postgres: k8s-postgres\n")
}

// TestLayerTableWithoutCombinedLayers: archives cut before combined layers
// existed plan as they did.
func TestLayerTableWithoutCombinedLayers(t *testing.T) {
	old := layerTable{Base: "base", Features: map[string][]string{"k8s": {"k8s"}, "postgres": {"postgres"}}}
	got := old.of(Answers{Features: []string{"k8s", "postgres"}})
	assert.Equal(t, []string{"base", "k8s", "postgres"}, got)
	assert.Equal(t, []string{"base", "k8s", "postgres", "k8s-postgres"}, currentLayers().of(Answers{Features: []string{"k8s", "postgres"}}))
}
