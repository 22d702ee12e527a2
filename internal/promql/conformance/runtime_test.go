package conformance

import (
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"

	"github.com/svcgen/svcgen/generator"
)

// TestRuntimeMetricFamilies: the unnamespaced names of
// generator.MetricFamilies are what the service's Go and process
// collectors and its promhttp handler expose, gathered from client_golang
// at the version the generated go.mod pins (this module resolves to it;
// the test says so if it ever does not).
func TestRuntimeMetricFamilies(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the table lists the process collector's Linux families, where services run")
	}
	requireServicePin(t, "github.com/prometheus/client_golang")
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	promhttp.InstrumentMetricHandler(reg, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, mf := range mfs {
		got = append(got, series(mf)...)
	}
	slices.Sort(got)
	want := slices.DeleteFunc(generator.MetricFamilies(nil, "svc"), func(n string) bool { return strings.HasPrefix(n, "svc_") })
	if !slices.Equal(got, want) {
		t.Errorf("client_golang gathers\n%q\ngenerator.MetricFamilies lists\n%q", got, want)
	}
}

// series are the names PromQL selects of a family.
func series(mf *dto.MetricFamily) []string {
	n := mf.GetName()
	switch mf.GetType() {
	case dto.MetricType_HISTOGRAM:
		return []string{n + "_bucket", n + "_sum", n + "_count"}
	case dto.MetricType_SUMMARY:
		return []string{n, n + "_sum", n + "_count"}
	}
	return []string{n}
}

// requireServicePin fails unless this test binary links module at the
// version the generated service's go.mod requires.
func requireServicePin(t *testing.T, module string) {
	t.Helper()
	files, err := generator.RenderMap(generator.Answers{
		Name: "pin", Module: "example.com/pin", Description: "pin", Owner: "acme", GoVersion: generator.GoVersions[0],
		Preset: "minimal", License: "MIT",
	}.Resolve())
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(module) + ` (v\S+)`)
	m := re.FindSubmatch(files["go.mod"])
	if m == nil {
		t.Fatalf("the generated go.mod does not require %s", module)
	}
	// This module's go.mod lists the version of every module it builds
	// with (Go's pruned module graph, kept by go mod tidy).
	own, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	mine := re.FindSubmatch(own)
	if mine == nil || string(mine[1]) != string(m[1]) {
		t.Fatalf("this module builds with %s %q, the service pins %s: align go.mod", module, mine, m[1])
	}
}
