package generator

import (
	"go/format"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pluginOutput is descriptors/plugins.txtar: per service ("name module"),
// the example proto and the plugins' output for it, by path.
func pluginOutput(t *testing.T) map[string]map[string]string {
	t.Helper()
	ar, err := txtar.ParseFile("descriptors/plugins.txtar")
	require.NoError(t, err)
	out := map[string]map[string]string{}
	for _, f := range ar.Files {
		fields := strings.Fields(f.Name)
		require.Len(t, fields, 3, f.Name)
		service := fields[0] + " " + fields[1]
		if out[service] == nil {
			out[service] = map[string]string{}
		}
		out[service][fields[2]] = string(f.Data)
	}
	return out
}

// TestRawDescIsTheCheckedInLiteral: for the names the descriptor was made
// with, rawDesc is protoc-gen-go's literal byte for byte.
func TestRawDescIsTheCheckedInLiteral(t *testing.T) {
	pb := pluginOutput(t)[canonicalName+" "+canonicalModule]["internal/gen/orders/v1/item.pb.go"]
	const decl = "const file_orders_v1_item_proto_rawDesc = "
	i := strings.Index(pb, decl)
	require.GreaterOrEqual(t, i, 0)
	want := pb[i+len(decl):]
	want = want[:strings.Index(want, "\n\n")]

	got, err := rawDesc(ResourceData{Module: canonicalModule, Namespace: canonicalNamespace}, "item")

	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// TestRenderedExampleIsThePluginsOutput: the example's generated code as
// svcgen renders it (templates, rawDesc, wrapComment) is what buf and the
// plugins generated from the same proto, for a short, a hyphenated and a
// 40-character service name (length prefixes of one and two bytes,
// comments wrapped at other words). The e2e test
// TestRenderedGeneratedCodeIsThePlugins runs the plugins themselves.
func TestRenderedExampleIsThePluginsOutput(t *testing.T) {
	src := currentSource()
	services := pluginOutput(t)
	require.Len(t, services, 3)
	for service, want := range services {
		name, module, _ := strings.Cut(service, " ")
		a := Answers{Name: name, Module: module, Features: []string{"grpc"}}
		files, err := exampleFiles(src, a)
		require.NoError(t, err)
		data := exampleData(src, a)
		got := map[string]string{}
		for _, pf := range files {
			if _, ok := want[pf.Path]; ok {
				b, err := renderExampleFile(src, pf, data)
				require.NoError(t, err)
				got[pf.Path] = string(b)
			}
		}
		require.Len(t, got, len(want), "%s: the example's proto and generated files", name)
		for p, w := range want {
			assert.Equal(t, w, got[p], "%s: %s", name, p)
		}
	}
}

func TestWrapComment(t *testing.T) {
	long := strings.Repeat("word ", 30)
	got := wrapComment("a ", long, "b")
	for line := range strings.SplitSeq(got, "\n") {
		assert.True(t, strings.HasPrefix(line, "// "), line)
		assert.LessOrEqual(t, len(line), 3+connectCommentWidth, line)
	}
	assert.Equal(t, strings.Fields("a "+long+"b"), strings.Fields(strings.ReplaceAll(got, "//", "")))
	assert.Equal(t, "// one two", wrapComment("one ", " two"))
}

// TestGeneratedCodeNeedsNoFormat: the example's protoc-gen-go code renders
// gofmt-formatted for any name and module, so Render skips go/format on it
// (generatedNeedsNoFormat).
func TestGeneratedCodeNeedsNoFormat(t *testing.T) {
	src := currentSource()
	for i, module := range proofModules {
		for _, name := range proofNames {
			a := Answers{Name: name, Module: module, Features: []string{"grpc"}}
			files, err := exampleFiles(src, a)
			require.NoError(t, err)
			n := 0
			for _, pf := range files {
				if !generatedNeedsNoFormat(pf.Path) {
					continue
				}
				n++
				b, err := renderExampleFile(src, pf, exampleData(src, a))
				require.NoError(t, err)
				formatted, err := format.Source(b)
				require.NoError(t, err, "%s for %s %s", pf.Path, name, module)
				assert.Equal(t, string(formatted), string(b), "%s for %s %s is not gofmt-formatted", pf.Path, name, module)
			}
			assert.Equal(t, 1, n, "proof %d: the example's .pb.go", i)
		}
	}
}
