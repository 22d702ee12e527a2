package generator

import (
	"bytes"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/templates"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testAnswers() Answers {
	return Answers{
		Name: "orders-api", Module: "github.com/acme/orders-api", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: "1.26", Preset: "full", License: "none",
		Features: []string{"catalog"},
	}.Resolve()
}

func TestPlanRefusesMissingLayer(t *testing.T) {
	fsys := fstest.MapFS{"service/base/a.txt": {Data: []byte("a\n")}}
	_, err := newPlan(fsys, testAnswers())
	assert.ErrorContains(t, err, "plan layer catalog: open service/catalog: file does not exist")
}

func TestPlanRefusesTwoLayersForOnePath(t *testing.T) {
	fsys := fstest.MapFS{
		"service/base/a.txt":    {Data: []byte("a\n")},
		"service/catalog/a.txt": {Data: []byte("b\n")},
	}
	_, err := newPlan(fsys, testAnswers())
	assert.EqualError(t, err, "plan: a.txt is produced by both base/a.txt and catalog/a.txt")
}

func TestPlanMapsNamesModesAndClasses(t *testing.T) {
	fsys := fstest.MapFS{
		"service/base/cmd/__name__/main.go.tmpl": {Data: []byte("package main\n")},
		"service/base/scripts/run.sh":            {Data: []byte("#!/bin/sh\n")},
		"service/base/internal/httpserver/x.txt": {Data: []byte("x\n")},
		"service/catalog/only.txt":               {Data: []byte("x\n")},
		"service/unused/never.txt":               {Data: []byte("x\n")},
	}
	p, err := newPlan(fsys, testAnswers())
	require.NoError(t, err)
	got := map[string]PlannedFile{}
	for _, f := range p.Files {
		got[f.Path] = f
	}
	require.Len(t, got, 4)
	assert.True(t, got["cmd/orders-api/main.go"].Execute)
	assert.Equal(t, 0o755, int(got["scripts/run.sh"].Mode))
	assert.Equal(t, 0o644, int(got["only.txt"].Mode))
	assert.Equal(t, ClassManaged, got["internal/httpserver/x.txt"].Class)
	assert.Equal(t, ClassScaffold, got["cmd/orders-api/main.go"].Class)
}

func TestRenderErrorsNameTheTemplate(t *testing.T) {
	tests := []struct {
		name, file, src, want string
	}{
		{"invalid Go", "bad.go.tmpl", "package main\nfunc {{.Name}}(", "template base/bad.go.tmpl: output is not valid Go"},
		{"missing key", "x.txt.tmpl", "{{.Nope}}\n", `template: base/x.txt.tmpl:1:2: executing "base/x.txt.tmpl" at <.Nope>`},
		{"no final newline", "y.txt", "no newline", "template base/y.txt: text output must end in a newline"},
		{"unpinned action", "w.yml.tmpl", "uses: {{action \"evil/x\"}}\n", `action "evil/x" is not pinned`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"service/base/" + tt.file: {Data: []byte(tt.src)},
				"service/catalog/c.txt":   {Data: []byte("c\n")},
			}
			p, err := newPlan(fsys, testAnswers())
			require.NoError(t, err)
			_, err = Render(p)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

// formatFreeViolations proves formatFree for every Go template in fsys it
// holds for, and lists the templates where the proof fails:
//
//   - a template without actions must be gofmt-formatted;
//   - a template whose only actions are {{.Module}} import paths must be
//     gofmt-formatted when rendered with any module path, have those
//     imports in runs (consecutive lines) of their own, and no comment on
//     their lines. The runs and comments are what make the first point hold
//     for every module path; it is also checked for a spread of them.
func formatFreeViolations(fsys fs.FS) ([]string, error) {
	var bad []string
	err := fs.WalkDir(fsys, templateRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go.tmpl") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil || !formatFree(src) {
			return err
		}
		if !bytes.Contains(src, delimLeft) {
			bad = append(bad, gofmtClean(p, src)...)
			return nil
		}
		for _, m := range proofModules {
			out := bytes.ReplaceAll(src, []byte("{{.Module}}"), []byte(m))
			if problems := gofmtClean(p+" with module "+m, out); len(problems) > 0 {
				bad = append(bad, problems...)
				return nil
			}
		}
		bad = append(bad, moduleImportLayout(p, bytes.ReplaceAll(src, []byte("{{.Module}}"), []byte(proofModules[0])), proofModules[0])...)
		return nil
	})
	return bad, err
}

// proofModules sort before, between and after the usual import paths, and
// are short, long and full of the punctuation module paths allow.
var proofModules = []string{
	"example.com/svc", "a.a/a", "zzz.example/a/very/long/path/to/the/service/v2",
	"github.com/Acme-Corp/x_y~z.v1", "gopkg.in/yaml.v3", "m.m/0-9",
}

func gofmtClean(name string, src []byte) []string {
	formatted, err := format.Source(src)
	switch {
	case err != nil:
		return []string{fmt.Sprintf("%s: not valid Go: %v", name, err)}
	case !bytes.Equal(formatted, src):
		return []string{name + ": not gofmt-formatted (gofmt -w it)"}
	}
	return nil
}

// moduleImportLayout checks that imports of module (the service's own
// packages) sit in runs of consecutive import lines of their own, with no
// comment on their lines.
func moduleImportLayout(name string, src []byte, module string) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.ImportsOnly)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", name, err)}
	}
	commentLines := map[int]bool{}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			for l := fset.Position(c.Pos()).Line; l <= fset.Position(c.End()).Line; l++ {
				commentLines[l] = true
			}
		}
	}
	var bad []string
	prevLine, runOwn, runOther := -1, 0, 0
	flush := func() {
		if runOwn > 0 && runOther > 0 {
			bad = append(bad, name+": imports of the service's packages share a group with other imports; give them a group of their own")
		}
		runOwn, runOther = 0, 0
	}
	for _, spec := range f.Imports {
		line := fset.Position(spec.Pos()).Line
		if line != prevLine+1 {
			flush()
		}
		prevLine = line
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return append(bad, fmt.Sprintf("%s: %v", name, err))
		}
		if path != module && !strings.HasPrefix(path, module+"/") {
			runOther++
			continue
		}
		runOwn++
		if commentLines[line] {
			bad = append(bad, fmt.Sprintf("%s:%d: no comment on the line of an import of the service's packages", name, line))
		}
	}
	flush()
	return bad
}

func TestFormatFreeTemplatesAreFormatted(t *testing.T) {
	bad, err := formatFreeViolations(templates.FS)
	require.NoError(t, err)
	assert.Empty(t, bad)
}

func TestFormatFreeProofCatchesBadTemplates(t *testing.T) {
	const own = "package a\n\nimport (\n\t\"fmt\"\n\n\t\"{{.Module}}/internal/x\"\n)\n"
	fsys := fstest.MapFS{
		"service/base/ok.go.tmpl":       {Data: []byte("package a\n")},
		"service/base/own.go.tmpl":      {Data: []byte(own)},
		"service/base/spaces.go.tmpl":   {Data: []byte("package a\nvar  x = 1\n")},
		"service/base/invalid.go.tmpl":  {Data: []byte("package a\nfunc (\n")},
		"service/base/dyn.go.tmpl":      {Data: []byte("package a\nvar  x = {{1}}\n")},
		"service/base/a.txt.tmpl":       {Data: []byte("x  =  1\n")},
		"service/base/mixed.go.tmpl":    {Data: []byte("package a\n\nimport (\n\t\"fmt\"\n\t\"{{.Module}}/internal/x\"\n)\n")},
		"service/base/comment.go.tmpl":  {Data: []byte("package a\n\nimport (\n\t\"{{.Module}}/internal/x\" // x\n)\n")},
		"service/base/unsorted.go.tmpl": {Data: []byte("package a\n\nimport (\n\t\"{{.Module}}/internal/y\"\n\t\"{{.Module}}/internal/x\"\n)\n")},
	}
	bad, err := formatFreeViolations(fsys)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"service/base/comment.go.tmpl:4: no comment on the line of an import of the service's packages",
		"service/base/invalid.go.tmpl: not valid Go: 2:8: expected ')', found 'EOF'",
		"service/base/mixed.go.tmpl with module example.com/svc: not gofmt-formatted (gofmt -w it)",
		"service/base/spaces.go.tmpl: not gofmt-formatted (gofmt -w it)",
		"service/base/unsorted.go.tmpl with module example.com/svc: not gofmt-formatted (gofmt -w it)",
	}, bad)
}

func TestFormatFree(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"package a\n", true},
		{"package a\n\nimport (\n\t\"{{.Module}}/x\"\n\tz \"{{.Module}}/y\"\n)\n", true},
		{"package a\n\nimport (\n\t\"{{.Module}}/x\"\n)\n\nvar s = \"{{.Module}}\"\n", false},
		{"package a\n\nimport (\n\t\"{{.Module}}/x\"\n)\n\n// {{.Name}}\n", false},
		{"package a\n\nimport (\n\t\"{{.Name}}/x\"\n)\n", false},
		{"package a\n\nimport \"{{.Module}}/x\"\n", false},
		{"{{.Module}}", false},
		{"package a\n\nimport (\n\t\"{{.Module}}/x\"\n\t\"{{- .Module}}/y\"\n)\n", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, formatFree([]byte(tt.src)), tt.src)
	}
}

func TestRenderCopiesTemplatesWithoutActions(t *testing.T) {
	// Byte for byte, even where text/template or go/format would differ:
	// that is what makes TestStaticGoTemplatesAreFormatted the format pass.
	fsys := fstest.MapFS{
		"service/base/s.go.tmpl": {Data: []byte("package a\n\nvar x = `}}`\n")},
		"service/base/d.go.tmpl": {Data: []byte("package a\nvar  x = {{1}}\n")},
		"service/catalog/c.txt":  {Data: []byte("c\n")},
	}
	p, err := newPlan(fsys, testAnswers())
	require.NoError(t, err)
	tree, err := Render(p)
	require.NoError(t, err)
	got := map[string]string{}
	for _, f := range tree.Files {
		got[f.Path] = string(f.Data)
	}
	assert.Equal(t, "package a\n\nvar x = `}}`\n", got["s.go"])
	assert.Equal(t, "package a\n\nvar x = 1\n", got["d.go"], "a template with actions is formatted")
}

func TestRenderIsDeterministic(t *testing.T) {
	full := testAnswers()
	full.Features = []string{"catalog", "httpclient", "k8s"}
	a, err := Generate(full)
	require.NoError(t, err)
	b, err := Generate(full)
	require.NoError(t, err)
	assert.Equal(t, a.Files, b.Files)
}

func TestManifestRoundTrips(t *testing.T) {
	a := testAnswers()
	a.Features = nil
	tree, err := Generate(a.Resolve())
	require.NoError(t, err)
	var raw []byte
	for _, f := range tree.Files {
		if f.Path == manifest.Name {
			raw = f.Data
		}
	}
	m, err := manifest.Parse(raw, CheckRecorded)
	require.NoError(t, err)
	assert.Equal(t, tree.Manifest.Answers, m.Answers)
	assert.Len(t, m.Files, len(tree.Files)-1, "every file but the manifest is listed")
	for _, f := range m.Files {
		assert.Len(t, f.SHA256, 64)
		assert.Contains(t, []string{ClassManaged, ClassScaffold, ClassGenerated}, f.Class)
	}
}

func TestSlugsAndSHAs(t *testing.T) {
	for s, want := range map[string]bool{"a": true, "orders-api": true, "a1": true, "1a": false, "-a": false, "a-": false, "A": false, "a_b": false, "": false} {
		assert.Equal(t, want, isSlug(s, true), "isSlug(%q, true)", s)
	}
	for s, want := range map[string]bool{"platform": true, "acme/payments": true, "1st/team-9": true, "acme/": false, "/team": false, "a/b/c": false, "Acme/x": false} {
		assert.Equal(t, want, isOwner(s), "isOwner(%q)", s)
	}
	assert.True(t, isSHA("0123456789abcdef0123456789abcdef01234567"))
	assert.False(t, isSHA("0123456789ABCDEF0123456789abcdef01234567"))
	assert.False(t, isSHA("0123456789abcdef0123456789abcdef0123456"))
	assert.False(t, isSHA("0123456789abcdef0123456789abcdef0123456g"))
}
