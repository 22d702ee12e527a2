package generator_test

import (
	"strings"
	"testing"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/convention"
)

// TestExplainNamesRealFiles: every file `svcgen explain ID` points a reader
// to exists in a generated service (full preset), and the explanation
// mentions it.
func TestExplainNamesRealFiles(t *testing.T) {
	a := generator.Answers{
		Name: "orders-api", Module: "github.com/acme/orders-api", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: generator.GoVersions[0], Preset: "full", License: "MIT",
	}.Resolve()
	files, err := generator.RenderMap(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range convention.All() {
		text := c.Markdown()
		if strings.TrimSpace(text) == "" {
			t.Errorf("%s: empty explanation", c.ID)
		}
		for _, f := range c.Files {
			if files[strings.ReplaceAll(f, "<name>", a.Name)] == nil {
				t.Errorf("%s names %s, which a generated service does not have", c.ID, f)
			}
			if !strings.Contains(text, f) {
				t.Errorf("%s lists %s but its explanation does not show it", c.ID, f)
			}
		}
	}
}

// TestConventionsTourIsTheCatalogue: the generated docs/CONVENTIONS.md is the
// same text as svcgen explain and docs/conventions (one source), below its
// ownership marker.
func TestConventionsTourIsTheCatalogue(t *testing.T) {
	files, err := generator.RenderMap(validAnswers())
	if err != nil {
		t.Fatal(err)
	}
	got := string(files["docs/CONVENTIONS.md"])
	if got != generator.MarkdownMarker+"\n"+convention.Tour() {
		t.Error("docs/CONVENTIONS.md differs from convention.Tour()")
	}
	for _, c := range convention.All() {
		if !strings.Contains(got, "(`"+c.ID+"`)\n\n"+c.Summary) {
			t.Errorf("docs/CONVENTIONS.md lacks the section of %s", c.ID)
		}
	}
}
