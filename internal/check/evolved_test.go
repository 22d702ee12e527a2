package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// writeEvolved writes a fresh standard service and applies
// testdata/evolved.txtar to it.
func writeEvolved(tb testing.TB) string {
	tb.Helper()
	dir := writeGenerated(tb, answers("standard"))
	ar, err := txtar.ParseFile("testdata/evolved.txtar")
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range ar.Files {
		if target, ok := strings.CutPrefix(f.Name, "replace "); ok {
			lines := strings.Split(strings.TrimSpace(string(f.Data)), "\n")
			if len(lines) != 2 {
				tb.Fatalf("%s: want the old and the new text, one line each", f.Name)
			}
			replaceIn(tb, dir, target, lines[0], lines[1])
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func replaceIn(tb testing.TB, dir, p, old, new string) {
	tb.Helper()
	full := filepath.Join(dir, filepath.FromSlash(p))
	data, err := os.ReadFile(full)
	if err != nil {
		tb.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		tb.Fatalf("%s has no %q", p, old)
	}
	if err := os.WriteFile(full, []byte(strings.ReplaceAll(string(data), old, new)), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// TestEvolvedServiceIsClean: new resources, a database/sql repository, a
// worker, an oapi-codegen file, a fixed-size pool, log-then-fallback and
// dependabot bumps are all within the conventions.
func TestEvolvedServiceIsClean(t *testing.T) {
	r := analyze(t, writeEvolved(t), currentOptions(t))
	if !r.Clean() {
		t.Errorf("evolved service:\n%s", brief(r.Findings))
	}
}

// BenchmarkEvolvedCheck measures Analyze on the evolved standard service,
// template rendering for the drift check included.
func BenchmarkEvolvedCheck(b *testing.B) {
	dir := writeEvolved(b)
	opts := currentOptions(b)
	for b.Loop() {
		if _, err := Analyze(dir, opts); err != nil {
			b.Fatal(err)
		}
	}
}
