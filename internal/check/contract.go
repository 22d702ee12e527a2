package check

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/promql"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// RuleMetricsContract is the id of the metrics contract's findings.
const RuleMetricsContract = "metrics-contract"

// Where the queries of a service live: Prometheus rule and rule-test files
// and Grafana dashboards under dirMonitoring, and the PrometheusRule of the
// k8s feature.
const (
	dirMonitoring      = "deploy/monitoring"
	filePrometheusRule = "deploy/k8s/prometheusrule.yaml"
)

// query is one PromQL expression of a file and where it starts.
type query struct {
	expr string
	line func(offset int) int // the file line of a byte offset in expr
}

// queryFile is what one file holds: its queries and the names it records.
type queryFile struct {
	path    string
	queries []query
	records []string
	err     error // the file cannot be read as YAML or JSON
}

// contractFindings reports every metric name a query of the service selects
// that the service does not register: not in the metric table of its
// features (generator.MetricFamilies), not recorded by one of its rule
// files, not registered by its own Go code (p.registered), and not one of
// the series Prometheus itself writes.
func (p *pass) contractFindings(a generator.Answers) ([]Finding, error) {
	files, err := readQueryFiles(p.root)
	if err != nil || len(files) == 0 {
		return nil, err
	}
	known := p.knownMetrics(a, files)
	var out []Finding
	report := func(f queryFile, line int, msg string) {
		out = append(out, Finding{Rule: RuleMetricsContract, Path: f.path, Line: line, Message: msg})
	}
	for _, f := range files {
		if f.err != nil {
			report(f, errorLine(f.err), "cannot read its queries: "+firstLine(f.err.Error()))
			continue
		}
		for _, q := range f.queries {
			names, err := promql.MetricNames(q.expr)
			var se *promql.SyntaxError
			if errors.As(err, &se) {
				report(f, q.line(se.Offset), "query does not parse: "+se.Msg)
				continue
			}
			for _, n := range names {
				if !known.has(n.Name) {
					report(f, q.line(n.Offset), known.unknown(n.Name, a.Name))
				}
			}
		}
	}
	return out, nil
}

// readQueryFiles reads the YAML and JSON files of deploy/monitoring and the
// PrometheusRule, regular files only, through the service's root.
func readQueryFiles(root string) ([]queryFile, error) {
	sfs, err := svcfs.Open(root)
	if err != nil {
		return nil, err
	}
	defer func() { _ = sfs.Close() }()
	paths := []string{filePrometheusRule}
	entries, err := fs.ReadDir(sfs.Root().FS(), dirMonitoring)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", dirMonitoring, err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			paths = append(paths, path.Join(dirMonitoring, e.Name()))
		}
	}
	var out []queryFile
	for _, p := range paths {
		ext := path.Ext(p)
		if ext != ".yaml" && ext != ".yml" && ext != ".json" {
			continue
		}
		data, _, err := sfs.ReadFound(p)
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, svcfs.ErrNotRegular) {
			continue
		}
		if err != nil {
			return nil, err
		}
		f := queryFile{path: p}
		if ext == ".json" {
			f.queries, f.err = dashboardQueries(data)
		} else {
			f.queries, f.records, f.err = ruleQueries(data)
		}
		out = append(out, f)
	}
	return out, nil
}

// metricSet is every name a query may select, with what it takes to
// suggest the nearest one.
type metricSet map[string]bool

// builtinMetrics are the series Prometheus writes itself: the scrape's own
// (`up` and scrape_*) and the alerts' state.
var builtinMetrics = []string{"up", "ALERTS", "ALERTS_FOR_STATE"}

func (p *pass) knownMetrics(a generator.Answers, files []queryFile) metricSet {
	known := metricSet{}
	for _, n := range generator.MetricFamilies(a.Features, a.MetricsNamespace()) {
		known[n] = true
	}
	for _, f := range files {
		for _, r := range f.records {
			known[r] = true
		}
	}
	for n := range p.registered {
		known[n] = true
	}
	for _, n := range builtinMetrics {
		known[n] = true
	}
	return known
}

func (m metricSet) has(name string) bool { return m[name] || strings.HasPrefix(name, "scrape_") }

// unknown is the finding's message for a name the service does not
// register, with the nearest known name when one is close.
func (m metricSet) unknown(name, service string) string {
	msg := fmt.Sprintf("`%s` is not a metric %s registers", name, service)
	if m[name+"_bucket"] {
		return msg + fmt.Sprintf(" (a histogram: query `%s_bucket`, `%s_sum` or `%s_count`)", name, name, name)
	}
	if near := m.nearest(name); near != "" {
		return msg + fmt.Sprintf(" (did you mean `%s`?)", near)
	}
	return msg + " (register it, record it in a rule file, or waive the finding)"
}

// nearest returns the known name closest to name by edit distance, if it
// is within a quarter of name's length (at least 2); ties go to the first
// in sorted order.
func (m metricSet) nearest(name string) string {
	best, bestDist := "", max(2, len(name)/4)+1
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if d := editDistance(name, k, bestDist); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, or limit when it is
// at least limit (the lengths alone can tell).
func editDistance(a, b string, limit int) int {
	if abs(len(a)-len(b)) >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
