package generator

import (
	"testing"
	"testing/fstest"

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
