package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/internal/release"
)

// k8sMemoryService writes a service with k8s and the in-memory store as
// release 1 generated it: replicas: 2 and an HPA.
func k8sMemoryService(t *testing.T) string {
	t.Helper()
	a := scenarioAnswers("minimal")
	a.Features = []string{"k8s"}
	old, err := release.Generate(releaseN(t, 1), a)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "orders")
	writeTree(t, dir, old)
	require.FileExists(t, filepath.Join(dir, "deploy/k8s/hpa.yaml"), "release 1 shipped an HPA")
	return dir
}

// TestUpdateK8sWithoutPostgresDropsTheHPA: a service generated with k8s
// and no postgres gets the one-replica Deployment through update, and its
// untouched hpa.yaml is deleted.
func TestUpdateK8sWithoutPostgresDropsTheHPA(t *testing.T) {
	dir := k8sMemoryService(t)
	code, stdout, stderr := runUpdateCmd(dir, []string{"--allow-dirty"}, 0)
	require.Equal(t, exitOK, code, "%s%s", stdout, stderr)
	assert.NoFileExists(t, filepath.Join(dir, "deploy/k8s/hpa.yaml"))
	assert.Regexp(t, `deleted +deploy/k8s/hpa.yaml +no longer generated, and unchanged`, stdout)
	dep, err := os.ReadFile(filepath.Join(dir, "deploy/k8s/deployment.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(dep), "\n  replicas: 1\n")
}

// TestUpdateK8sWithoutPostgresKeepsAnEditedHPA: an HPA the team changed
// is theirs to delete: update keeps it and says so (exit 3).
func TestUpdateK8sWithoutPostgresKeepsAnEditedHPA(t *testing.T) {
	dir := k8sMemoryService(t)
	hpa := filepath.Join(dir, "deploy/k8s/hpa.yaml")
	f, err := os.OpenFile(hpa, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("# team: tuned for the launch\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())

	code, stdout, _ := runUpdateCmd(dir, []string{"--allow-dirty"}, 0)
	assert.Equal(t, exitFindings, code, stdout)
	assert.FileExists(t, hpa)
	assert.Contains(t, stdout, "no longer generated, but the service changed it: kept; delete it, or keep it as your own with --resolved deploy/k8s/hpa.yaml")
}
