package generator_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/release"
	"github.com/svcgen/svcgen/templates"
)

var update = flag.Bool("update", false, "rewrite golden/*.txtar from the current templates")

const goldenDir = "../golden"

// TestGolden renders every scenario in golden/ (the archive comment holds
// the answers as YAML) and compares the whole tree as a set of files.
func TestGolden(t *testing.T) {
	manifests := map[string][]byte{}
	for _, path := range goldenFiles(t) {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			tree := renderScenario(t, ar.Comment)
			if *update {
				writeGolden(t, path, ar.Comment, tree)
				manifests[strings.TrimSuffix(filepath.Base(path), ".txtar")] = tree.Files[manifestIndex(t, tree)].Data
				return
			}
			compareTree(t, ar, tree)
		})
	}
	if *update {
		writeReleaseScenarios(t, manifests)
	}
}

// releaseScenarios holds, per release, the manifests of the golden
// scenarios as that release generated them: package release renders each
// release's scenarios and compares (TestReleasesRenderWhatTheyGenerated).
const releaseScenarios = "testdata/releases"

// writeReleaseScenarios records the golden scenarios' manifests for the
// embedded release (TestGolden -update).
func writeReleaseScenarios(t *testing.T, manifests map[string][]byte) {
	t.Helper()
	r := release.Embedded()
	ar := &txtar.Archive{Comment: []byte(fmt.Sprintf("Manifests of the golden scenarios as %s generated them.\n", r))}
	for _, name := range sortedNames(manifests) {
		ar.Files = append(ar.Files, txtar.File{Name: name + ".svcgen.yaml", Data: manifests[name]})
	}
	path := filepath.Join(releaseScenarios, fmt.Sprintf("%d.txtar", r.Number))
	if r.Number == 1 {
		return // release 1's manifests are those svcgen 3ed62f6 wrote: never rewritten
	}
	require.NoError(t, os.WriteFile(path, txtar.Format(ar), 0o644))
}

func manifestIndex(t *testing.T, tree *generator.Tree) int {
	t.Helper()
	i := slices.IndexFunc(tree.Files, func(f generator.File) bool { return f.Path == manifest.Name })
	if i < 0 {
		t.Fatal("no manifest in the tree")
	}
	return i
}

func sortedNames(m map[string][]byte) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// TestEveryTemplateReached fails when a template file is rendered by no
// golden scenario, so every layer stays pinned.
func TestEveryTemplateReached(t *testing.T) {
	reached := map[string]bool{}
	for _, path := range goldenFiles(t) {
		ar, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := generator.NewPlan(scenarioAnswers(t, ar.Comment))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range plan.Files {
			reached[f.Source] = true
		}
	}
	err := fs.WalkDir(templates.FS, "service", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !reached[p] {
			t.Errorf("template %s is reached by no golden scenario", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func goldenFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden scenarios in %s (err %v)", goldenDir, err)
	}
	return files
}

func scenarioAnswers(t *testing.T, comment []byte) generator.Answers {
	t.Helper()
	var a generator.Answers
	dec := yaml.NewDecoder(bytes.NewReader(comment))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("scenario answers: %v", err)
	}
	return a.Resolve()
}

func renderScenario(t *testing.T, comment []byte) *generator.Tree {
	t.Helper()
	tree, err := generator.Generate(scenarioAnswers(t, comment))
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return tree
}

func writeGolden(t *testing.T, path string, comment []byte, tree *generator.Tree) {
	t.Helper()
	ar := &txtar.Archive{Comment: comment}
	for _, f := range tree.Files {
		ar.Files = append(ar.Files, txtar.File{Name: f.Path, Data: f.Data})
	}
	if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// compareTree reports unexpected, missing and different files, with a diff.
func compareTree(t *testing.T, ar *txtar.Archive, tree *generator.Tree) {
	t.Helper()
	want := map[string][]byte{}
	for _, f := range ar.Files {
		want[f.Name] = f.Data
	}
	var problems []string
	for _, f := range tree.Files {
		w, ok := want[f.Path]
		switch {
		case !ok:
			problems = append(problems, "unexpected file "+f.Path)
		case !bytes.Equal(w, f.Data):
			problems = append(problems, fmt.Sprintf("different %s:\n%s", f.Path, diff.Diff("golden/"+f.Path, w, "rendered/"+f.Path, f.Data)))
		}
		delete(want, f.Path)
	}
	for name := range want {
		problems = append(problems, "missing file "+name)
	}
	slices.Sort(problems)
	for _, p := range problems {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.Log("if the change is intended: go test ./generator -run TestGolden -update, then review the golden diff")
	}
}
