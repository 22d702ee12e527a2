package update

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeGoList replaces the go command for one test.
func fakeGoList(t *testing.T, f func(dir string) error) {
	t.Helper()
	old := goList
	goList = f
	t.Cleanup(func() { goList = old })
}

// TestSettleModulesTakesTheGraphsVersions: what the go command writes to
// the planned go.mod and go.sum (a version the module graph selects higher)
// is what the update writes; the service directory is not touched.
func TestSettleModulesTakesTheGraphsVersions(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/svc\n"), 0o644))
	raised := "module example.com/svc\n\ngo 1.26.0\n\nrequire example.com/a v1.3.0\n"
	fakeGoList(t, func(tmp string) error {
		assert.NotEqual(t, dir, tmp, "runs on a copy")
		got, err := os.ReadFile(filepath.Join(tmp, "go.mod"))
		require.NoError(t, err)
		assert.Equal(t, modA2, string(got), "the planned go.mod")
		require.NoError(t, os.WriteFile(filepath.Join(tmp, "go.mod"), []byte(raised), 0o600))
		return os.WriteFile(filepath.Join(tmp, "go.sum"), []byte(sumA2+sumB), 0o600)
	})
	p := &Plan{Dir: dir, Actions: []Action{
		{Path: "go.mod", Status: StatusMerged, Write: []byte(modA2), old: []byte("module example.com/svc\n")},
		{Path: "go.sum", Status: StatusKept, old: []byte(sumA1 + sumB)},
	}}
	p.settleModules()
	assert.Equal(t, raised, string(p.Actions[0].Write))
	assert.Equal(t, sumA2+sumB, string(p.Actions[1].Write))
	assert.Empty(t, p.Notes)
	got, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	assert.Equal(t, "module example.com/svc\n", string(got), "the service is not touched")
}

// TestSettleModulesSaysWhenItCannotCheck: without a usable go command the
// update does not claim go.mod was checked.
func TestSettleModulesSaysWhenItCannotCheck(t *testing.T) {
	fakeGoList(t, func(string) error { return errors.New("no go command") })
	p := &Plan{Dir: t.TempDir(), Actions: []Action{
		{Path: "go.mod", Status: StatusMerged, Write: []byte(modA2)},
		{Path: "go.sum", Status: StatusKept, old: []byte(sumA1 + sumB)},
	}}
	p.settleModules()
	assert.Equal(t, modA2, string(p.Actions[0].Write))
	require.Len(t, p.Notes, 1)
	assert.Contains(t, p.Notes[0], "run `go mod tidy`")
}
