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
// service, template rendering for the drift check included (analyze), and
// in the same run the metrics contract's part of it (contract: reading the
// monitoring files and checking every query against the metric table), so
// the ratio of the two is the contract's cost.
func BenchmarkGeneratedCheck(b *testing.B) {
	a := answers("full", generator.Presets()[len(generator.Presets())-1].Features...)
	dir := writeGenerated(b, a)
	opts := currentOptions(b)
	b.Run("analyze", func(b *testing.B) {
		for b.Loop() {
			if _, err := Analyze(dir, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("contract", func(b *testing.B) {
		p := &pass{root: dir, namespace: a.MetricsNamespace()}
		for b.Loop() {
			fs, err := p.contractFindings(a)
			if err != nil || len(fs) != 0 {
				b.Fatalf("contract: %v %v", fs, err)
			}
		}
	})
}

// TestTeamMetricsInTeamRules: a generated service whose team registers a
// metric of its own in Go and alerts on it in team-rules.yaml checks clean;
// the same rule with the name misspelled is a metrics-contract finding on
// its line, with the team's metric as the suggestion.
func TestTeamMetricsInTeamRules(t *testing.T) {
	dir := writeGenerated(t, answers("full", "catalog", "httpclient", "k8s", "observability", "postgres"))
	stock := `package stock

import (
	"github.com/prometheus/client_golang/prometheus"

	"example.com/acme/orders-api/internal/config"
)

func newReservations() prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: config.MetricsNamespace, Subsystem: "stock", Name: "reservations_total",
		Help: "Stock reservations.",
	})
}
`
	writeFile(t, dir, "internal/stock/metrics.go", stock)
	rules := func(metric string) string {
		return "groups:\n  - name: orders-api-team\n    rules:\n      - alert: NoReservations\n        expr: sum(rate(" + metric + "[1h])) == 0\n"
	}
	writeFile(t, dir, "deploy/monitoring/team-rules.yaml", rules("orders_api_stock_reservations_total"))
	r, err := Analyze(dir, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Clean() {
		t.Errorf("team metric in a team rule:\n%s", brief(r.Findings))
	}
	writeFile(t, dir, "deploy/monitoring/team-rules.yaml", rules("orders_api_stock_reservation_total"))
	r, err = Analyze(dir, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := "deploy/monitoring/team-rules.yaml:5 metrics-contract `orders_api_stock_reservation_total` is not a metric orders-api registers (did you mean `orders_api_stock_reservations_total`?)"
	if len(r.Findings) != 1 || r.Findings[0].Location()+" "+r.Findings[0].Rule+" "+r.Findings[0].Message != want {
		t.Errorf("misspelled team metric:\n%s\nwant\n%s", brief(r.Findings), want)
	}
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
