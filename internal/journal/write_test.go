package journal

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/refusal"
)

func TestWriteNoChangesTouchesNothing(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, Write(t.Context(), dir, nil, Options{}))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "not even the staging directory")
}

// TestWriteModes: a new file gets Mode (through the umask), an existing
// one exactly Mode, or its own mode with KeepMode.
func TestWriteModes(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kept.sh"), []byte("old\n"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "set.sh"), []byte("old\n"), 0o700))
	err := Write(t.Context(), dir, []Change{
		{Path: "kept.sh", Data: []byte("new\n"), Mode: 0o644, KeepMode: true},
		{Path: "set.sh", Data: []byte("new\n"), Mode: 0o640},
		{Path: "sub/new.txt", Data: []byte("new\n"), Mode: 0o644},
	}, Options{})
	require.NoError(t, err)
	for name, want := range map[string]os.FileMode{"kept.sh": 0o700, "set.sh": 0o640} {
		info, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, want, info.Mode().Perm(), name)
	}
	data, err := os.ReadFile(filepath.Join(dir, "sub", "new.txt"))
	require.NoError(t, err)
	assert.Equal(t, "new\n", string(data))
}

// TestWriteRefusesChangedPreImage: a file that no longer holds what the
// caller planned from is a refusal, and nothing is written.
func TestWriteRefusesChangedPreImage(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("edited\n"), 0o644))
	err := Write(t.Context(), dir, []Change{
		{Path: "b.txt", Data: []byte("b\n"), Mode: 0o644},
		{Path: "a.txt", Data: []byte("new\n"), Mode: 0o644, Pre: manifest.Digest([]byte("planned\n"))},
	}, Options{})
	var refused *refusal.Error
	require.ErrorAs(t, err, &refused)
	var changed *ChangedError
	require.ErrorAs(t, err, &changed)
	assert.Equal(t, []string{"a.txt"}, changed.Paths)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "only a.txt, as it was")
}

// TestCrashIsPendingUntilRecovered: a write stopped after its journal is
// Pending, and Recover completes it in the order given.
func TestCrashIsPendingUntilRecovered(t *testing.T) {
	dir := t.TempDir()
	changes := []Change{
		{Path: "a.txt", Data: []byte("a\n"), Mode: 0o644},
		{Path: ".svcgen.yaml", Data: []byte("m\n"), Mode: 0o644},
	}
	crash := os.ErrDeadlineExceeded // as a crash would stop it
	err := Write(t.Context(), dir, changes, Options{BeforeStep: func(i int, _ string) error {
		if i == 1 {
			return crash
		}
		return nil
	}})
	var half *HalfAppliedError
	require.ErrorAs(t, err, &half)
	assert.Equal(t, 1, half.Done)
	assert.NoFileExists(t, filepath.Join(dir, ".svcgen.yaml"), "the manifest goes last")
	recoverPending(t, dir)
	assert.FileExists(t, filepath.Join(dir, ".svcgen.yaml"))
	pending, err := Pending(dir)
	require.NoError(t, err)
	assert.False(t, pending)
	assert.NoDirExists(t, filepath.Join(dir, Dir))
}

// recoverPending requires a journal pending in dir and completes it.
func recoverPending(t *testing.T, dir string) {
	t.Helper()
	pending, err := Pending(dir)
	require.NoError(t, err)
	assert.True(t, pending, "a journal must be pending")
	done, err := Recover(dir)
	require.NoError(t, err)
	assert.True(t, done, "Recover must complete it")
}
