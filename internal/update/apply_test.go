package update

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/internal/journal"
)

func testPlan(t *testing.T) (*Plan, string) {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("old a\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "gone.txt"), []byte("gone\n"), 0o644))
	p := &Plan{Dir: dir, manifest: []byte("manifest\n"), Actions: []Action{
		{Path: "a.txt", Status: StatusUpdated, Write: []byte("new a\n"), Mode: 0o644, old: []byte("old a\n")},
		{Path: "sub/b.txt", Status: StatusAdded, Write: []byte("b\n"), Mode: 0o644},
		{Path: "gone.txt", Status: StatusDeleted, Delete: true, old: []byte("gone\n")},
	}}
	return p, dir
}

func read(t *testing.T, dir, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, p))
	if err != nil {
		return "<missing>"
	}
	return string(b)
}

func TestApplyCancelledBeforeJournalLeavesTree(t *testing.T) {
	p, dir := testPlan(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, p.Apply(ctx), context.Canceled)
	assert.Equal(t, "old a\n", read(t, dir, "a.txt"))
	assert.Equal(t, "gone\n", read(t, dir, "gone.txt"))
	assert.Equal(t, "<missing>", read(t, dir, "sub/b.txt"))
	_, err := os.Stat(filepath.Join(dir, journal.Dir))
	assert.True(t, os.IsNotExist(err), "staging left behind: %v", err)
}

func TestRecoverCompletesEveryCrashPoint(t *testing.T) {
	for crashAt := range 4 { // before each of the three ops and the manifest
		p, dir := testPlan(t)
		err := p.apply(context.Background(), journal.Options{BeforeStep: func(i int, _ string) error {
			if i == crashAt {
				return os.ErrDeadlineExceeded
			}
			return nil
		}})
		require.Error(t, err)
		done, err := journal.Recover(dir)
		require.NoError(t, err)
		assert.True(t, done)
		assert.Equal(t, "new a\n", read(t, dir, "a.txt"), "crash at %d", crashAt)
		assert.Equal(t, "b\n", read(t, dir, "sub/b.txt"))
		assert.Equal(t, "<missing>", read(t, dir, "gone.txt"))
		assert.Equal(t, "manifest\n", read(t, dir, ".svcgen.yaml"))
		_, err = os.Stat(filepath.Join(dir, journal.Dir))
		assert.True(t, os.IsNotExist(err))
	}
}

func TestRecoverRefusesFileChangedAfterCrash(t *testing.T) {
	p, dir := testPlan(t)
	err := p.apply(context.Background(), journal.Options{BeforeStep: func(int, string) error { return os.ErrDeadlineExceeded }})
	var half *journal.HalfAppliedError
	require.ErrorAs(t, err, &half)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "gone.txt"), []byte("edited\n"), 0o644))
	done, err := journal.Recover(dir)
	assert.False(t, done)
	var changed *journal.ChangedError
	require.ErrorAs(t, err, &changed)
	assert.Equal(t, []string{"gone.txt"}, changed.Paths)
	assert.Equal(t, "edited\n", read(t, dir, "gone.txt"))
	assert.Equal(t, "old a\n", read(t, dir, "a.txt"), "a refused recovery changed the tree")
}
