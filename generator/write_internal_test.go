package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/internal/manifest"
)

// TestWriteChangesManifestLast: a service interrupted while its files are
// renamed into place has no manifest yet, so no command takes it for a
// complete one before svcgen update completes the journal.
func TestWriteChangesManifestLast(t *testing.T) {
	tree, err := Generate(Answers{Name: "svc", Module: "example.com/svc", Description: "d", Owner: "team",
		GoVersion: GoVersions[0], Preset: DefaultPreset, License: Licenses[0], HTTPPort: DefaultHTTPPort, AdminPort: DefaultAdminPort})
	require.NoError(t, err)
	cs := changes(tree, true)
	require.Len(t, cs, len(tree.Files))
	assert.Equal(t, manifest.Name, cs[len(cs)-1].Path)
	for _, c := range cs[:len(cs)-1] {
		assert.NotEqual(t, manifest.Name, c.Path)
	}
}
