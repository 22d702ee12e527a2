package generator_test

import (
	"bytes"
	"go/format"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/svcgen/svcgen/generator"
)

// TestOutputIsCanonical renders every preset and every golden scenario (the
// hostile one included) and requires each file in the form its own tool
// leaves it, so the first `gofmt`, `go mod tidy` or editor save a team runs
// changes nothing: gofmt for Go, modfile.Format (`go mod edit -fmt`) for
// go.mod, sorted go.sum, and for every text file no trailing whitespace and
// a final newline.
func TestOutputIsCanonical(t *testing.T) {
	scenarios := map[string]generator.Answers{}
	for _, preset := range generator.PresetNames() {
		scenarios["preset-"+preset] = generator.Answers{
			Name: "orders-api", Module: "github.com/acme/orders-api", Description: "Takes orders.",
			Owner: "acme/payments", GoVersion: generator.GoVersions[0], Preset: preset, License: "MIT",
		}.Resolve()
	}
	for _, file := range goldenFiles(t) {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		scenarios["golden-"+strings.TrimSuffix(path.Base(file), ".txtar")] = scenarioAnswers(t, ar.Comment)
	}
	for name, a := range scenarios {
		t.Run(name, func(t *testing.T) {
			tree, err := generator.Generate(a)
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			for _, f := range tree.Files {
				for _, problem := range canonicalProblems(f) {
					t.Errorf("%s: %s", f.Path, problem)
				}
			}
		})
	}
}

// canonicalProblems lists how f differs from its canonical form.
func canonicalProblems(f generator.File) []string {
	if !utf8.Valid(f.Data) {
		return nil // binary: copied as it is
	}
	var problems []string
	if len(f.Data) > 0 && !bytes.HasSuffix(f.Data, []byte("\n")) {
		problems = append(problems, "no final newline")
	}
	for i, line := range strings.Split(string(f.Data), "\n") {
		if strings.TrimRight(line, " \t\r") != line {
			problems = append(problems, "trailing whitespace on line "+strconv.Itoa(i+1))
		}
	}
	var want []byte
	switch base := path.Base(f.Path); {
	case strings.HasSuffix(base, ".go"):
		formatted, err := format.Source(f.Data)
		if err != nil {
			return append(problems, "not valid Go: "+err.Error())
		}
		want = formatted
	case base == "go.mod":
		problems = append(problems, unindentedRequires(f.Data)...)
		mf, err := modfile.Parse(f.Path, f.Data, nil)
		if err != nil {
			return append(problems, "does not parse: "+err.Error())
		}
		want, err = mf.Format()
		if err != nil {
			return append(problems, "does not format: "+err.Error())
		}
	case base == "go.sum":
		want = sortedSum(f.Data)
	default:
		return problems
	}
	if !bytes.Equal(want, f.Data) {
		problems = append(problems, "not canonical:\n"+string(diff.Diff("generated", f.Data, "canonical", want)))
	}
	return problems
}

// unindentedRequires reports lines inside a require ( ... ) block that do
// not start with a tab, which `go mod tidy` would rewrite.
func unindentedRequires(data []byte) []string {
	var problems []string
	inBlock := false
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "require ("):
			inBlock = true
		case inBlock && line == ")":
			inBlock = false
		case inBlock && line != "" && !strings.HasPrefix(line, "\t"):
			problems = append(problems, "unindented line "+strconv.Itoa(i+1)+" inside require: "+line)
		}
	}
	return problems
}

// sortedSum is go.sum as the go command writes it: one line per hash,
// sorted by module path and then semantic version (module.Sort).
func sortedSum(data []byte) []byte {
	type line struct {
		mod  module.Version
		text string
	}
	var lines []line
	var mods []module.Version
	for text := range strings.Lines(string(data)) {
		fields := strings.Fields(text)
		if len(fields) != 3 {
			return nil // not a go.sum line: never equal, reported as a diff
		}
		lines = append(lines, line{module.Version{Path: fields[0], Version: fields[1]}, text})
		mods = append(mods, lines[len(lines)-1].mod)
	}
	module.Sort(mods)
	byMod := map[module.Version]string{}
	for _, l := range lines {
		byMod[l.mod] = l.text
	}
	var out strings.Builder
	for _, m := range slices.Compact(mods) {
		out.WriteString(byMod[m])
	}
	return []byte(out.String())
}
