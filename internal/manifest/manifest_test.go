package manifest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
)

func TestParseManifestOfAGeneratedServiceValidates(t *testing.T) {
	tree, err := generator.Generate(generator.Answers{Name: "orders", Module: "example.com/orders", Description: "d", Owner: "team",
		GoVersion: generator.GoVersions[0], Preset: generator.DefaultPreset, License: generator.Licenses[0],
		HTTPPort: generator.DefaultHTTPPort, AdminPort: generator.DefaultAdminPort})
	require.NoError(t, err)
	data, err := tree.Manifest.Encode()
	require.NoError(t, err)
	m, err := manifest.Parse(data, generator.CheckRecorded)
	require.NoError(t, err)
	require.NoError(t, m.Validate(generator.CheckRecorded))
	m.Files[0].Class = "Managed"
	err = m.Validate(generator.CheckRecorded)
	require.ErrorIs(t, err, manifest.ErrInvalid)
	assert.Contains(t, err.Error(), `.svcgen.yaml: files[0].class "Managed"`)
}

// TestParseChecksAnswersWithTheGivenRules: the recorded answers are
// checked by the rules Parse is given (generator's), naming the key.
func TestParseChecksAnswersWithTheGivenRules(t *testing.T) {
	tree, err := generator.Generate(generator.Answers{Name: "orders", Module: "example.com/orders", Description: "d", Owner: "team",
		GoVersion: generator.GoVersions[0], Preset: generator.DefaultPreset, License: generator.Licenses[0],
		HTTPPort: generator.DefaultHTTPPort, AdminPort: generator.DefaultAdminPort})
	require.NoError(t, err)
	m := tree.Manifest
	m.Answers.Name = "Bad_Name"
	data, err := m.Encode()
	require.NoError(t, err)
	_, err = manifest.Parse(data, generator.CheckRecorded)
	require.ErrorIs(t, err, manifest.ErrInvalid)
	assert.Contains(t, err.Error(), `.svcgen.yaml: answers.name "Bad_Name"`)
	_, err = manifest.Parse(data, nil)
	assert.NoError(t, err, "no rules given, none applied")
}

// TestParseClassGenerated: release 7's class generated parses and round
// trips; a class no release knows names the classes and the way out (a
// newer svcgen), as release 6's binary cannot.
func TestParseClassGenerated(t *testing.T) {
	m := manifest.Manifest{TemplateVersion: "sha256:0123456789abcdef", Files: []manifest.File{
		{Path: "internal/gen/gen.sum", SHA256: manifest.Digest(nil), Class: manifest.ClassGenerated},
	}}
	data, err := m.Encode()
	require.NoError(t, err)
	back, err := manifest.Parse(data, nil)
	require.NoError(t, err)
	assert.Equal(t, manifest.ClassGenerated, back.Files[0].Class)
	m.Files[0].Class = "vendored"
	err = m.Validate(nil)
	require.ErrorIs(t, err, manifest.ErrInvalid)
	assert.Contains(t, err.Error(), `.class "vendored" of internal/gen/gen.sum: want managed, scaffold or generated (a newer svcgen may have written it: install that svcgen)`)
}
