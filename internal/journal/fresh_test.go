package journal

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/refusal"
)

func freshChanges() []Change {
	return []Change{
		{Path: "cmd/svc/main.go", Data: []byte("package main\n"), Mode: 0o644},
		{Path: "scripts/smoke.sh", Data: []byte("#!/bin/sh\n"), Mode: 0o755},
		{Path: "internal/platform/env/env.go", Data: []byte("package env\n"), Mode: 0o644},
		{Path: "README.md", Data: []byte("# svc\n"), Mode: 0o644},
		{Path: manifest.Name, Data: []byte("m\n"), Mode: 0o644},
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestClassifyFastOnlyForAbsentOrEmpty: only a write that creates every
// file, into a directory that is missing or empty, skips the per-file
// journal; a directory with anything in it (even a hidden file), a
// delete, or a pre-image of a file is journaled.
func TestClassifyFastOnlyForAbsentOrEmpty(t *testing.T) {
	parent := t.TempDir()
	empty := filepath.Join(parent, "empty")
	require.NoError(t, os.Mkdir(empty, 0o755))
	hidden := filepath.Join(parent, "hidden")
	require.NoError(t, os.Mkdir(hidden, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(hidden, ".envrc"), nil, 0o644))
	file := filepath.Join(parent, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	link := filepath.Join(parent, "dangling")
	require.NoError(t, os.Symlink(filepath.Join(parent, "nowhere"), link))

	writes := []op{{write: true, path: "a.go", pre: Absent}, {write: true, path: "b.go"}}
	for dir, want := range map[string]target{
		filepath.Join(parent, "missing"): absentDir,
		empty:                            emptyDir,
		hidden:                           journaled,
		file:                             journaled,
		link:                             journaled, // never replaced by the new tree
	} {
		assert.Equal(t, want, classify(dir, writes), dir)
	}
	for _, ops := range [][]op{
		{{write: true, path: "a.go"}, {path: "b.go", pre: Absent}},
		{{write: true, path: "a.go", pre: manifest.Digest([]byte("x"))}},
	} {
		assert.Equal(t, journaled, classify(empty, ops), "%+v", ops)
	}
}

// TestWriteAbsentStagesBesideAndRenames: into a missing directory the
// files are staged in a sibling of it, which becomes the directory; the
// modes are those asked for (through the umask).
func TestWriteAbsentStagesBesideAndRenames(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "svc")
	var staged atomic.Int32 // files staged while only a .svc.svcgen-* sibling was there
	err := Write(t.Context(), dir, freshChanges(), Options{BeforeStage: func(string) error {
		es := names(t, parent)
		if len(es) == 1 && strings.HasPrefix(es[0], ".svc.svcgen-") {
			staged.Add(1)
		}
		return nil
	}})
	require.NoError(t, err)
	assert.Equal(t, len(freshChanges()), int(staged.Load()), "staged beside, the directory not there yet")
	assert.Equal(t, []string{"svc"}, names(t, parent), "no staging left")
	assert.NoDirExists(t, filepath.Join(dir, Dir))
	for _, c := range freshChanges() {
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(c.Path)))
		require.NoError(t, err)
		assert.Equal(t, c.Mode&^umask(t), info.Mode().Perm(), c.Path)
	}
}

func umask(t *testing.T) os.FileMode {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "probe")
	require.NoError(t, os.WriteFile(p, nil, 0o777))
	info, err := os.Stat(p)
	require.NoError(t, err)
	return 0o777 &^ info.Mode().Perm()
}

// TestWriteFreshFailureOrCancelLeavesNothing: an error or a cancelled
// context while staging leaves a missing directory missing (and no
// staging beside it) and an empty one empty.
func TestWriteFreshFailureOrCancelLeavesNothing(t *testing.T) {
	boom := errors.New("boom")
	for name, fail := range map[string]func(cancel func()) func(string) error{
		"error": func(func()) func(string) error {
			var n atomic.Int32
			return func(string) error {
				if n.Add(1) == 3 {
					return boom
				}
				return nil
			}
		},
		"cancel": func(cancel func()) func(string) error {
			var n atomic.Int32
			return func(string) error {
				if n.Add(1) == 2 {
					cancel()
				}
				return nil
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			empty := filepath.Join(parent, "empty")
			require.NoError(t, os.Mkdir(empty, 0o755))
			for _, dir := range []string{filepath.Join(parent, "svc"), empty} {
				ctx, cancel := context.WithCancel(t.Context())
				err := Write(ctx, dir, freshChanges(), Options{BeforeStage: fail(cancel)})
				cancel()
				require.Error(t, err, dir)
				assert.Equal(t, []string{"empty"}, names(t, parent), "nothing beside")
				assert.Empty(t, names(t, empty), "the empty directory stays empty")
			}
		})
	}
}

// TestWriteEmptyMovesTopLevelManifestLast: into an empty directory the
// journaled write moves its top-level entries, the manifest last; a crash
// between them is Pending, and Recover completes it.
func TestWriteEmptyMovesTopLevelManifestLast(t *testing.T) {
	dir := t.TempDir()
	var moved []string
	crash := errors.New("crash")
	err := Write(t.Context(), dir, freshChanges(), Options{BeforeStep: func(_ int, p string) error {
		if p == manifest.Name {
			return crash
		}
		moved = append(moved, p)
		return nil
	}})
	require.ErrorIs(t, err, crash)
	assert.Equal(t, []string{"cmd", "scripts", "internal", "README.md"}, moved)
	assert.NoFileExists(t, filepath.Join(dir, manifest.Name))
	recoverPending(t, dir)
	for _, c := range freshChanges() {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c.Path)))
		require.NoError(t, err)
		assert.Equal(t, c.Data, data, c.Path)
	}
	assert.NoDirExists(t, filepath.Join(dir, Dir))
}

// TestWriteNonEmptyIsJournaledPerFile: a directory with a file of the
// team's gets one step per file (the fast path is not taken), and the
// team's file stays.
func TestWriteNonEmptyIsJournaledPerFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "TEAM.md"), []byte("ours\n"), 0o644))
	var steps []string
	err := Write(t.Context(), dir, freshChanges(), Options{BeforeStep: func(_ int, p string) error {
		steps = append(steps, p)
		return nil
	}})
	require.NoError(t, err)
	var want []string
	for _, c := range freshChanges() {
		want = append(want, c.Path)
	}
	assert.Equal(t, want, steps)
	assert.FileExists(t, filepath.Join(dir, "TEAM.md"))
}

// TestNotWritableIsARefusal: a directory where the staging cannot be made
// for lack of permission is refused as the journaled path's probe refuses
// it (the tests run as root, for whom no directory is read-only).
func TestNotWritableIsARefusal(t *testing.T) {
	err := notWritable("/srv/svc", ".", &fs.PathError{Op: "mkdirat", Path: Dir, Err: syscall.EACCES})
	var refused *refusal.Error
	require.ErrorAs(t, err, &refused)
	assert.Contains(t, err.Error(), "/srv/svc: . is not writable (permission denied): nothing was written")
	err = notWritable("/srv/svc", ".", &fs.PathError{Op: "mkdirat", Path: Dir, Err: syscall.ENOSPC})
	require.NotErrorAs(t, err, &refused)
}
