package generator_test

import (
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/svcgen/svcgen/generator"
)

// TestGoModIsCanonical: for every feature alone and every preset, the
// rendered go.mod is what `go mod edit -fmt` would write.
func TestGoModIsCanonical(t *testing.T) {
	var sets []generator.Answers
	for _, p := range generator.PresetNames() {
		sets = append(sets, generator.Answers{Preset: p})
	}
	for _, f := range generator.FeatureNames() {
		sets = append(sets, generator.Answers{Preset: "minimal", Features: []string{f}})
	}
	for _, a := range sets {
		a.Name, a.Module, a.Owner, a.Description = "svc", "example.com/svc", "acme", "A service."
		a.GoVersion, a.License = generator.GoVersions[0], "none"
		a = a.Resolve()
		tree, err := generator.Generate(a)
		if err != nil {
			t.Fatalf("%s %v: %v", a.Preset, a.Features, err)
		}
		for _, f := range tree.Files {
			if f.Path != "go.mod" {
				continue
			}
			mf, err := modfile.Parse("go.mod", f.Data, nil)
			if err != nil {
				t.Fatalf("%v: parse go.mod: %v", a.Features, err)
			}
			want, err := mf.Format()
			if err != nil {
				t.Fatal(err)
			}
			if string(want) != string(f.Data) {
				t.Errorf("features %v: go.mod is not in go mod edit -fmt form:\n%s", a.Features, f.Data)
			}
		}
	}
}
