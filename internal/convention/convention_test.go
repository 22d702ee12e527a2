package convention

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/conventions from the catalogue")

const docsDir = "../../docs/conventions"

// TestDocsInSync fails when a page in docs/conventions differs from what the
// catalogue renders; go test ./convention -update rewrites them.
func TestDocsInSync(t *testing.T) {
	want := map[string]string{"README.md": Index()}
	for _, c := range All() {
		want[c.ID+".md"] = c.Markdown()
	}
	if *update {
		for name, text := range want {
			if err := os.WriteFile(filepath.Join(docsDir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(docsDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok {
			t.Errorf("%s/%s is not rendered from the catalogue: remove it or add a convention", docsDir, e.Name())
		}
	}
	for name, text := range want {
		got, err := os.ReadFile(filepath.Join(docsDir, name))
		if err != nil {
			t.Errorf("%v (run go test ./convention -update)", err)
			continue
		}
		if string(got) != text {
			t.Errorf("%s/%s is out of date: run go test ./convention -update", docsDir, name)
		}
	}
}

func TestIDsInReadingOrder(t *testing.T) {
	want := []string{
		"standard-handler", "fx-modules", "graceful-shutdown", "server-hardening",
		"context", "errors", "sharded-cache", "pooled-buffers", "config", "health",
		"database", "grpc", "testing", "lint", "pipeline", "container", "runtime",
	}
	var got []string
	for _, c := range All() {
		got = append(got, c.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("ids = %v, want %v", got, want)
	}
	if !slices.Equal(IDs(), want) {
		t.Errorf("IDs() = %v, want %v", IDs(), want)
	}
}

// TestEveryTextIsUsed catches a text file whose id is missing from the order.
func TestEveryTextIsUsed(t *testing.T) {
	entries, err := textFS.ReadDir("text")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		id := strings.TrimSuffix(e.Name(), ".md")
		if _, ok := Lookup(id); !ok {
			t.Errorf("text/%s is not in the reading order", e.Name())
		}
	}
}

func TestEveryConventionHasTheSections(t *testing.T) {
	sections := []string{"## Why\n", "## What svcgen generates\n", "## How check enforces it\n", "## Read next\n"}
	for _, c := range All() {
		last := -1
		for _, s := range sections {
			i := strings.Index(c.Body, s)
			if i <= last {
				t.Errorf("%s: section %q missing or out of order", c.ID, strings.TrimSpace(s))
			}
			last = i
		}
		if len(c.Files) == 0 {
			t.Errorf("%s: no generated files listed", c.ID)
		}
		if strings.Contains(c.Summary, "\n") || len(c.Summary) > 140 {
			t.Errorf("%s: summary must be one line of at most 140 bytes, got %d", c.ID, len(c.Summary))
		}
	}
}

func TestLookup(t *testing.T) {
	c, ok := Lookup("pooled-buffers")
	if !ok || c.Title != "Pooled buffers" || !strings.Contains(c.Body, "golang/go#23199") {
		t.Errorf("Lookup(pooled-buffers) = %q, %v", c.Title, ok)
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("Lookup(nope) found a convention")
	}
}

func TestTourIsDeterministicAndTemplateSafe(t *testing.T) {
	tour := Tour()
	if tour != Tour() {
		t.Fatal("Tour() differs between calls")
	}
	if strings.Contains(tour, "{{") || strings.Contains(tour, "}}") {
		t.Error("Tour() contains template delimiters")
	}
	if !strings.HasSuffix(tour, "\n") || strings.HasSuffix(tour, "\n\n") {
		t.Error("Tour() must end in exactly one newline")
	}
	last := -1
	for _, c := range All() {
		j := strings.Index(tour, "(`"+c.ID+"`)\n\n"+c.Summary)
		if j <= last {
			t.Errorf("%s: section missing or out of reading order", c.ID)
		}
		last = j
	}
	if strings.Contains(tour, "\n## Why") {
		t.Error("Tour() did not demote the section headings")
	}
}

func TestList(t *testing.T) {
	list := List()
	lines := strings.Split(strings.TrimSuffix(list, "\n"), "\n")
	if len(lines) != len(All()) {
		t.Fatalf("List() has %d lines, want %d", len(lines), len(All()))
	}
	if !strings.HasPrefix(lines[0], "standard-handler  ") || !strings.HasPrefix(lines[len(lines)-1], "runtime ") {
		t.Errorf("List() = %q", list)
	}
}

func TestParseRejectsBadHeaders(t *testing.T) {
	for _, text := range []string{
		"no header\n",
		"---\ntitle: x\n",
		"---\ntitle: x\nsummary: y\ncolour: z\n---\nbody\n",
		"---\ntitle: x\n---\nbody\n",
	} {
		if _, err := parse("x", text); err == nil {
			t.Errorf("parse(%q) succeeded", text)
		}
	}
}
