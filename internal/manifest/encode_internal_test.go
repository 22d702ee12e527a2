package manifest

import (
	"bytes"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// encodeWithYAML is how Encode wrote manifests before it wrote the file
// list itself: the whole manifest through the YAML encoder.
func encodeWithYAML(t *testing.T, m Manifest) []byte {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString(manifestHeader)
	require.NoError(t, encodeYAML(&buf, m))
	return buf.Bytes()
}

func TestManifestEncodeMatchesYAMLEncoder(t *testing.T) {
	full := testAnswers()
	full.Features = []string{"catalog", "httpclient", "k8s"}
	full.Description = "Ünïcødé \"q\" `b` {{.Name}} */\nsecond: line # x"
	generated := Manifest{GeneratorVersion: "v1.2.3", TemplateVersion: "sha256:a7a8f8c189f9f522", TemplateRelease: 5, Answers: full, Files: []File{
		{Path: ".dockerignore", SHA256: Digest([]byte("x")), Class: ClassManaged},
		{Path: "cmd/orders/main.go", SHA256: Digest([]byte("y")), Class: ClassScaffold},
	}}
	withWaivers := generated
	withWaivers.Waivers = []Waiver{{Convention: "chain", Path: "internal/x.go", Reason: "legacy: see #12", Owner: "acme/payments", Expires: "2027-01-31"}}
	digits := Manifest{Answers: full, Files: []File{
		{Path: "1.26", SHA256: "1234567890123456789012345678901234567890123456789012345678901234", Class: ClassManaged},
		{Path: "true", SHA256: "12e4", Class: "0x1f"},
	}}
	added := generated
	added.Files = append(slices.Clone(added.Files), File{Path: "internal/order/order.go", SHA256: "ab12", Class: ClassScaffold, Origin: OriginAddResource})
	// Where the two differ (a plain "a b" or "-x" the encoder allows),
	// Encode quotes: TestManifestEncodeRoundTripsAnyPath covers those.
	for name, m := range map[string]Manifest{"generated": generated, "waivers": withWaivers, "no files": {Answers: full}, "numbers and words": digits, "added resource": added} {
		t.Run(name, func(t *testing.T) {
			got, err := m.Encode()
			require.NoError(t, err)
			assert.Equal(t, string(encodeWithYAML(t, m)), string(got))
		})
	}
}

func TestManifestEncodeRoundTripsAnyPath(t *testing.T) {
	paths := []string{
		".dockerignore", "cmd/orders/main.go", "1.26", "2026-11-29", ".5", ".inf", ".NaN", "Yes", "y", "N", "null", "~",
		"0x1F", "0o17", "0b101", "12e4", "1_000", "-dash", "a: b", "#hash", "x #y", "tab\there", "quote\"d", "back\\slash",
		"ünï/cødé.go", "line\nbreak", "  spaces  ", "*star", "&amp", "!tag", "%pct", "@at", "`tick`", "{brace}", "[x]", "a,b",
	}
	m := Manifest{GeneratorVersion: "v1.0.0", TemplateVersion: "sha256:0123456789abcdef", Answers: testAnswers()}
	for _, p := range paths {
		m.Files = append(m.Files, File{Path: p, SHA256: p, Class: p})
	}
	data, err := m.Encode()
	require.NoError(t, err)
	var back Manifest
	require.NoError(t, yaml.Unmarshal(data, &back), string(data))
	assert.Equal(t, m.Files, back.Files)
	var generic map[string]any
	require.NoError(t, yaml.Unmarshal(data, &generic))
	files, ok := generic["files"].([]any)
	require.True(t, ok, "files is a list")
	for i, f := range files {
		entry, ok := f.(map[string]any)
		require.True(t, ok, "a file is a mapping")
		assert.Equal(t, paths[i], entry["path"], "decoded as a string, not another type")
	}
}

// testAnswers are valid answers, as generator's tests use.
func testAnswers() Answers {
	return Answers{Name: "orders", Module: "example.com/acme/orders", Description: "Order intake", Owner: "acme/payments",
		GoVersion: "1.26", Preset: "standard", Features: []string{"httpclient"}, License: "MIT", HTTPPort: 8080, AdminPort: 9090}
}
