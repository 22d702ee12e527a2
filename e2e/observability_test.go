package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/generator"
)

// TestObservabilityAgainstPrometheus is the proof of the observability
// feature against a real Prometheus server (Debian's package), no mocks:
// the generated service runs on loopback and takes traffic, the server
// scrapes it every second and evaluates the rendered rules.yaml plus the
// same rules with windows of seconds (records e2e:*, alerts E2E*). It
// asserts that the target is up, that every recording rule holds a value,
// that the fast-burn page fires when the real database goes away and
// resolves when it is back (full preset), that every dashboard query
// returns at least one series, and that the namespaced metric families on
// /metrics are exactly the table `svcgen check` holds rules and dashboards
// against.
func TestObservabilityAgainstPrometheus(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: runs generated services under a real Prometheus (about a minute); run without -short")
	}
	for _, preset := range []string{"full", "minimal"} {
		t.Run(preset, func(t *testing.T) {
			// In parallel: one preset builds while the other waits for
			// Prometheus to scrape and evaluate.
			t.Parallel()
			checkObservability(t, presetAnswers(preset))
		})
	}
}

// checkObservability runs the whole proof for one set of answers.
func checkObservability(t *testing.T, a generator.Answers) {
	start := time.Now()
	var pg *pgCluster
	if a.Has("postgres") {
		pg = startPostgres(t)
	}
	dir := generate(t, a)
	bin, prefix, base, admin, env := buildOnFreePorts(t, dir, a)
	// Trace export to a collector that is not there: exports fail for
	// real, so the spans-dropped panel has a series.
	env = append(env, "OTEL_EXPORTER_OTLP_ENDPOINT=http://"+freeAddr(t), "OTEL_BSP_SCHEDULE_DELAY=200", "OTEL_BSP_EXPORT_TIMEOUT=200")
	if pg != nil {
		env = append(env, prefix+"_DATABASE_URL="+pg.URL(), prefix+"_DATABASE_MIGRATE=true")
	}
	built := time.Now()
	_, logs := startService(t, bin, base, env)

	rules := []string{filepath.Join(dir, "deploy", "monitoring", "rules.yaml"), writeE2ERules(t, a)}
	job := a.Name
	prom := startPrometheus(t, job, strings.TrimPrefix(admin, "http://"), rules...)
	traffic := startTraffic(t, a, base)

	prom.waitFor(t, "the service is scraped: up is 1", 20*time.Second, func() error {
		return prom.expectValue(t, fmt.Sprintf("up{job=%q}", job), "1")
	})
	checkRecords(t, prom, rules)
	if pg != nil {
		checkBurnAlert(t, prom, a, pg, base, logs)
	}
	checkDashboardQueries(t, prom, a)
	t.Logf("traffic, responses by status: %v", traffic.stop())
	checkMetricFamilies(t, a, admin+"/metrics")
	t.Logf("%s: %.1fs in all, %.1fs after the build", a.Preset, time.Since(start).Seconds(), time.Since(built).Seconds())
}

// writeE2ERules renders the service's rules with windows of seconds
// (records e2e:*, alerts E2E*: the real expressions, so that a real
// Prometheus fires and resolves the real alert logic within seconds) into
// a temp file and returns its path.
func writeE2ERules(t *testing.T, a generator.Answers) string {
	t.Helper()
	rules, err := generator.PrometheusRules(a, generator.E2ESLOWindows)
	if err != nil {
		t.Fatalf("render the e2e rules: %v", err)
	}
	p := filepath.Join(t.TempDir(), "e2e-rules.yaml")
	if err := os.WriteFile(p, rules, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// ruleFile is the part of a Prometheus rule file the test reads.
type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Record string            `yaml:"record"`
			Alert  string            `yaml:"alert"`
			Labels map[string]string `yaml:"labels"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// checkRecords: every recording rule of every file holds a value for each
// objective it is written for (its slo label), and the records cover both
// objectives, availability and latency, in the real rules and in the e2e
// ones.
func checkRecords(t *testing.T, prom *promServer, files []string) {
	t.Helper()
	var selectors []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rf ruleFile
		if err := yaml.Unmarshal(data, &rf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		slos := map[string]bool{}
		for _, g := range rf.Groups {
			for _, r := range g.Rules {
				if r.Record != "" {
					slos[r.Labels["slo"]] = true
					selectors = append(selectors, fmt.Sprintf("%s{slo=%q}", r.Record, r.Labels["slo"]))
				}
			}
		}
		if !slos["availability"] || !slos["latency"] {
			t.Fatalf("%s: records for the objectives %v, want availability and latency", filepath.Base(f), slices.Sorted(maps.Keys(slos)))
		}
	}
	prom.waitFor(t, fmt.Sprintf("all %d recording rules hold values", len(selectors)), 20*time.Second, func() error {
		var empty []string
		for _, sel := range selectors {
			if len(prom.Query(t, sel)) == 0 {
				empty = append(empty, sel)
			}
		}
		if len(empty) > 0 {
			return fmt.Errorf("no value yet: %s", strings.Join(empty, ", "))
		}
		return nil
	})
}

// checkBurnAlert stops the real database: the item routes answer 503, and
// the fast-burn page of the e2e rules (the real expression, windows of
// seconds) must fire; with the database back it must resolve.
func checkBurnAlert(t *testing.T, prom *promServer, a generator.Answers, pg *pgCluster, base string, logs *bytes.Buffer) {
	t.Helper()
	firing := fmt.Sprintf(`ALERTS{alertname="E2EAvailabilityFastBurn",alertstate="firing",service=%q}`, a.Name)
	if res := prom.Query(t, firing); len(res) != 0 {
		t.Fatalf("the page fires while the database is up: %v", res)
	}
	pg.Stop(t)
	prom.waitFor(t, "database stopped: E2EAvailabilityFastBurn fires", 30*time.Second, func() error {
		if res := prom.Query(t, firing); len(res) != 1 || res[0].Metric["severity"] != "page" {
			return fmt.Errorf("%s = %v, want one series with severity page", firing, res)
		}
		return nil
	})
	pg.Start(t)
	waitStatus(t, base+"/readyz", http.StatusOK, logs)
	prom.waitFor(t, "database started: E2EAvailabilityFastBurn resolves", 40*time.Second, func() error {
		if res := prom.Query(t, firing); len(res) != 0 {
			return fmt.Errorf("still firing: %v", res)
		}
		return nil
	})
}

// checkDashboardQueries: every query of every panel returns at least one
// series. Prometheus answers a misspelled metric with success and no
// series, so counting series is the check that matters; the same run
// proves it on a misspelling of the request counter.
func checkDashboardQueries(t *testing.T, prom *promServer, a generator.Answers) {
	t.Helper()
	exprs, err := generator.DashboardQueries(a)
	if err != nil || len(exprs) == 0 {
		t.Fatalf("the dashboard's queries: %d, %v", len(exprs), err)
	}
	ns := a.MetricsNamespace()
	spelled := fmt.Sprintf("sum(rate(%s_http_requests_total{job=%q}[15s]))", ns, a.Name)
	misspelled := strings.Replace(spelled, "requests_total", "request_total", 1)
	if n := len(prom.Query(t, spelled)); n != 1 {
		t.Fatalf("%s returned %d series, want 1", spelled, n)
	}
	if n := len(prom.Query(t, misspelled)); n != 0 {
		t.Fatalf("the misspelled %s returned %d series, want 0: the check below would have no teeth", misspelled, n)
	}
	var empty []string
	for _, raw := range exprs {
		// Grafana's $__rate_interval is at least four scrape intervals.
		expr := generator.ExpandDashboardQuery(raw, regexp.QuoteMeta(a.Name), "15s")
		if strings.Contains(expr, "$") {
			t.Errorf("dashboard query %s: a Grafana variable the test does not substitute", raw)
			continue
		}
		if len(prom.Query(t, expr)) == 0 {
			empty = append(empty, expr)
		}
	}
	if len(empty) > 0 {
		t.Errorf("%d of %d dashboard queries return no series:\n  %s", len(empty), len(exprs), strings.Join(empty, "\n  "))
	} else {
		t.Logf("all %d dashboard queries return series; the misspelled metric returns none", len(exprs))
	}
}

// checkMetricFamilies: the service's namespaced metric names on /metrics
// (histograms with their _bucket, _sum and _count) are exactly the table
// svcgen holds the rules and dashboards against, for these features. A
// metric renamed in a template fails here, not in a team's pager.
func checkMetricFamilies(t *testing.T, a generator.Answers, url string) {
	t.Helper()
	ns := a.MetricsNamespace() + "_"
	got := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(expect(t, http.MethodGet, url, "", http.StatusOK)))
	for sc.Scan() {
		line := sc.Text()
		if name, _, _ := strings.Cut(strings.Fields(line + " ")[0], "{"); strings.HasPrefix(name, ns) {
			got[name] = true
		}
	}
	want := map[string]bool{}
	for _, name := range generator.MetricFamilies(a.Features, a.MetricsNamespace()) {
		if strings.HasPrefix(name, ns) {
			want[name] = true
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("namespaced metrics on /metrics differ from the table:\n  on /metrics only: %v\n  in the table only: %v",
			missingFrom(want, got), missingFrom(got, want))
	} else {
		t.Logf("/metrics has exactly the %d namespaced names of the table", len(want))
	}
}

// missingFrom lists the keys of a that b lacks, sorted.
func missingFrom(b, a map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// traffic is a bounded load from one goroutine: writes, reads, a missing
// item, an unmatched path and both probes (and, with grpc, health RPCs in
// the Connect protocol: one served, one NotFound), about 40 requests a
// second.
type traffic struct {
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	counts map[int]int // responses by status; 0 = no response
}

// request is one request of the load's round.
type request struct{ method, path, body string }

// trafficRound is the requests of one round; id varies the item.
func trafficRound(a generator.Answers, id string) []request {
	round := []request{
		{http.MethodPut, "/v1/items/" + id, `{"name":"widget","quantity":1}`},
		{http.MethodGet, "/v1/items/" + id, ""},
		{http.MethodGet, "/v1/items/missing", ""},
		{http.MethodGet, "/no/such/route", ""},
		{http.MethodGet, "/healthz", ""},
		{http.MethodGet, "/readyz", ""},
	}
	if a.Has("grpc") {
		round = append(round,
			request{http.MethodPost, "/grpc.health.v1.Health/Check", `{}`},
			request{http.MethodPost, "/grpc.health.v1.Health/Check", `{"service":"no.such.Service"}`})
	}
	return round
}

// startTraffic starts the load; it ends with stop or, at the latest, after
// two minutes.
func startTraffic(t *testing.T, a generator.Answers, base string) *traffic {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	tr := &traffic{cancel: cancel, done: make(chan struct{}), counts: map[int]int{}}
	t.Cleanup(func() { tr.stop() })
	go tr.run(ctx, a, base)
	return tr
}

func (tr *traffic) run(ctx context.Context, a generator.Answers, base string) {
	defer close(tr.done)
	client := http.Client{Timeout: 2 * time.Second}
	for i := 0; ctx.Err() == nil; i++ {
		for _, r := range trafficRound(a, fmt.Sprintf("k%d", i%50)) {
			tr.count(send(ctx, &client, r.method, base+r.path, r.body))
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// send makes one request and returns its status, 0 when there was no answer.
func send(ctx context.Context, client *http.Client, method, url, body string) int {
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

func (tr *traffic) count(status int) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.counts[status]++
}

// stop ends the load, waits for the goroutine and returns the counts.
func (tr *traffic) stop() map[int]int {
	tr.cancel()
	<-tr.done
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return maps.Clone(tr.counts)
}
