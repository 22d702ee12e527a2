package promql

import (
	"errors"
	"slices"
	"testing"
)

// TestMetricNames: the names each query selects, in order. The nested
// module internal/promql/conformance checks the same against
// promql/parser; these cases are the shapes svcgen's rules and dashboards
// use, and the ones the fuzz target found.
func TestMetricNames(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{`up`, []string{"up"}},
		{`sum by (route) (rate(a_total{job=~"$x",route!~"/healthz|/readyz"}[5m])) / on(route) group_left(x) b`, []string{"a_total", "b"}},
		{`histogram_quantile(0.99, sum by (le, route) (rate(h_bucket{le="0.25"}[5m])))`, []string{"h_bucket"}},
		{`{__name__="by_name", job="x"}`, []string{"by_name"}},
		{`{"utf8.name", job="x"}`, []string{"utf8.name"}},
		{`{__name__="q\"uote"} + {__name__='s\\l'}`, []string{`q"uote`, `s\l`}},
		{`label_replace(up, "dst", "$1", "src", "(.*)") or vector(0)`, []string{"up"}},
		{`count_values("v", build_info) > bool 1e-3`, []string{"build_info"}},
		{`max_over_time(deriv(rate(c_total[1m] offset 1h)[5m:30s])[10m:1m])`, []string{"c_total"}},
		{`absent(m_in_flight) unless on() sum without (instance) (x:rec:ratio_rate5m @ 1700000000)`, []string{"m_in_flight", "x:rec:ratio_rate5m"}},
		{`topk(3, sum(rate(requests_total[1h30m])) by (route))`, []string{"requests_total"}},
		{"1 - (sum(rate(a_bucket{le=\"0.25\"}[5m])) / sum(rate(a_count[5m])))", []string{"a_bucket", "a_count"}},
		{`sum(rate(x[5m])) and on () sum(increase(y[1h])) >= 70`, []string{"x", "y"}},
		{`sum`, []string{"sum"}},
		{`sum + rate`, []string{"sum", "rate"}},
		{`x @ start() - x offset -5m`, []string{"x", "x"}},
		{"a # a comment naming b\n+ c", []string{"a", "c"}},
		{"# a comment\rA", []string{"A"}},       // found by the conformance fuzz target
		{"0XE+A0000 - 1e+3", []string{"A0000"}}, // a hex E is no exponent (found by the fuzz target)
		{`vector(1)`, nil},
	}
	for _, tt := range tests {
		got, err := MetricNames(tt.q)
		if err != nil {
			t.Errorf("MetricNames(%q): %v", tt.q, err)
			continue
		}
		var names []string
		for _, n := range got {
			names = append(names, n.Name)
		}
		if !slices.Equal(names, tt.want) {
			t.Errorf("MetricNames(%q) = %q, want %q", tt.q, names, tt.want)
		}
	}
}

// TestMetricNamesOffsets: each name carries its offset, which check turns
// into a line of a multi-line rule expression.
func TestMetricNamesOffsets(t *testing.T) {
	q := "sum(rate(a_total[5m]))\n/\n{__name__=\"b\"}"
	got, err := MetricNames(q)
	if err != nil {
		t.Fatal(err)
	}
	want := []Name{{Name: "a_total", Offset: 9}, {Name: "b", Offset: 35}}
	if !slices.Equal(got, want) {
		t.Errorf("MetricNames = %v, want %v", got, want)
	}
	for _, n := range got {
		if q[n.Offset] != n.Name[0] && q[n.Offset] != '"' {
			t.Errorf("offset %d of %q points at %q", n.Offset, n.Name, q[n.Offset:])
		}
	}
}

// TestMetricNamesErrors: what does not lex is an error with the offset of
// the culprit.
func TestMetricNamesErrors(t *testing.T) {
	tests := []struct {
		q      string
		offset int
	}{
		{`sum(rate(x[5m])`, 3},
		{`rate(x[5m]))`, 11},
		{`x{job="a"`, 1},
		{`x{job="a}`, 6},
		{`rate(x[5m)`, 6},
		{`x]`, 1},
		{`x}`, 1},
	}
	for _, tt := range tests {
		_, err := MetricNames(tt.q)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("MetricNames(%q): err = %v, want a SyntaxError", tt.q, err)
			continue
		}
		if se.Offset != tt.offset {
			t.Errorf("MetricNames(%q): %v, want offset %d", tt.q, se, tt.offset)
		}
	}
}

// FuzzMetricNames: the extractor never panics, and offsets point into the
// expression. The conformance module fuzzes it against promql/parser.
func FuzzMetricNames(f *testing.F) {
	for _, q := range []string{`sum by (a) (rate(x{y="z"}[5m]))`, `{__name__="n"} offset 5m`, `a and on(b) c`, `f(g[1m:5s])`} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		names, err := MetricNames(q)
		if err != nil {
			return
		}
		for _, n := range names {
			if n.Offset < 0 || n.Offset >= len(q) {
				t.Fatalf("%q: offset %d of %q outside the expression", q, n.Offset, n.Name)
			}
		}
	})
}
