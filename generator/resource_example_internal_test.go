package generator

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/templates"
)

// renderItem renders testAnswers from fsys with layers and returns
// internal/item/fill.go, or "" when the tree has none.
func renderItem(t *testing.T, fsys fs.FS, layers Layers) string {
	t.Helper()
	p, err := newPlanFrom(&source{fsys: fsys, funcs: templateFuncs, layers: layers}, testAnswers())
	require.NoError(t, err)
	tree, err := Render(p)
	require.NoError(t, err)
	for _, f := range tree.Files {
		if f.Path == "internal/item/fill.go" {
			return string(f.Data)
		}
	}
	return ""
}

// embeddedTrees copies the embedded service and resource templates into
// memory, for a test to edit.
func embeddedTrees(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	for _, root := range []string{templateRoot, resourceRoot} {
		err := fs.WalkDir(templates.FS, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(templates.FS, p)
			out[p] = &fstest.MapFile{Data: b, Mode: 0o444}
			return err
		})
		require.NoError(t, err)
	}
	return out
}

// TestExampleRendersFromTheSourcesResourceTree: the example resource comes
// from the resource templates of the source being rendered (a release's
// archive), not from the ones embedded in this svcgen, so an update's base
// is what that release generated.
func TestExampleRendersFromTheSourcesResourceTree(t *testing.T) {
	in := embeddedTrees(t)
	const tmpl = "resource/base/internal/__resource__/fill.go.tmpl"
	require.Contains(t, in, tmpl)
	in[tmpl].Data = append(in[tmpl].Data, "\n// released with a marker\n"...)
	assert.Contains(t, renderItem(t, in, currentLayers()), "// released with a marker")
}

// TestReleaseWithoutResourceLayersRendersNoExample: a layer table without
// resource layers (releases 1 to 5) plans nothing from the resource tree:
// those releases' example is in their service tree.
func TestReleaseWithoutResourceLayersRendersNoExample(t *testing.T) {
	in := embeddedTrees(t)
	old := currentLayers()
	old.ResourceBase, old.ResourceFeatures = "", nil
	assert.Empty(t, renderItem(t, in, old))
	assert.NotEmpty(t, renderItem(t, in, currentLayers()))
}

// TestExampleLeavesOutTheResourceMigration: the example's migrations are
// the service templates' (applied by every service, never changed); the
// resource layer's migration template is not rendered for it.
func TestExampleLeavesOutTheResourceMigration(t *testing.T) {
	a := testAnswers()
	a.Features = []string{"postgres"}
	p, err := NewPlan(a)
	require.NoError(t, err)
	var example []string
	for _, f := range p.Files {
		if f.example {
			example = append(example, f.Path)
		}
		assert.False(t, f.example && strings.HasPrefix(f.Path, MigrationsDir), "%s", f.Path)
	}
	assert.Contains(t, example, "internal/item/postgres_store.go")
}

// proofNames are service names whose namespaces sort and measure unlike
// the example's (svcgen_example_name).
var proofNames = []string{"orders", "a-b", "zz", "shop-api-v2", "abcdefghij-abcdefghij-abcdefghij-abcdefg", "a0"}

// TestCachedExampleIsTheRender: the example from example.txtar, with the
// module substituted, is byte for byte the full render (templates executed,
// go/format) for modules that sort before, between and after the imports
// around them, and service names of other lengths, with and without
// postgres and grpc; it leaves out only the generated code.
func TestCachedExampleIsTheRender(t *testing.T) {
	src := currentSource()
	for _, features := range [][]string{nil, {"postgres"}, {"grpc"}, {"grpc", "postgres"}} {
		for i, module := range proofModules {
			a := Answers{Name: proofNames[i%len(proofNames)], Module: module, Features: features}
			data := exampleData(src, a)
			cached := cachedExample(src, data)
			require.NotEmpty(t, cached, "example.txtar is stale: run `make golden`")
			files, err := exampleFiles(src, a)
			require.NoError(t, err)
			for _, pf := range files {
				want, err := renderExampleFile(src, pf, data)
				require.NoError(t, err)
				got, ok := cached[pf.Path]
				if !ok {
					assert.True(t, strings.HasPrefix(pf.Path, generatedDir+"/"), "%s is not cached", pf.Path)
					continue
				}
				assert.Equal(t, string(want), string(got), "%s with module %s and name %s", pf.Path, module, a.Name)
			}
		}
	}
}
