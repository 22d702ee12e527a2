package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/release"
)

// TestUpdateReclassesTheFuzzCorpus: release 5 recorded the Go fuzz corpus
// of the managed internal/httpserver as managed; from release 6 on it is
// scaffold (the team's corpus, and a corpus file cannot carry the managed
// marker). An update from release 5 takes the new class without a
// conflict: a seed the team edited is kept as theirs, one they added is
// never touched, and the manifest records the corpus as scaffold.
func TestUpdateReclassesTheFuzzCorpus(t *testing.T) {
	const seed = "internal/httpserver/testdata/fuzz/FuzzDecodeJSON/seed-invalid-utf8"
	const added = "internal/httpserver/testdata/fuzz/FuzzDecodeJSON/team-found-this"
	old, err := release.Generate(releaseN(t, 5), scenarioAnswers("standard"))
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "orders")
	writeTree(t, dir, old)
	// A release renders with today's ownership table: record the corpus
	// as release 5 did.
	for i, f := range old.Manifest.Files {
		if strings.Contains(f.Path, "/testdata/fuzz/") && strings.HasPrefix(f.Path, "internal/httpserver/") {
			old.Manifest.Files[i].Class = generator.ClassManaged
		}
	}
	recorded, err := old.Manifest.Encode()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, manifest.Name), recorded, 0o644))
	edited := "go test fuzz v1\nstring(\"{\\\"name\\\":\\\"\\xff\\\"}\")\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, seed), []byte(edited), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, added), []byte("go test fuzz v1\nstring(\"{}\")\n"), 0o644))

	code, stdout, stderr := runUpdateCmd(dir, []string{"--allow-dirty"}, 0)
	require.Equal(t, exitOK, code, "%s%s", stdout, stderr)
	got, err := os.ReadFile(filepath.Join(dir, seed))
	require.NoError(t, err)
	assert.Equal(t, edited, string(got), "the team's seed must stay theirs")
	assert.FileExists(t, filepath.Join(dir, added))
	data, err := os.ReadFile(filepath.Join(dir, manifest.Name))
	require.NoError(t, err)
	m, err := manifest.Parse(data, generator.CheckRecorded)
	require.NoError(t, err)
	assert.Equal(t, generator.ClassScaffold, class(t, *m, seed))
	assert.Empty(t, m.Conflicts)
}

// class is the class m records for path.
func class(t *testing.T, m manifest.Manifest, path string) string {
	t.Helper()
	for _, f := range m.Files {
		if f.Path == path {
			return f.Class
		}
	}
	t.Fatalf("%s is not in the manifest", path)
	return ""
}
