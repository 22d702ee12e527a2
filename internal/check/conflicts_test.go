package check

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
)

// TestUpdateConflictsAreFindings: what `svcgen update` left unresolved, and
// markers left in any generated file, are findings until resolved.
func TestUpdateConflictsAreFindings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "svc")
	tree, err := generator.Generate(generator.Answers{Name: "svc", Module: "example.com/svc", Description: "d",
		Owner: "acme", GoVersion: generator.GoVersions[0], Preset: "minimal", License: "MIT"}.Resolve())
	require.NoError(t, err)
	require.NoError(t, generator.Write(context.Background(), dir, tree, generator.WriteOptions{}))
	m, err := manifest.Read(dir, generator.CheckRecorded)
	require.NoError(t, err)
	m.Conflicts = []manifest.Conflict{
		{Path: "README.md", Kind: manifest.ConflictProposal, Reason: "r1"},
		{Path: "Makefile", Kind: manifest.ConflictMarkers, Reason: "r2"},
	}
	data, err := m.Encode()
	require.NoError(t, err)
	write := func(p, s string) { require.NoError(t, os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644)) }
	write(manifest.Name, string(data))
	write("README.md.svcgen-new", "proposal\n")
	write("Makefile", "all:\n<<<<<<< service\na\n=======\nb\n>>>>>>> template r2\n")

	got := func() []string {
		var out []string
		for _, f := range checkConflicts(dir, m) {
			out = append(out, f.Path+":"+f.Message)
		}
		return out
	}
	assert.Equal(t, []string{
		"README.md:unresolved proposal conflict from svcgen update: r1",
		"Makefile:unresolved markers conflict from svcgen update: r2",
		"Makefile:conflict markers left in the file: resolve them",
	}, got())

	require.NoError(t, os.Remove(filepath.Join(dir, "README.md.svcgen-new")))
	write("Makefile", "all:\n")
	assert.Empty(t, got(), "resolved conflicts are no findings")
}
