package generator_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
)

// TestGenerateFromTheEmbeddedSourceIsGenerate: Templates is exactly what
// Generate renders from, so GenerateFrom rebuilds the template functions
// from a Source's own tables (pins, conventions text) the way Generate has
// them, and records the Source's release.
func TestGenerateFromTheEmbeddedSourceIsGenerate(t *testing.T) {
	a := validAnswers()
	a.Features = generator.FeatureNames()
	want, err := generator.Generate(a)
	require.NoError(t, err)
	got, err := generator.GenerateFrom(generator.Templates(), a)
	require.NoError(t, err)
	require.Len(t, got.Files, len(want.Files))
	for i, f := range want.Files {
		assert.Equal(t, f.Path, got.Files[i].Path)
		assert.True(t, bytes.Equal(f.Data, got.Files[i].Data), "%s differs", f.Path)
	}
	src := generator.Templates()
	assert.Equal(t, src.Digest, got.Manifest.TemplateVersion)
	assert.Equal(t, src.Number, got.Manifest.TemplateRelease)
}

// TestGenerateFromRendersTheSourcesPins: the action function reads the
// pins of the Source being rendered (an old release's), not this svcgen's.
func TestGenerateFromRendersTheSourcesPins(t *testing.T) {
	src := generator.Templates()
	const sha, other = "3d3c42e5aac5ba805825da76410c181273ba90b1", "0123456789abcdef0123456789abcdef01234567"
	require.Contains(t, src.Pins, sha)
	src.Pins = strings.ReplaceAll(src.Pins, sha, other)
	tree, err := generator.GenerateFrom(src, validAnswers())
	require.NoError(t, err)
	ci := string(renderedFile(t, tree, ".github/workflows/ci.yml"))
	assert.Contains(t, ci, "actions/checkout@"+other)
	assert.NotContains(t, ci, sha)

	src.Pins = "action\ttag\tsha\nactions/checkout\tv1\tnot-a-sha\n"
	_, err = generator.GenerateFrom(src, validAnswers())
	assert.ErrorContains(t, err, "action pins: actions.tsv line 2")
}
