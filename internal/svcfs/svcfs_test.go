package svcfs_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/internal/svcfs"
)

func open(t *testing.T) (*svcfs.FS, string) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "a"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a", "f.txt"), []byte("f\n"), 0o600))
	s, err := svcfs.Open(dir)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s, dir
}

func TestReadFileKeepsMode(t *testing.T) {
	s, _ := open(t)
	data, mode, err := s.ReadFile("a/f.txt")
	require.NoError(t, err)
	assert.Equal(t, "f\n", string(data))
	assert.Equal(t, fs.FileMode(0o600), mode)
	_, _, err = s.ReadFile("a/none")
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestReadFileNeverOpensFIFO(t *testing.T) {
	s, dir := open(t)
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "a", "fifo"), 0o600))
	done := make(chan error, 1)
	go func() { _, _, err := s.ReadFile("a/fifo"); done <- err }()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, svcfs.ErrNotRegular)
	case <-time.After(5 * time.Second):
		t.Fatal("ReadFile blocked on a FIFO")
	}
}

func TestLinksAreRefused(t *testing.T) {
	s, dir := open(t)
	outside := t.TempDir()
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "out")))
	require.NoError(t, os.Symlink("a", filepath.Join(dir, "in")))
	require.NoError(t, os.Symlink("f.txt", filepath.Join(dir, "a", "link.txt")))
	for _, tc := range []struct{ path, link string }{
		{"out/x.go", "out"}, {"in/f.txt", "in"}, {"a/link.txt", "a/link.txt"},
	} {
		_, _, err := s.ReadFile(tc.path)
		var le *svcfs.LinkError
		require.True(t, errors.As(err, &le), "%s: %v", tc.path, err)
		assert.Equal(t, tc.link, le.Path)
	}
	require.Error(t, s.MkdirAll("out/sub"))
	require.Error(t, s.Remove("out"))
	require.Error(t, s.Rename("a/f.txt", "out/f.txt"))
	entries, err := os.ReadDir(outside)
	require.NoError(t, err)
	assert.Empty(t, entries)
	_, err = os.Lstat(filepath.Join(dir, "out"))
	assert.NoError(t, err, "the link was removed")
}

func TestPathsOutsideAreRefused(t *testing.T) {
	s, _ := open(t)
	for _, p := range []string{"../x", "/etc/passwd", "", "a/../../x"} {
		_, _, err := s.ReadFile(p)
		assert.Error(t, err, p)
		assert.NotErrorIs(t, err, fs.ErrNotExist, p)
	}
}

func TestRemoveEmptyParents(t *testing.T) {
	s, dir := open(t)
	require.NoError(t, s.MkdirAll("x/y/z"))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x", "keep"), nil, 0o600))
	s.RemoveEmptyParents("x/y/z/file")
	assert.NoDirExists(t, filepath.Join(dir, "x", "y"))
	assert.DirExists(t, filepath.Join(dir, "x"))
}
