package generator

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"

	_ "embed"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/templates"
)

// The example resource is rendered from the resource templates, which are
// not format-free: every file would go through go/format on every `svcgen
// new`, check and update, tripling the cost of a render. Its output depends
// only on the module (in import paths alone), on whether the service has
// postgres and grpc, and, in the grpc layer's files, on the proto package's
// namespace (in import paths, package names and identifiers, which sort
// and align the same whatever it is). So it is rendered and formatted once,
// when svcgen is built: example.txtar holds the four variants with
// exampleModule for the module and exampleNamespace for the namespace, and
// the resource tree's digest they were made from. The generated code
// (generatedDir) is not in it: its raw descriptor and wrapped comments
// change with the namespace's length, so it renders per service (without
// go/format, see generatedNeedsNoFormat). A render whose resource tree has
// that digest substitutes the namespace and the module; any other (a stale
// cache, or a release with other resource templates) renders the slow way.
// TestExampleCacheIsCurrent proves the cache matches a full render for very
// different modules; `make golden` rewrites it.

//go:embed example.txtar
var exampleArchive []byte

// exampleModule stands for the module in example.txtar, and
// exampleNamespace (exampleName's) for the proto package's namespace.
const (
	exampleModule    = "svcgen.invalid/example-module"
	exampleName      = "svcgen-example-name"
	exampleNamespace = "svcgen_example_name"
)

// exampleCacheHeading opens example.txtar; a "resource-digest:" line follows.
const exampleCacheHeading = "svcgen example resource, rendered for each store\n"

type exampleCache struct {
	digest string
	files  map[string][]byte // "<variant>/<path>", variants memory, postgres, memory-grpc, postgres-grpc
}

var loadExampleCache = sync.OnceValue(func() exampleCache {
	ar := txtar.Parse(exampleArchive)
	head, _ := strings.CutPrefix(string(ar.Comment), exampleCacheHeading)
	c := exampleCache{files: map[string][]byte{}}
	c.digest = strings.TrimSpace(strings.TrimPrefix(head, "resource-digest:"))
	for _, f := range ar.Files {
		c.files[f.Name] = f.Data
	}
	return c
})

// embeddedResourceDigest is the digest of the embedded resource tree.
var embeddedResourceDigest = sync.OnceValues(func() (string, error) { return manifest.TemplateDigest(templates.FS, resourceRoot) })

// cachedExample returns the example's files for data from the cache, by
// path, or nil when the cache was not made from src's resource tree.
func cachedExample(src *source, data ResourceData) map[string][]byte {
	if src.layers.ResourceBase == "" {
		return nil // a release before 6: no example from resource templates
	}
	c := loadExampleCache()
	digest, err := embeddedResourceDigest()
	if src.fsys != templates.FS {
		digest, err = manifest.TemplateDigest(src.fsys, resourceRoot)
	}
	if err != nil || c.digest == "" || digest != c.digest {
		return nil
	}
	prefix := exampleVariant(data) + "/"
	out := map[string][]byte{}
	for name, b := range c.files {
		if p, ok := strings.CutPrefix(name, prefix); ok {
			// The namespace first: it has neither '/' nor '.', so it never
			// occurs in a module put in before it.
			if data.GRPC { // in api/<namespace>/v1 too
				p = strings.ReplaceAll(p, exampleNamespace, data.Namespace)
				b = bytes.ReplaceAll(b, []byte(exampleNamespace), []byte(data.Namespace))
			}
			out[p] = bytes.ReplaceAll(b, []byte(exampleModule), []byte(data.Module))
		}
	}
	return out
}

func exampleVariant(data ResourceData) string {
	v := "memory"
	if data.Postgres {
		v = "postgres"
	}
	if data.GRPC {
		v += "-grpc"
	}
	return v
}

// exampleCacheArchive renders the example for both stores, with and
// without grpc, with exampleModule, the slow way, as example.txtar holds it.
func exampleCacheArchive() ([]byte, error) {
	src := currentSource()
	digest, err := manifest.TemplateDigest(src.fsys, resourceRoot)
	if err != nil {
		return nil, err
	}
	ar := &txtar.Archive{Comment: []byte(exampleCacheHeading + "resource-digest: " + digest + "\n")}
	for _, features := range [][]string{nil, {"postgres"}, {"grpc"}, {"grpc", "postgres"}} {
		a := Answers{Name: exampleName, Module: exampleModule, Features: features}
		files, err := exampleFiles(src, a)
		if err != nil {
			return nil, err
		}
		data := exampleData(src, a)
		for _, pf := range files {
			f, err := renderResourceFile(src, pf.Source, pf.template, pf.Path, data)
			if err != nil {
				return nil, err
			}
			if !bytes.HasSuffix(f.Data, []byte("\n")) {
				return nil, fmt.Errorf("%s: no final newline", f.Path)
			}
			if strings.HasPrefix(f.Path, generatedDir+"/") {
				continue // rendered per service
			}
			ar.Files = append(ar.Files, txtar.File{Name: exampleVariant(data) + "/" + f.Path, Data: f.Data})
		}
	}
	sort.Slice(ar.Files, func(i, j int) bool { return ar.Files[i].Name < ar.Files[j].Name })
	return txtar.Format(ar), nil
}
