package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/check"
	"github.com/svcgen/svcgen/internal/gensum"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/release"
)

// TestUpdateAddsFeatureGRPC: `svcgen update --add-feature grpc` on a
// standard service of release 6 with a resource the team added: the
// example's proto, generated code (class generated) and freshness record
// arrive without a conflict (app.go too: the feature's module lands where
// add resource put the team's, see appedit.Merge), the added resource gets
// no RPC service and the output says so, and `svcgen check` finds the
// generated code fresh.
func TestUpdateAddsFeatureGRPC(t *testing.T) {
	a := scenarioAnswersAt("standard", 6)
	require.NotContains(t, a.Features, "grpc")
	old, err := release.Generate(releaseN(t, 6), a)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "orders")
	writeTree(t, dir, old)
	addResources(t, dir, []string{`order --fields "name:string"`})

	code, stdout, stderr := runUpdateCmd(dir, []string{"--allow-dirty", "--add-feature", "grpc"}, 0)
	require.Equal(t, exitOK, code, "%s%s", stdout, stderr)
	assert.Contains(t, stdout, "resources added with `svcgen add resource` (order) get no RPC service")
	for _, p := range []string{"api/orders/v1/item.proto", "internal/gen/orders/v1/item.pb.go", gensum.Name, "internal/platform/genstamp/main.go"} {
		assert.FileExists(t, filepath.Join(dir, filepath.FromSlash(p)))
	}
	assert.NoFileExists(t, filepath.Join(dir, "api/orders/v1/order.proto"))
	app, err := os.ReadFile(filepath.Join(dir, "internal/app/app.go"))
	require.NoError(t, err)
	assert.Contains(t, string(app), "order.Module", "the resource the team added stays composed")
	assert.Contains(t, string(app), "rpcclient.Module", "the feature's module arrives")
	data, err := os.ReadFile(filepath.Join(dir, manifest.Name))
	require.NoError(t, err)
	m, err := manifest.Parse(data, generator.CheckRecorded)
	require.NoError(t, err)
	assert.Empty(t, m.Conflicts)
	assert.Equal(t, generator.ClassGenerated, class(t, *m, "internal/gen/orders/v1/item.pb.go"))
	assert.Equal(t, generator.ClassGenerated, class(t, *m, gensum.Name))
	r, err := check.Analyze(dir, check.Options{})
	require.NoError(t, err)
	for _, f := range r.Findings {
		assert.NotEqual(t, "grpc", f.Rule, "%s: %s", f.Location(), f.Message)
	}
}
