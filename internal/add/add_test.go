package add_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/add"
	"github.com/svcgen/svcgen/internal/journal"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/refusal"
)

func service(t *testing.T, preset string) string {
	t.Helper()
	a := generator.Answers{Name: "orders", Module: "example.com/acme/orders", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: generator.GoVersions[0], Preset: preset, License: "MIT"}.Resolve()
	tree, err := generator.Generate(a)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "orders")
	require.NoError(t, generator.Write(context.Background(), dir, tree, generator.WriteOptions{}))
	return dir
}

func order(t *testing.T) generator.Resource {
	t.Helper()
	fields, err := generator.ParseFields("name:string,quantity:int")
	require.NoError(t, err)
	return generator.Resource{Name: "order", Path: "/v1/orders", Fields: fields}
}

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	}))
	return out
}

func TestPrepareWritesNothing(t *testing.T) {
	dir := service(t, "standard")
	before := snapshot(t, dir)
	plan, err := add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	require.NoError(t, err)
	assert.NotEmpty(t, plan.Created)
	assert.Equal(t, before, snapshot(t, dir))
}

// TestRecordKeepsTheManifest: the new files are recorded as scaffold with
// origin add-resource and their sha256; answers, the other files, waivers
// and conflicts stay as they were.
func TestRecordKeepsTheManifest(t *testing.T) {
	dir := service(t, "full")
	m, err := manifest.Read(dir, generator.CheckRecorded)
	require.NoError(t, err)
	m.Waivers = []manifest.Waiver{{Convention: "lint", Path: "internal/x.go", Reason: "legacy", Owner: "acme/payments", Expires: "2099-01-01"}}
	m.Conflicts = []manifest.Conflict{{Path: "Dockerfile", Kind: manifest.ConflictMarkers, Reason: "resolved already"}}
	data, err := m.Encode()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, manifest.Name), data, 0o644))

	plan, err := add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	require.NoError(t, err)
	require.NoError(t, plan.Apply(context.Background()))

	after, err := manifest.Read(dir, generator.CheckRecorded)
	require.NoError(t, err)
	assert.Equal(t, m.Answers, after.Answers)
	assert.Equal(t, m.Waivers, after.Waivers)
	assert.Equal(t, m.Conflicts, after.Conflicts)
	assert.Equal(t, m.TemplateVersion, after.TemplateVersion)
	old := map[string]manifest.File{}
	for _, f := range m.Files {
		old[f.Path] = f
	}
	added := 0
	for _, f := range after.Files {
		if prev, ok := old[f.Path]; ok {
			assert.Equal(t, prev, f, "an existing entry changed (app.go keeps its pristine hash)")
			continue
		}
		added++
		assert.True(t, strings.HasPrefix(f.Path, "internal/order/") || f.Path == "internal/database/migrations/0002_create_orders.sql" ||
			f.Path == "api/orders/v1/order.proto" || strings.HasPrefix(f.Path, "internal/gen/orders/v1/") && strings.Contains(f.Path, "/order."), f.Path)
		assert.Equal(t, generator.ClassOf(f.Path), f.Class, "scaffold, generated code generated")
		assert.Equal(t, manifest.OriginAddResource, f.Origin)
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		require.NoError(t, err)
		assert.Equal(t, sha(data), f.SHA256, f.Path)
	}
	assert.Equal(t, len(plan.Created), added)
	_, err = os.Stat(filepath.Join(dir, ".svcgen-update"))
	assert.ErrorIs(t, err, os.ErrNotExist, "the staging dir is gone")
}

// TestCrashMidwayIsCompletedByUpdate: an add killed between renames
// leaves a journal; svcgen update's Recover completes it to the same tree
// as an add that was never interrupted.
func TestCrashMidwayIsCompletedByUpdate(t *testing.T) {
	clean := service(t, "minimal")
	plan, err := add.Prepare(add.Options{Dir: clean, Resource: order(t)})
	require.NoError(t, err)
	require.NoError(t, plan.Apply(context.Background()))

	dir := service(t, "minimal")
	plan, err = add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	require.NoError(t, err)
	crash := errors.New("crash")
	err = journal.Write(context.Background(), dir, plan.Steps(), journal.Options{BeforeStep: func(i int, _ string) error {
		if i == 5 {
			return crash
		}
		return nil
	}})
	require.ErrorIs(t, err, crash)
	_, err = add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	var refused *refusal.Error
	require.ErrorAs(t, err, &refused, "a pending journal refuses a new add")
	done, err := journal.Recover(dir)
	require.NoError(t, err)
	require.True(t, done)
	assert.Equal(t, snapshot(t, clean), snapshot(t, dir))
}

func TestCancelledBeforeTheJournalWritesNothing(t *testing.T) {
	dir := service(t, "minimal")
	before := snapshot(t, dir)
	plan, err := add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, plan.Apply(ctx), context.Canceled)
	assert.Equal(t, before, snapshot(t, dir))
}

// TestPrepareToleratesNonUTF8Names: a file or directory whose name is not
// valid UTF-8 under internal/ or cmd/ is no reason to fail (issue 20,
// item 14); the go command does not mind it either.
func TestPrepareToleratesNonUTF8Names(t *testing.T) {
	dir := service(t, "standard")
	bad := filepath.Join(dir, "internal", "data\xff")
	if err := os.Mkdir(bad, 0o755); err != nil {
		t.Skipf("this file system refuses non-UTF-8 names: %v", err)
	}
	require.NoError(t, os.WriteFile(filepath.Join(bad, "f"), []byte("x\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cmd", "x\xfe.go"), []byte("package main\n"), 0o644))
	plan, err := add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	require.NoError(t, err)
	assert.NotEmpty(t, plan.Created)
}

// TestApplyEditsThroughReadmeSymlink: README.md -> docs/README.md stays a
// link and docs/README.md gets the routes (issue 20, item 8).
func TestApplyEditsThroughReadmeSymlink(t *testing.T) {
	dir := service(t, "standard")
	readme := filepath.Join(dir, "README.md")
	require.NoError(t, os.Rename(readme, filepath.Join(dir, "docs", "README.md")))
	require.NoError(t, os.Symlink(filepath.Join("docs", "README.md"), readme))
	plan, err := add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	require.NoError(t, err)
	require.NoError(t, plan.Apply(context.Background()))
	st, err := os.Lstat(readme)
	require.NoError(t, err)
	assert.NotZero(t, st.Mode()&os.ModeSymlink, "README.md is still a symlink")
	data, err := os.ReadFile(filepath.Join(dir, "docs", "README.md"))
	require.NoError(t, err)
	assert.Contains(t, string(data), "/v1/orders")
}

// TestPrepareLeavesReadmeLinkedOutside: a README.md linking outside the
// service is left alone, with a note.
func TestPrepareLeavesReadmeLinkedOutside(t *testing.T) {
	dir := service(t, "standard")
	readme := filepath.Join(dir, "README.md")
	outside := filepath.Join(t.TempDir(), "README.md")
	data, err := os.ReadFile(readme)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(outside, data, 0o644))
	require.NoError(t, os.Remove(readme))
	require.NoError(t, os.Symlink(outside, readme))
	plan, err := add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	require.NoError(t, err)
	for _, e := range plan.Edited {
		assert.NotEqual(t, "README.md", e.Path)
	}
	assert.Contains(t, strings.Join(plan.Notes, "\n"), "outside the service")
}
