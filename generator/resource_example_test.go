package generator_test

import (
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
)

// TestExampleHasTheShapeOfAnAddedResource: a service's example resource
// (internal/item) and a resource `svcgen add resource` writes with the same
// fields are one pattern: the same files, and, with the names swapped, the
// same code, but for the package doc and the migration the store names
// (item's migrations are the service templates', applied long ago).
func TestExampleHasTheShapeOfAnAddedResource(t *testing.T) {
	for _, preset := range []string{"minimal", "full"} {
		t.Run(preset, func(t *testing.T) {
			a := generator.Answers{Name: "shop", Module: "example.com/shop", Preset: preset, Owner: "acme/shop", Description: "a shop", GoVersion: "1.26", License: "MIT"}.Resolve()
			tree, err := generator.Generate(a)
			require.NoError(t, err)
			item := filesUnder(tree.Files, "internal/item/")
			require.NotEmpty(t, item)

			widget := generator.ExampleResource
			widget.Name, widget.Path, widget.Migration = "widget", "/v1/widgets", 2
			added, err := generator.RenderResource(a, widget)
			require.NoError(t, err)
			widgets := renamed(filesUnder(added, "internal/widget/"))

			assert.Equal(t, slices.Sorted(maps.Keys(item)), slices.Sorted(maps.Keys(widgets)), "item and widget have other files")
			for path, code := range widgets {
				assert.Equal(t, withoutDocs(item[path]), withoutDocs(code), "%s differs from the example's beyond names", path)
			}

			// Other fields change the code, never the files.
			fields, err := generator.ParseFields("name:string,quantity:int,due:time,active:bool")
			require.NoError(t, err)
			widget.Fields = fields
			added, err = generator.RenderResource(a, widget)
			require.NoError(t, err)
			assert.Equal(t, slices.Sorted(maps.Keys(item)), slices.Sorted(maps.Keys(renamed(filesUnder(added, "internal/widget/")))))
		})
	}
}

func filesUnder(files []generator.File, dir string) map[string]string {
	out := map[string]string{}
	for _, f := range files {
		if rest, ok := strings.CutPrefix(f.Path, dir); ok {
			out[rest] = string(f.Data)
		}
	}
	return out
}

// renamed spells widget's files and code as item's.
func renamed(files map[string]string) map[string]string {
	out := map[string]string{}
	swap := strings.NewReplacer("widget", "item", "Widget", "Item")
	for path, code := range files {
		out[swap.Replace(path)] = swap.Replace(code)
	}
	return out
}

// migrationComment is a comment line naming the migration files.
var migrationComment = regexp.MustCompile(`(?m)^// .*(migrations|COLLATE).*\n`)

// withoutDocs drops the package doc and the comment lines that name the
// migration files, where the example and an added resource say different
// things on purpose, and the alignment.
func withoutDocs(code string) string {
	if i := strings.Index(code, "\npackage "); i >= 0 && strings.HasPrefix(code, "//") {
		code = code[i+1:]
	}
	return spaces.ReplaceAllString(migrationComment.ReplaceAllString(code, ""), " ")
}

// spaces are runs of blanks, which gofmt aligns by the names' lengths.
var spaces = regexp.MustCompile(`[ \t]+`)

// TestExampleCacheIsCurrent: example.txtar holds the example resource as the
// resource templates render it now; -update (`make golden`) rewrites it.
func TestExampleCacheIsCurrent(t *testing.T) {
	want, err := generator.ExampleCacheArchive()
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile("example.txtar", want, 0o644))
		return
	}
	got, err := os.ReadFile("example.txtar")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "generator/example.txtar is stale: run `make golden`")
}
