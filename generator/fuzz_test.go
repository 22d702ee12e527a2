package generator_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"path"
	"strconv"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/generator"
)

// FuzzAnswers: any answers either fail validation with a FieldError, or
// render a tree whose every .go file is gofmt-formatted Go (so the files
// Render leaves unformatted, see formatFree, are fuzzed too) and every YAML
// file decodes, and every JSON file (the dashboard) is valid JSON.
func FuzzAnswers(f *testing.F) {
	f.Add("orders-api", "github.com/acme/orders-api", "Takes orders.", "acme/payments", "1.26", "full", "", "MIT", 8080, 9090)
	f.Add("x1", "example.com/x", "`{{.Name}}` */ \"q\" 'q'\n# x\n---\nkey: [", "team", "1.26", "minimal", "k8s,catalog", "none", 80, 81)
	f.Add("ab", "a.b/c", "\u2028\u0085\ufeff\x00\\", "o/t", "1.26", "standard", "none", "Apache-2.0", 1, 65535)
	f.Fuzz(func(t *testing.T, name, module, desc, owner, goVersion, preset, features, license string, httpPort, adminPort int) {
		a := generator.Answers{
			Name: name, Module: module, Description: desc, Owner: owner, GoVersion: goVersion,
			Preset: preset, License: license, HTTPPort: httpPort, AdminPort: adminPort,
		}
		if features != "" {
			a.Features = generator.ParseFeatures(features)
		}
		tree, err := generator.Generate(a.Resolve())
		if err != nil {
			var fe *generator.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error is not a FieldError: %v", err)
			}
			return
		}
		for _, file := range tree.Files {
			checkParses(t, file)
		}
	})
}

func checkParses(t *testing.T, f generator.File) {
	t.Helper()
	switch path.Ext(f.Path) {
	case ".go":
		if _, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Data, parser.SkipObjectResolution); err != nil {
			t.Fatalf("%s does not parse: %v", f.Path, err)
		}
		formatted, err := format.Source(f.Data)
		if err != nil || !bytes.Equal(formatted, f.Data) {
			t.Fatalf("%s is not gofmt-formatted (%v):\n%s", f.Path, err, f.Data)
		}
	case ".yaml", ".yml":
		dec := yaml.NewDecoder(bytes.NewReader(f.Data))
		for {
			var v any
			err := dec.Decode(&v)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s does not decode: %v", f.Path, err)
			}
		}
	case ".json":
		if !json.Valid(f.Data) {
			t.Fatalf("%s is not valid JSON", f.Path)
		}
	}
}

// BenchmarkRender is plan and render only, in memory, for the full preset.
func BenchmarkRender(b *testing.B) {
	a := generator.Answers{
		Name: "orders-api", Module: "github.com/acme/orders-api", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: "1.26", Preset: "full", License: "Apache-2.0",
	}.Resolve()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := generator.Generate(a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerate is the whole in-process job for the full preset: plan,
// render and write into a fresh directory.
func BenchmarkGenerate(b *testing.B) {
	a := generator.Answers{
		Name: "orders-api", Module: "github.com/acme/orders-api", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: "1.26", Preset: "full", License: "Apache-2.0",
	}.Resolve()
	root := b.TempDir()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tree, err := generator.Generate(a)
		if err != nil {
			b.Fatal(err)
		}
		if err := generator.Write(b.Context(), path.Join(root, strconv.Itoa(i)), tree, generator.WriteOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
