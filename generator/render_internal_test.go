package generator

import (
	"bytes"
	"fmt"
	"go/format"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

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

// staticGoUnformatted lists the Go templates without actions that go/format
// would change. Render copies those templates as they are, so this check is
// their go/format pass.
func staticGoUnformatted(fsys fs.FS) ([]string, error) {
	var bad []string
	err := fs.WalkDir(fsys, templateRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go.tmpl") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil || bytes.Contains(src, delimLeft) {
			return err
		}
		formatted, err := format.Source(src)
		switch {
		case err != nil:
			bad = append(bad, fmt.Sprintf("%s: not valid Go: %v", p, err))
		case !bytes.Equal(formatted, src):
			bad = append(bad, p+": not gofmt-formatted (gofmt -w it)")
		}
		return nil
	})
	return bad, err
}

func TestStaticGoTemplatesAreFormatted(t *testing.T) {
	bad, err := staticGoUnformatted(templates.FS)
	require.NoError(t, err)
	assert.Empty(t, bad)
}

func TestStaticGoCheckCatchesUnformattedTemplates(t *testing.T) {
	fsys := fstest.MapFS{
		"service/base/ok.go.tmpl":      {Data: []byte("package a\n")},
		"service/base/spaces.go.tmpl":  {Data: []byte("package a\nvar  x = 1\n")},
		"service/base/invalid.go.tmpl": {Data: []byte("package a\nfunc (\n")},
		"service/base/dyn.go.tmpl":     {Data: []byte("package a\nvar  x = {{1}}\n")},
		"service/base/a.txt.tmpl":      {Data: []byte("x  =  1\n")},
	}
	bad, err := staticGoUnformatted(fsys)
	require.NoError(t, err)
	require.Len(t, bad, 2)
	assert.Contains(t, bad[0], "service/base/invalid.go.tmpl: not valid Go")
	assert.Equal(t, "service/base/spaces.go.tmpl: not gofmt-formatted (gofmt -w it)", bad[1])
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
		if f.Path == ManifestName {
			raw = f.Data
		}
	}
	m, err := ParseManifest(raw)
	require.NoError(t, err)
	assert.Equal(t, tree.Manifest.Answers, m.Answers)
	assert.Len(t, m.Files, len(tree.Files)-1, "every file but the manifest is listed")
	for _, f := range m.Files {
		assert.Len(t, f.SHA256, 64)
		assert.Contains(t, []string{ClassManaged, ClassScaffold}, f.Class)
	}
}
