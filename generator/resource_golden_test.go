package generator_test

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/templates"
)

// resourceScenario is the YAML comment of golden/resource/*.txtar.
type resourceScenario struct {
	Module    string   `yaml:"module"`
	Service   string   `yaml:"service"` // the service's name, with grpc
	Name      string   `yaml:"name"`
	Path      string   `yaml:"path"`
	Fields    string   `yaml:"fields"`
	Features  []string `yaml:"features"`  // the service's, e.g. [postgres]
	Migration int64    `yaml:"migration"` // with postgres
}

// TestResourceGolden renders every golden/resource/*.txtar (the comment
// holds module, name, path, fields, and the service's features with the
// migration version) and compares the whole package as a
// set of files; -update rewrites them.
func TestResourceGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(goldenDir, "resource", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no resource scenarios (err %v)", err)
	}
	most := 0 // files the richest scenario renders
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			tree := renderResource(t, ar.Comment)
			most = max(most, len(tree.Files))
			if *update {
				writeGolden(t, path, ar.Comment, tree)
				return
			}
			compareTree(t, ar, tree)
		})
	}
	// Every resource template is rendered by some scenario: one with
	// every feature that has a resource layer renders every file but the
	// generated code, which only the example renders from templates (the
	// service goldens hold it).
	n := 0
	_ = fs.WalkDir(templates.Resource, "resource", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(p, "resource/grpc/internal/gen/") {
			n++
		}
		return err
	})
	if most < n {
		t.Errorf("the richest scenario renders %d files, the resource tree has %d: add a scenario with every feature", most, n)
	}
}

func renderResource(t *testing.T, comment []byte) *generator.Tree {
	t.Helper()
	var sc resourceScenario
	dec := yaml.NewDecoder(bytes.NewReader(comment))
	dec.KnownFields(true)
	if err := dec.Decode(&sc); err != nil {
		t.Fatalf("scenario: %v", err)
	}
	fields, err := generator.ParseFields(sc.Fields)
	if err != nil {
		t.Fatal(err)
	}
	files, err := generator.RenderResource(generator.Answers{Name: sc.Service, Module: sc.Module, Features: sc.Features},
		generator.Resource{Name: sc.Name, Path: sc.Path, Fields: fields, Migration: sc.Migration})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return &generator.Tree{Files: files}
}
