package generator_test

import (
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
)

// TestManagedCodeImportsNoTeamCode: a managed Go file (the platform
// team's) imports no package of the service that holds a scaffold file
// (the team's), so no edit the team makes in its own packages, such as a
// setting added to internal/config, can break platform code. Managed
// packages get what they need from the team through fx (env.Env,
// telemetry.Service) instead.
//
// It is a test of the templates, not a rule of svcgen check: only a
// template can break it (a team that edits a managed file gets a drift
// finding already), and here it runs for every feature before a release.
func TestManagedCodeImportsNoTeamCode(t *testing.T) {
	a := generator.Answers{
		Name: "orders", Module: "example.com/orders", Description: "Takes orders.", Owner: "acme/payments",
		GoVersion: generator.GoVersions[0], Preset: "full", License: "none",
		Features: generator.FeatureNames(),
	}.Resolve()
	tree, err := generator.Generate(a)
	require.NoError(t, err)

	team := map[string]bool{} // import paths of packages with a scaffold Go file
	for _, f := range tree.Files {
		if f.Class == generator.ClassScaffold && strings.HasSuffix(f.Path, ".go") {
			team[path.Join(a.Module, path.Dir(f.Path))] = true
		}
	}
	require.True(t, team[a.Module+"/internal/config"], "internal/config is the team's")
	managed := 0
	for _, f := range tree.Files {
		if f.Class != generator.ClassManaged || !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		managed++
		file, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Data, parser.ImportsOnly)
		require.NoError(t, err, f.Path)
		for _, imp := range file.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			require.NoError(t, err)
			assert.False(t, team[p], "managed %s imports %s, a package of the team's", f.Path, p)
		}
	}
	assert.Greater(t, managed, 50, "managed Go files checked")
}
