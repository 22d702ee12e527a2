package release

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
)

// TestLayerTableRoundTripsThroughAnArchive: a release archive records the
// whole layer table, combined layers included, so an old release keeps
// planning the files it planned.
func TestLayerTableRoundTripsThroughAnArchive(t *testing.T) {
	var b strings.Builder
	b.WriteString(archiveHeading)
	b.WriteString("number: 9\ndigest: sha256:0\nhash: service data\n")
	encodeLayers(&b, generator.Templates().Layers)
	a, err := parseArchive([]byte(b.String()))
	require.NoError(t, err)
	assert.Equal(t, generator.Templates().Layers, a.Layers)
	assert.Contains(t, b.String(), "combined k8s+postgres: k8s-postgres\n")
}
