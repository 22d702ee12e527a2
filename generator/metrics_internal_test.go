package generator

import (
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/svcgen/svcgen/templates"
)

// The metric options of the templates, as they write them:
// `Subsystem: "http", Name: "requests_total"`, `Namespace:
// config.MetricsNamespace, Name: "cache_listener_up"`, and the pool
// collector's `BuildFQName(namespace, "db_pool", name)` with `d("name", ...)`.
var (
	optsSubsystemRe = regexp.MustCompile(`Namespace:\s*(?:\w+\.)?MetricsNamespace,\s*Subsystem:\s*"(\w+)",\s*Name:\s*"(\w+)"`)
	optsNameRe      = regexp.MustCompile(`Namespace:\s*(?:\w+\.)?MetricsNamespace,\s*Name:\s*"(\w+)"`)
	fqNameRe        = regexp.MustCompile(`BuildFQName\(namespace,\s*"(\w+)",\s*name\)`)
	descRe          = regexp.MustCompile(`\bd\("(\w+)",`)
)

// TestLayerMetricsMatchTemplates: the table lists exactly the families each
// layer's Go templates register (tests left out), so a metric renamed in a
// template fails here before the e2e runs.
func TestLayerMetricsMatchTemplates(t *testing.T) {
	for _, layer := range slices.Sorted(maps.Keys(layerMetrics)) {
		var want []string
		for _, f := range layerMetrics[layer] {
			want = append(want, f.name)
		}
		slices.Sort(want)
		if got := templateMetrics(t, layer); !slices.Equal(got, want) {
			t.Errorf("layer %s: templates register\n%q\nthe table lists\n%q", layer, got, want)
		}
	}
	for _, f := range Features() {
		for _, l := range f.Layers {
			if _, listed := layerMetrics[l]; !listed && len(templateMetrics(t, l)) > 0 {
				t.Errorf("layer %s registers metrics %q but has no row in layerMetrics", l, templateMetrics(t, l))
			}
		}
	}
}

// templateMetrics returns the names (without namespace) the layer's
// non-test Go templates register, sorted.
func templateMetrics(t *testing.T, layer string) []string {
	t.Helper()
	var names []string
	err := fs.WalkDir(templates.FS, "service/"+layer, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go.tmpl") || strings.HasSuffix(p, "_test.go.tmpl") {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		src := string(b)
		for _, m := range optsSubsystemRe.FindAllStringSubmatch(src, -1) {
			names = append(names, m[1]+"_"+m[2])
		}
		for _, m := range optsNameRe.FindAllStringSubmatch(src, -1) {
			names = append(names, m[1])
		}
		if m := fqNameRe.FindStringSubmatch(src); m != nil {
			for _, d := range descRe.FindAllStringSubmatch(src, -1) {
				names = append(names, m[1]+"_"+d[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

// TestMetricFamilies: the namespace goes on the service's own families
// only, histograms expand to their three series, and a feature adds its
// layer's families.
func TestMetricFamilies(t *testing.T) {
	minimal := MetricFamilies(nil, "orders_api")
	for _, want := range []string{
		"orders_api_http_requests_total", "orders_api_http_request_duration_seconds_bucket",
		"orders_api_http_request_duration_seconds_sum", "orders_api_http_request_duration_seconds_count",
		"orders_api_http_requests_in_flight", "orders_api_otel_spans_dropped_total",
		"go_gc_duration_seconds", "go_gc_duration_seconds_count", "go_info", "process_cpu_seconds_total",
	} {
		if !slices.Contains(minimal, want) {
			t.Errorf("minimal: %s missing", want)
		}
	}
	if slices.Contains(minimal, "orders_api_http_request_duration_seconds") || slices.Contains(minimal, "orders_api_db_pool_connections") {
		t.Errorf("minimal lists a histogram's bare name or a postgres family: %q", minimal)
	}
	full := MetricFamilies([]string{"catalog", "httpclient", "k8s", "postgres"}, "orders_api")
	if len(full) != len(minimal)+11+3 {
		t.Errorf("full has %d names, minimal %d: want 14 more (postgres 11, httpclient 3)", len(full), len(minimal))
	}
	if !slices.IsSorted(full) || !slices.Contains(full, "orders_api_db_pool_acquire_wait_seconds_total") || !slices.Contains(full, "orders_api_http_client_retries_skipped_total") {
		t.Errorf("full: %q", full)
	}
}
