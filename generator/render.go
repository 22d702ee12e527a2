package generator

import (
	"bytes"
	"fmt"
	"go/format"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/template"
	"unicode/utf8"

	"github.com/svcgen/svcgen/internal/gensum"
	"github.com/svcgen/svcgen/internal/manifest"
)

// File is one rendered file.
type File struct {
	Path  string // slash path inside the tree
	Data  []byte
	Mode  fs.FileMode
	Class string // ClassManaged, ClassScaffold or ClassGenerated; "" for the manifest
}

// Tree is a rendered service, sorted by path, manifest included.
type Tree struct {
	Files    []File
	Manifest manifest.Manifest
}

// Render executes the plan in memory. Output is byte-deterministic: no
// clocks, randomness or environment reach it.
func Render(p *Plan) (*Tree, error) {
	data := newData(p.Answers)
	example := exampleData(p.src, p.Answers)
	cached := cachedExample(p.src, example)
	t := &Tree{Files: make([]File, len(p.Files))}
	// Spread the files, and their digests for the manifest, over the CPUs.
	// Each file lands at its plan index, so the result does not depend on
	// scheduling, and the first error in plan order is the one returned.
	errs := make([]error, len(p.Files))
	sums := make([]string, len(p.Files))
	parallelN(runtime.GOMAXPROCS(0), len(p.Files), func(i int) {
		pf := p.Files[i]
		var out []byte
		var err error
		switch c, ok := cached[pf.Path]; {
		case ok && pf.example:
			out = c
		case pf.example:
			out, err = renderExampleFile(p.src, pf, example)
		default:
			out, err = renderFile(p.src, pf, data)
		}
		t.Files[i], errs[i] = File{Path: pf.Path, Data: out, Mode: pf.Mode, Class: pf.Class}, err
		if err == nil {
			sums[i] = manifest.Digest(out)
		}
	})
	err := firstError(errs)
	if err != nil {
		return nil, err
	}
	t.Files, sums = withGenSum(t.Files, sums)
	digest := p.src.digest
	if digest == "" {
		if digest, err = manifest.TemplateDigest(p.src.fsys, templateRoot); err != nil {
			return nil, err
		}
	}
	t.Manifest = newManifest(p.Answers, digest, p.src.number, t.Files, sums)
	mf, err := t.Manifest.Encode()
	if err != nil {
		return nil, err
	}
	t.Files = insertSorted(t.Files, File{Path: manifest.Name, Data: mf, Mode: 0o644})
	return t, nil
}

func renderFile(s *source, pf PlannedFile, data Data) ([]byte, error) {
	src, err := fs.ReadFile(s.fsys, pf.Source)
	if err != nil {
		return nil, fmt.Errorf("read template %s: %w", pf.template, err)
	}
	out := src
	if pf.Execute && bytes.Contains(src, delimLeft) {
		tmpl, err := template.New(pf.template).Option("missingkey=error").Funcs(s.funcs).Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("parse template: %w", err)
		}
		var buf bytes.Buffer
		buf.Grow(len(src) + len(src)/8)
		if err := tmpl.Execute(&buf, data); err != nil {
			return nil, fmt.Errorf("execute template: %w", err)
		}
		out = buf.Bytes()
	}
	if strings.HasSuffix(pf.Path, ".go") && !formatFree(src) {
		formatted, err := format.Source(out)
		if err != nil {
			return nil, fmt.Errorf("template %s: output is not valid Go: %w", pf.template, err)
		}
		out = formatted
	}
	if utf8.Valid(out) && len(out) > 0 && out[len(out)-1] != '\n' {
		return nil, fmt.Errorf("template %s: text output must end in a newline", pf.template)
	}
	return out, nil
}

// delimLeft opens every text/template action, comments included.
var delimLeft = []byte("{{")

// moduleImport is how a template imports a package of the service.
var moduleImport = []byte(`"{{.Module}}`)

// formatFree reports whether go/format leaves every rendering of the Go
// template src as it is, so Render can skip it. That holds for two kinds of
// template, and the test suite proves it for each embedded template of
// either kind (TestFormatFreeTemplatesAreFormatted); every other Go
// template is formatted on every run.
//
//   - src has no action: it renders to itself.
//   - src's only actions are {{.Module}} opening an import path inside its
//     import ( ... ) block. A module path has no quote, backslash or
//     newline, so the substitution changes no token, line or comment; and
//     where those imports sit in runs of their own, without comments on
//     their lines, sorting and alignment do not depend on the module either.
func formatFree(src []byte) bool {
	actions := bytes.Count(src, delimLeft)
	if actions == 0 {
		return true
	}
	_, block, ok := bytes.Cut(src, []byte("\nimport (\n"))
	block, _, closed := bytes.Cut(block, []byte("\n)\n"))
	return ok && closed && bytes.Count(block, moduleImport) == actions
}

// withGenSum adds the freshness record of the generated code
// (gensum.Name) to a tree that has generated code: the bytes genstamp
// writes after `go generate ./...` (TestGenstampWritesTheSameRecord), so
// a fresh service is fresh to `svcgen check`. sums[i] is files[i]'s
// digest, kept in step.
func withGenSum(files []File, sums []string) ([]File, []string) {
	tree := map[string][]byte{}
	generated := false
	for _, f := range files {
		if gensum.IsInput(f.Path) || gensum.IsOutput(f.Path) || f.Path == "go.mod" {
			tree[f.Path] = f.Data
		}
		generated = generated || gensum.IsOutput(f.Path)
	}
	if !generated {
		return files, sums
	}
	data := gensum.Compute(tree).Encode()
	f := File{Path: gensum.Name, Data: data, Mode: 0o644, Class: ClassGenerated}
	i, _ := slices.BinarySearchFunc(files, f.Path, func(f File, p string) int { return strings.Compare(f.Path, p) })
	if i < len(files) && files[i].Path == f.Path {
		files[i], sums[i] = f, manifest.Digest(data) // a template of it is replaced, never trusted
		return files, sums
	}
	return slices.Insert(files, i, f), slices.Insert(sums, i, manifest.Digest(data))
}

func insertSorted(files []File, f File) []File {
	i := 0
	for i < len(files) && files[i].Path < f.Path {
		i++
	}
	return append(files[:i], append([]File{f}, files[i:]...)...)
}

// newManifest lists files with their sha256 digests, sums[i] for files[i],
// at template version digest of release number.
func newManifest(a Answers, digest string, number int, files []File, sums []string) manifest.Manifest {
	m := manifest.Manifest{GeneratorVersion: Version, TemplateVersion: digest, Answers: manifest.Answers(a)}
	if number > 1 {
		m.TemplateRelease = number // release 1 (3ed62f6) recorded only the digest
	}
	m.Files = make([]manifest.File, len(files))
	for i, f := range files {
		m.Files[i] = manifest.File{Path: f.Path, SHA256: sums[i], Class: f.Class}
	}
	return m
}

// parallelN calls fn(0..n-1) on up to workers goroutines and waits.
func parallelN(workers, n int, fn func(i int)) {
	workers = min(workers, n)
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// firstError returns the first non-nil error in index order.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
