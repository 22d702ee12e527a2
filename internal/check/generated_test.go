package check

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/release"
)

// answers returns valid answers for a preset.
func answers(preset string, features ...string) generator.Answers {
	return generator.Answers{
		Name: "orders-api", Module: "example.com/acme/orders-api", Description: "Orders API",
		Owner: "acme/payments", GoVersion: "1.26", Preset: preset, Features: features,
		License: "MIT", HTTPPort: 8080, AdminPort: 9090,
	}
}

// writeGenerated renders a with the real templates into a temp dir.
func writeGenerated(tb testing.TB, a generator.Answers) string {
	tb.Helper()
	tree, err := generator.Generate(a)
	if err != nil {
		tb.Fatalf("generate: %v", err)
	}
	dir := tb.TempDir()
	for _, f := range tree.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func currentOptions(tb testing.TB) Options {
	tb.Helper()
	return Options{Now: now, TemplateVersion: release.Embedded().Digest, Render: generator.RenderMap, Diff: true}
}

// TestFreshServiceIsClean: what svcgen generates follows its own
// conventions, so check finds nothing in a fresh service of any preset:
// no drift, no rule finding, and every query of its monitoring files
// selects a metric the service registers (metrics-contract).
func TestFreshServiceIsClean(t *testing.T) {
	for _, p := range generator.Presets() {
		a := answers(p.Name, p.Features...)
		t.Run(a.Preset, func(t *testing.T) {
			dir := writeGenerated(t, a)
			r, err := Analyze(dir, currentOptions(t))
			if err != nil {
				t.Fatal(err)
			}
			if !r.Clean() {
				t.Errorf("fresh %s service:\n%s", a.Preset, brief(r.Findings))
			}
			if a.Has("observability") && countQueries(t, dir) == 0 {
				t.Errorf("fresh %s service: metrics-contract read no query, so clean proves nothing", a.Preset)
			}
		})
	}
}

// countQueries returns how many queries the metrics contract reads in dir.
func countQueries(t *testing.T, dir string) int {
	t.Helper()
	files, err := readQueryFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if f.err != nil {
			t.Errorf("%s: %v", f.path, f.err)
		}
		n += len(f.queries)
	}
	return n
}

// BenchmarkGeneratedCheck measures `svcgen check` on a fresh full-preset
// service, template rendering for the drift check included.
func BenchmarkGeneratedCheck(b *testing.B) {
	dir := writeGenerated(b, answers("full", "catalog", "httpclient", "k8s", "postgres"))
	opts := currentOptions(b)
	for b.Loop() {
		if _, err := Analyze(dir, opts); err != nil {
			b.Fatal(err)
		}
	}
}
