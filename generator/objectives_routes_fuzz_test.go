package generator_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/generator"
)

// FuzzSLISelector: an excluded route passes three encodings on its way
// into rules.yaml (regexp.QuoteMeta, a PromQL string, YAML). For every
// route the answers accept, the YAML decodes back to the selector, the
// PromQL string unquotes (PromQL strings take Go's escapes) to a regex
// that matches exactly the route and the probes, and nothing else.
func FuzzSLISelector(f *testing.F) {
	for _, s := range []string{"/v1/stream", "/v1/files/*path", "/v1/a.b/:id", "/", "/a-b_c~d", "/v1/items/:id/x", `/"`, "/a|b", "/(a)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, route string) {
		a := generator.Answers{Name: "orders", Module: "example.com/orders", Description: "d", Owner: "acme",
			GoVersion: "1.26", Preset: "minimal", License: "none", SLOExcludedRoutes: []string{route}}.Resolve()
		if a.Validate() != nil {
			return
		}
		sel := generator.Objectives{ExcludedRoutes: []string{route}}.SLISelector()
		expr := "sum(rate(orders_http_requests_total{" + sel + "}[5m]))"
		out, err := yaml.Marshal(map[string]string{"expr": expr})
		if err != nil {
			t.Fatal(err)
		}
		var back map[string]string
		if err := yaml.Unmarshal(out, &back); err != nil || back["expr"] != expr {
			t.Fatalf("YAML round trip: %q became %q (%v)", expr, back["expr"], err)
		}
		quoted, ok := strings.CutPrefix(sel, "route!~")
		if !ok {
			t.Fatalf("selector %q", sel)
		}
		re, err := strconv.Unquote(quoted)
		if err != nil {
			t.Fatalf("PromQL string %s does not unquote: %v", quoted, err)
		}
		// Prometheus anchors label regexes at both ends.
		rx, err := regexp.Compile("^(?:" + re + ")$")
		if err != nil {
			t.Fatalf("regex %q: %v", re, err)
		}
		for _, want := range []string{route, "/healthz", "/readyz", "unmatched"} {
			if !rx.MatchString(want) {
				t.Errorf("%q does not match %q", re, want)
			}
		}
		for _, other := range []string{route + "x", "x" + route, "/v1/items", "/v1/items/:id"} {
			if other != route && rx.MatchString(other) {
				t.Errorf("%q matches %q, which is not excluded", re, other)
			}
		}
	})
}
