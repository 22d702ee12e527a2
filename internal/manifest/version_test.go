package manifest_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/internal/manifest"
)

func TestTemplateDigestSeesEveryEdit(t *testing.T) {
	hashTree := func(fsys fstest.MapFS) (string, error) { return manifest.TemplateDigest(fsys, "service") }
	tree := func(path, data string) fstest.MapFS {
		return fstest.MapFS{"service/base/a.txt": {Data: []byte("a\n")}, "service/base/" + path: {Data: []byte(data)}}
	}
	base, err := hashTree(tree("b.txt", "b\n"))
	require.NoError(t, err)
	for name, fsys := range map[string]fstest.MapFS{
		"content": tree("b.txt", "c\n"),
		"path":    tree("c.txt", "b\n"),
		"layer":   {"service/base/a.txt": {Data: []byte("a\n")}, "service/k8s/b.txt": {Data: []byte("b\n")}},
	} {
		got, err := hashTree(fsys)
		require.NoError(t, err)
		assert.NotEqual(t, base, got, name)
	}
	again, err := hashTree(tree("b.txt", "b\n"))
	require.NoError(t, err)
	assert.Equal(t, base, again)
}
