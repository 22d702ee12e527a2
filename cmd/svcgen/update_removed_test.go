package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/internal/release"
)

// TestRemovedPackageStaysRemovedWithItsTestdata: a package the team deleted
// stays deleted as a whole. Fuzz seeds a later release adds under its
// testdata/ belong to that package: writing them would bring the directory
// back holding nothing but test data for code that no longer exists.
func TestRemovedPackageStaysRemovedWithItsTestdata(t *testing.T) {
	old, err := release.Generate(releaseN(t, 1), scenarioAnswers("standard"))
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "orders")
	writeTree(t, dir, old)
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "internal", "item")))
	app := filepath.Join(dir, "internal", "app", "app.go")
	src, err := os.ReadFile(app)
	require.NoError(t, err)
	var kept []string
	for line := range strings.Lines(string(src)) {
		if !strings.Contains(line, "internal/item\"") && !strings.Contains(line, "item.Module") {
			kept = append(kept, line)
		}
	}
	require.NoError(t, os.WriteFile(app, []byte(strings.Join(kept, "")), 0o644))

	code, stdout, stderr := runUpdateCmd(dir, []string{"--allow-dirty"}, 0)
	require.Equal(t, exitOK, code, "%s%s", stdout, stderr)
	require.NoDirExists(t, filepath.Join(dir, "internal", "item"), "%s", stdout)
}
