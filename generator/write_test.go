package generator_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/svcfs"
)

func testTree(t *testing.T) *generator.Tree {
	t.Helper()
	a := validAnswers()
	tree, err := generator.Generate(a)
	require.NoError(t, err)
	return tree
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteCreatesTreeWithModes(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "a", "b", "svc")
	tree := testTree(t)
	require.NoError(t, generator.Write(context.Background(), dir, tree, generator.WriteOptions{}))
	for _, f := range tree.Files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		require.NoError(t, err)
		assert.Equal(t, f.Data, got, f.Path)
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.Path)))
		require.NoError(t, err)
		assert.Equal(t, f.Mode.Perm(), info.Mode().Perm(), f.Path)
	}
	assert.Equal(t, []string{"svc"}, entries(t, filepath.Join(parent, "a", "b")), "no staging dir left")
}

func TestWriteFailureLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "new", "svc")
	var n atomic.Int32
	boom := errors.New("boom")
	err := generator.Write(context.Background(), dir, testTree(t), generator.WriteOptions{
		BeforeFile: func(string) error {
			if n.Add(1) == 3 {
				return boom
			}
			return nil
		},
	})
	require.ErrorIs(t, err, boom)
	assert.Empty(t, entries(t, parent), "neither the target, its new parent nor a staging dir remain")
}

func TestWriteCancelledLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	err := generator.Write(ctx, filepath.Join(parent, "svc"), testTree(t), generator.WriteOptions{
		BeforeFile: func(string) error {
			if n.Add(1) == 2 {
				cancel()
			}
			return nil
		},
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, entries(t, parent))
}

func TestWriteRefusesNonEmptyUnlessForced(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "keep.txt")
	require.NoError(t, os.WriteFile(keep, []byte("mine"), 0o600))
	tree := testTree(t)
	err := generator.Write(context.Background(), dir, tree, generator.WriteOptions{})
	require.ErrorIs(t, err, generator.ErrNotEmpty)
	assert.Equal(t, []string{"keep.txt"}, entries(t, dir))

	require.NoError(t, generator.Write(context.Background(), dir, tree, generator.WriteOptions{Force: true}))
	assert.FileExists(t, keep)
	assert.FileExists(t, filepath.Join(dir, manifest.Name))
}

// TestWriteForceRefusesDirSymlinkedOutside: `svcgen new --force` into a
// service whose internal/httpserver is a link to a directory outside must
// not write there.
func TestWriteForceRefusesDirSymlinkedOutside(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "svc")
	outside := filepath.Join(t.TempDir(), "elsewhere")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "internal"), 0o755))
	require.NoError(t, os.MkdirAll(outside, 0o755))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "internal", "httpserver")))
	err := generator.Write(context.Background(), dir, testTree(t), generator.WriteOptions{Force: true})
	var le *svcfs.LinkError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "internal/httpserver", le.Path)
	assert.Empty(t, entries(t, outside), "written outside the target")
}
