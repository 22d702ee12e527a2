package generator

import (
	"bytes"
	"flag"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/templates"
)

// fixMarkers is the maintenance tool behind `make markers`.
var fixMarkers = flag.Bool("fix", false,
	"write the ownership marker into every managed template under ../templates/service that lacks it (and out of every scaffold one), then check")

// templatesDir is the template tree on disk, from this package's directory.
const templatesDir = "../templates"

// TestOwnershipMarker renders every preset and every feature alone and
// holds each file's marker to its class: a managed file starts with the
// marker of its comment syntax (after a #! line or Dockerfile parser
// directives), a scaffold file carries neither the marker nor its words in
// any case. With -fix it first writes the markers into the templates on
// disk (idempotent) and then checks what it wrote.
func TestOwnershipMarker(t *testing.T) {
	var fsys fs.FS = templates.FS
	if *fixMarkers {
		fixTemplates(t, templatesDir)
		fsys = os.DirFS(templatesDir)
	}
	src := currentSource()
	src.fsys = fsys
	for name, a := range markerScenarios() {
		t.Run(name, func(t *testing.T) {
			p, err := newPlanFrom(src, a)
			require.NoError(t, err)
			tree, err := Render(p)
			require.NoError(t, err)
			for _, f := range tree.Files {
				if problem := markerProblem(f); problem != "" {
					t.Errorf("%s (%s): %s", f.Path, f.Class, problem)
				}
			}
		})
	}
}

// markerScenarios are every preset and every feature alone, over both
// licenses that add a file.
func markerScenarios() map[string]Answers {
	out := map[string]Answers{}
	base := Answers{Name: "orders-api", Module: "github.com/acme/orders-api", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: GoVersions[0], License: "MIT"}
	for _, preset := range PresetNames() {
		a := base
		a.Preset = preset
		out["preset-"+preset] = a.Resolve()
	}
	for _, feature := range FeatureNames() {
		a := base
		a.Preset, a.Features, a.License = "minimal", []string{feature}, "Apache-2.0"
		out["feature-"+feature] = a.Resolve()
	}
	return out
}

// markerProblem says how f breaks the marker rule, "" when it keeps it.
func markerProblem(f File) string {
	switch {
	case f.Class == "":
		return "" // the manifest
	case f.Class == ClassManaged && commentSyntax(f.Path) == "":
		return "managed, but svcgen knows no comment syntax for it: add one to commentSyntax (generator/marker.go) or class it scaffold (generator/ownership.go)"
	case f.Class == ClassManaged && !hasMarker(f.Path, f.Data):
		return "managed, but does not start with the ownership marker: run `make markers`"
	case f.Class == ClassScaffold && bytes.Contains(bytes.ToLower(f.Data), []byte(markerWords)):
		return "scaffold, but says " + markerWords + ": reword it, the team owns this file"
	case f.Class == ClassGenerated && bytes.Contains(bytes.ToLower(f.Data), []byte(markerWords)):
		return "generated, but says " + markerWords + ": generated code carries no ownership marker (its proto owns it)"
	case f.Class == ClassGenerated && path.Ext(f.Path) == ".go" && !generatedHeader(f.Data):
		return "generated, but has no \"// Code generated ... DO NOT EDIT.\" line before its package clause: only generated code belongs under " + generatedDir
	}
	return ""
}

// TestManagedTemplatesHaveACommentSyntax walks every template of every
// layer (reached by a scenario or not), so a managed file of a type that
// cannot carry the marker cannot be added silently.
func TestManagedTemplatesHaveACommentSyntax(t *testing.T) {
	n := 0
	for _, pf := range allTemplates(t, templates.FS) {
		if pf.Class != ClassManaged {
			continue
		}
		n++
		if commentSyntax(pf.Path) == "" {
			t.Errorf("template %s renders managed %s, whose comment syntax svcgen does not know: add it to commentSyntax (generator/marker.go) or class the path scaffold (generator/ownership.go)", pf.Source, pf.Path)
		}
	}
	require.Positive(t, n, "no managed template found")
	// What `svcgen add resource` writes is scaffold: never the words.
	err := fs.WalkDir(templates.Resource, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(templates.Resource, p)
		if err == nil && bytes.Contains(bytes.ToLower(data), []byte(markerWords)) {
			t.Errorf("resource template %s says %s, but resources are scaffold", p, markerWords)
		}
		return err
	})
	require.NoError(t, err)
}

// allTemplates plans every layer under service/, with the service name "svc".
func allTemplates(t *testing.T, fsys fs.FS) []PlannedFile {
	t.Helper()
	layers, err := fs.ReadDir(fsys, templateRoot)
	require.NoError(t, err)
	var out []PlannedFile
	for _, l := range layers {
		files, err := layerFiles(fsys, l.Name(), "svc")
		require.NoError(t, err)
		out = append(out, files...)
	}
	return out
}

// fixTemplates writes the marker into every managed template in dir that
// lacks it (replacing one of older wording) and removes it from every
// scaffold template, for example one whose path was reclassed.
func fixTemplates(t *testing.T, dir string) {
	t.Helper()
	var changed []string
	for _, pf := range allTemplates(t, os.DirFS(dir)) {
		if pf.Class == ClassManaged && commentSyntax(pf.Path) == "" {
			continue // TestManagedTemplatesHaveACommentSyntax names it
		}
		file := filepath.Join(dir, filepath.FromSlash(pf.Source))
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		out := withoutMarker(pf.Path, src)
		if pf.Class == ClassManaged {
			out = withMarker(pf.Path, src)
		}
		if bytes.Equal(out, src) {
			continue
		}
		info, err := os.Stat(file)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(file, out, info.Mode().Perm()))
		changed = append(changed, pf.Source)
	}
	slices.Sort(changed)
	for _, c := range changed {
		t.Logf("marked %s", c)
	}
	t.Logf("%d template(s) changed", len(changed))
}

func TestWithMarker(t *testing.T) {
	goMarker, hashMarker := markers[syntaxSlash], markers[syntaxHash]
	tests := []struct {
		name, path, src, want string
	}{
		{"go package doc", "a.go", "// Package a does.\npackage a\n",
			goMarker + "\n// Package a does.\npackage a\n"},
		{"go build line", "a_test.go", "//go:build linux\n\npackage a\n",
			goMarker + "\n//go:build linux\n\npackage a\n"},
		{"go blank line kept single", "a.go", "\npackage a\n", goMarker + "\npackage a\n"},
		{"shell after #!", "s.sh", "#!/usr/bin/env bash\n# Does.\nset -eu\n",
			"#!/usr/bin/env bash\n" + hashMarker + "\n# Does.\nset -eu\n"},
		{"Dockerfile after directives", "Dockerfile", "# syntax=docker/dockerfile:1\n# escape=`\nFROM x\n",
			"# syntax=docker/dockerfile:1\n# escape=`\n" + hashMarker + "\nFROM x\n"},
		{"Dockerfile comment is no directive", "Dockerfile", "# Image.\nFROM x\n", hashMarker + "\n# Image.\nFROM x\n"},
		{"yaml", ".github/dependabot.yml", "version: 2\n", hashMarker + "\nversion: 2\n"},
		{"markdown", "docs/a.md", "# A\n", markers[syntaxHTML] + "\n# A\n"},
		{"sql", "m/0001_a.sql", "CREATE TABLE a ();\n", markers[syntaxDash] + "\nCREATE TABLE a ();\n"},
		{"older wording replaced", "a.go", "// This file is managed by svcgen, do not touch.\n// Old.\n\npackage a\n",
			goMarker + "\npackage a\n"},
		{"older markdown replaced", "a.md", "<!-- This file is managed by svcgen.\nOld. -->\n\n# A\n",
			markers[syntaxHTML] + "\n# A\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := withMarker(tt.path, []byte(tt.src))
			assert.Equal(t, tt.want, string(got))
			assert.True(t, hasMarker(tt.path, got))
			assert.Equal(t, tt.want, string(withMarker(tt.path, got)), "not idempotent")
		})
	}
}

func TestWithoutMarkerUndoesWithMarker(t *testing.T) {
	for p, src := range map[string]string{
		"a.go":       "// Package a does.\npackage a\n",
		"s.sh":       "#!/bin/sh\nset -eu\n",
		"Dockerfile": "# syntax=docker/dockerfile:1\nFROM x\n",
		"a.md":       "# A\n",
	} {
		assert.Equal(t, src, string(withoutMarker(p, withMarker(p, []byte(src)))), p)
	}
}

func TestWithoutMarkerKeepsOtherComments(t *testing.T) {
	for _, src := range []string{
		"# Backstage catalog entry for svc. Managed by svcgen.\nkind: Component\n",
		"# Deployment.\n# This file is managed by svcgen.\nkind: Deployment\n",
	} {
		assert.Equal(t, src, string(withoutMarker("catalog-info.yaml", []byte(src))))
	}
}

func TestGoMarkerIsNotThePackageDoc(t *testing.T) {
	src := withMarker("a.go", []byte("//go:build linux\n\n// Package a does.\npackage a\n"))
	formatted, err := format.Source(src)
	require.NoError(t, err)
	assert.Equal(t, string(src), string(formatted), "gofmt changes a marked file")
	f, err := parser.ParseFile(token.NewFileSet(), "a.go", src, parser.ParseComments)
	require.NoError(t, err)
	assert.Equal(t, "Package a does.\n", f.Doc.Text())
}

// generatedHeader reports the standard header (https://go.dev/s/generatedcode)
// on a line before the package clause.
func generatedHeader(src []byte) bool {
	for line := range bytes.Lines(src) {
		line = bytes.TrimRight(line, "\r\n")
		if bytes.HasPrefix(line, []byte("package ")) {
			return false
		}
		if bytes.HasPrefix(line, []byte("// Code generated ")) && bytes.HasSuffix(line, []byte(" DO NOT EDIT.")) {
			return true
		}
	}
	return false
}

// TestOwnershipMarkerGenerated: generated code needs no marker but the
// standard header, and must not carry the marker's words.
func TestOwnershipMarkerGenerated(t *testing.T) {
	for _, tc := range []struct {
		f    File
		fail bool
	}{
		{File{Path: "internal/gen/orders/v1/item.pb.go", Class: ClassGenerated, Data: []byte("// Code generated by protoc-gen-go. DO NOT EDIT.\n\npackage ordersv1\n")}, false},
		{File{Path: "internal/gen/gen.sum", Class: ClassGenerated, Data: []byte("# Code generated by internal/platform/genstamp. DO NOT EDIT.\n")}, false},
		{File{Path: "internal/gen/orders/v1/item.pb.go", Class: ClassGenerated, Data: []byte("package ordersv1\n")}, true},
		{File{Path: "internal/gen/orders/v1/x.go", Class: ClassGenerated, Data: []byte(markers[syntaxSlash] + "// Code generated by x. DO NOT EDIT.\npackage ordersv1\n")}, true},
	} {
		if got := markerProblem(tc.f) != ""; got != tc.fail {
			t.Errorf("%s %q: problem %q, want one: %v", tc.f.Path, tc.f.Data, markerProblem(tc.f), tc.fail)
		}
	}
	if got := classOf("internal/gen/gen.sum"); got != ClassGenerated {
		t.Errorf("classOf(gen.sum) = %s", got)
	}
	if got := classOf("internal/gen/orders/v1/ordersv1connect/item.connect.go"); got != ClassGenerated {
		t.Errorf("classOf(connect) = %s", got)
	}
}
