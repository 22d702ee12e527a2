package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// The service's Grafana dashboard (deploy/monitoring/dashboard.json) is
// built in Go with grafana-foundation-sdk, not written as templated JSON:
// its rows depend on the name, the objectives and the features, and in
// text/template JSON every optional row would mean hand-kept commas, panel
// ids and grid positions. The SDK types the result (units, ids, targets);
// the template deploy/monitoring/dashboard.json.tmpl is just
// {{grafanaDashboard .}}. Its tests (dashboard_test.go) hold it to what
// Grafana's strict decoder accepts and to the lint rules svcgen needs.
//
// It is the classic dashboard JSON (package dashboard, schemaVersion 42),
// which every Grafana imports; the SDK marks it deprecated in favour of
// dashboardv2, Grafana 12's v2 schema, which older Grafana cannot read
// (.golangci.yml excludes that one finding here).
//
// Changing what this file builds changes a released template's output, and
// an old release must keep rendering what it generated (`svcgen update`
// uses that render as the merge base; internal/release's
// TestReleasesRenderWhatTheyGenerated fails otherwise). So a change ships
// in a new template release and keeps the old output reachable for the
// old ones, as conventionTour is bound to each release's own text
// (Source.compile).

// dashboardSpec is everything the dashboard depends on.
type dashboardSpec struct {
	Name      string     // the service name: uid, title, the slo records' service label
	Namespace string     // the Prometheus namespace of the service's own metrics
	SLO       Objectives // the slo_* answers
	Postgres  bool       // the PostgreSQL pool and cache listener row
	Client    bool       // the outbound HTTP client row
	RPC       bool       // the RPC row (feature grpc: RPCs are gin routes named by procedure)
}

func specOf(d Data) dashboardSpec {
	return dashboardSpec{
		Name:      d.Name,
		Namespace: d.Namespace,
		SLO:       d.SLO,
		Postgres:  d.Features.Postgres,
		Client:    d.Features.HTTPClient,
		RPC:       d.Features.GRPC,
	}
}

// grafanaDashboard is the template function behind
// deploy/monitoring/dashboard.json: the dashboard as canonical JSON (two
// spaces, keys in the SDK's order, no HTML escaping), without the final
// newline the template adds.
func grafanaDashboard(d Data) (string, error) {
	out, err := encodeDashboard(specOf(d))
	if err != nil {
		return "", fmt.Errorf("grafana dashboard: %w", err)
	}
	return string(bytes.TrimSuffix(out, []byte("\n"))), nil
}

// encodeDashboard builds and encodes the dashboard, newline-terminated.
func encodeDashboard(s dashboardSpec) ([]byte, error) {
	d, err := buildDashboard(s)
	if err != nil {
		return nil, err
	}
	return encodeJSON(d)
}

// encodeJSON is the one JSON encoding of a dashboard: the render and the
// round-trip test use it, so "canonical" means the same thing in both.
func encodeJSON(v any) ([]byte, error) {
	// Compact first, then indent once into a buffer sized for it: the
	// Encoder's own SetIndent indents into a buffer it grows by doubling.
	var compact bytes.Buffer
	compact.Grow(24 << 10)
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// DashboardQueries returns every PromQL query of the dashboard answers a
// render, in panel order, as dashboard.json holds them: with the Grafana
// variables $job (inside a label matcher, so it parses as is) and
// $__rate_interval (a range, which does not parse). ExpandDashboardQuery
// turns one into plain PromQL. The $job variable's own query
// (label_values(<ns>_http_requests_in_flight, job)) is Grafana's, not
// PromQL, and is not among them; a panel queries that gauge too.
func DashboardQueries(a Answers) ([]string, error) {
	d, err := buildDashboard(specOf(newData(a.Resolve())))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range d.Panels {
		if p.Panel == nil {
			continue
		}
		for _, t := range p.Panel.Targets {
			q, ok := t.(prometheus.Dataquery)
			if !ok {
				return nil, fmt.Errorf("panel %q: a %T target, not a Prometheus query", *p.Panel.Title, t)
			}
			out = append(out, q.Expr)
		}
	}
	return out, nil
}

// ExpandDashboardQuery replaces the Grafana variables of a dashboard query
// with a job regexp and a rate interval (e.g. "orders", "1m"), so that
// Prometheus can parse and run it.
func ExpandDashboardQuery(expr, job, rateInterval string) string {
	return strings.NewReplacer("$__rate_interval", rateInterval, "$job", job).Replace(expr)
}

// datasource is the one data source of every panel and target: the
// dashboard's $datasource variable, never a hard-coded uid.
var datasource = dashboard.DataSourceRef{Type: cog.ToPtr("prometheus"), Uid: cog.ToPtr("${datasource}")}

// probeFree selects the requests the SLIs count: probes and paths no route
// matched are excluded, exactly as the recording rules exclude them.
const probeFree = probeSelector

// rpcRoutes selects RPC routes: their route label is the procedure,
// /package.Service/Method, whose first segment has a dot; no gin path of
// the service starts that way.
const rpcRoutes = `route=~"/[^/]+\\.[^/]+/[^/]+"`

func query(expr, legend string) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().Expr(expr).LegendFormat(legend).Datasource(datasource)
}

// grid places panels left to right on Grafana's 24-unit grid and numbers
// them; a panel that does not fit starts a new line below the tallest
// panel of the current one.
type grid struct{ x, y, lineHeight, id uint32 }

func (g *grid) place(w, h uint32) (dashboard.GridPos, uint32) {
	if g.x+w > 24 {
		g.newLine()
	}
	pos := dashboard.GridPos{X: g.x, Y: g.y, W: w, H: h}
	g.x += w
	g.lineHeight = max(g.lineHeight, h)
	g.id++
	return pos, g.id
}

func (g *grid) newLine() {
	if g.x > 0 {
		g.x, g.y, g.lineHeight = 0, g.y+g.lineHeight, 0
	}
}

// builder adds panels to a dashboard in reading order.
type builder struct {
	d *dashboard.DashboardBuilder
	g grid
}

func (b *builder) row(title string) {
	b.g.newLine()
	pos, id := b.g.place(24, 1)
	b.g.newLine()
	b.d.WithRow(dashboard.NewRowBuilder(title).Id(id).GridPos(pos))
}

// series adds a time series panel of 8×8 units.
func (b *builder) series(title, unit string, targets ...*prometheus.DataqueryBuilder) {
	pos, id := b.g.place(8, 8)
	p := timeseries.NewPanelBuilder().Id(id).Title(title).Unit(unit).Datasource(datasource).GridPos(pos)
	for i, t := range targets {
		p.WithTarget(t.RefId(string(rune('A' + i))))
	}
	b.d.WithPanel(p)
}

// single adds a stat panel of 6×4 units showing the last value.
func (b *builder) single(title, unit string, t *prometheus.DataqueryBuilder) {
	pos, id := b.g.place(6, 4)
	b.d.WithPanel(stat.NewPanelBuilder().Id(id).Title(title).Unit(unit).Datasource(datasource).GridPos(pos).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"})).
		WithTarget(t.RefId("A")))
}

// dashboardDescription opens with the ownership marker: JSON has no
// comments, so the marker lives in the description (generator/marker.go).
func dashboardDescription(name string) string {
	return markers[syntaxJSON] + " RED metrics, SLOs and runtime of " + name + "; generated from its answers and features."
}

// buildDashboard returns the service's dashboard: objectives, RED, Go
// runtime, then a row per feature that has metrics.
func buildDashboard(s dashboardSpec) (dashboard.Dashboard, error) {
	b := &builder{d: dashboard.NewDashboardBuilder(s.Name+" service").
		Uid(s.Name). // Grafana allows 40 characters; a service name has at most 40
		Description(dashboardDescription(s.Name)).
		Tags([]string{"svcgen", s.Name}).
		Editable().
		Refresh("1m").
		Time("now-6h", "now").
		Timezone(common.TimeZoneUtc).
		WithVariable(dashboard.NewDatasourceVariableBuilder("datasource").Label("Data source").Type("prometheus")).
		WithVariable(dashboard.NewQueryVariableBuilder("job").Label("Job").
			Datasource(datasource).
			Query(dashboard.StringOrMap{String: cog.ToPtr(fmt.Sprintf("label_values(%s_http_requests_in_flight, job)", s.Namespace))}).
			Refresh(dashboard.VariableRefreshOnTimeRangeChanged).
			Multi(true).IncludeAll(true).AllValue(".+"))}
	b.objectives(s)
	b.red(s.Namespace)
	if s.RPC {
		b.rpc(s.Namespace)
	}
	b.runtime(s.Namespace)
	if s.Postgres {
		b.postgres(s.Namespace)
	}
	if s.Client {
		b.client(s.Namespace)
	}
	return b.d.Build()
}

// objectives reads the recording rules' slo:* records, which carry the
// labels {service, slo} and no job: one panel serves every scrape setup.
func (b *builder) objectives(s dashboardSpec) {
	sel := func(slo string) string { return fmt.Sprintf(`{service=%q,slo=%q}`, s.Name, slo) }
	all := fmt.Sprintf(`{service=%q}`, s.Name)
	budgetLeft := func(slo string) string {
		return "1 - slo:sli_error:ratio_rate30d" + sel(slo) + " / on(service, slo) (1 - slo:objective:ratio" + sel(slo) + ")"
	}
	burn := func(window string) string {
		return "slo:sli_error:ratio_rate" + window + all + " / on(service, slo) (1 - slo:objective:ratio" + all + ")"
	}
	b.row("Objectives (30 days)")
	b.single("Availability (objective "+s.SLO.Availability.Percent()+" %)", "percentunit",
		query("1 - slo:sli_error:ratio_rate30d"+sel("availability"), "availability"))
	b.single("Availability error budget left", "percentunit", query(budgetLeft("availability"), "budget left"))
	b.single("Requests under "+s.SLO.LatencyThreshold+" s (objective "+s.SLO.Latency.Percent()+" %)", "percentunit",
		query("1 - slo:sli_error:ratio_rate30d"+sel("latency"), "fast enough"))
	b.single("Latency error budget left", "percentunit", query(budgetLeft("latency"), "budget left"))
	b.series("Burn rate (1 = the budget lasts exactly 30 days)", "short",
		query(burn("1h"), "{{slo}} 1h"), query(burn("6h"), "{{slo}} 6h"))
	b.series("SLI error ratio (5m)", "percentunit", query("slo:sli_error:ratio_rate5m"+all, "{{slo}}"))
}

// red is rate, errors and duration by route, from the handler chain's
// metrics.
func (b *builder) red(ns string) {
	job := `job=~"$job"`
	b.row("Requests (RED)")
	b.series("Requests by route", "reqps",
		query(fmt.Sprintf(`sum by (route, method) (rate(%s_http_requests_total{%s}[$__rate_interval]))`, ns, job), "{{method}} {{route}}"))
	b.series("Responses by status", "reqps",
		query(fmt.Sprintf(`sum by (status_code) (rate(%s_http_requests_total{%s}[$__rate_interval]))`, ns, job), "{{status_code}}"))
	b.series("5xx ratio by route (probes excluded)", "percentunit",
		query(errorRatio(ns, job+","+probeFree, `status_code=~"5.."`), "{{route}}"))
	quantile := func(q string) *prometheus.DataqueryBuilder {
		return query(fmt.Sprintf(`histogram_quantile(%s, sum by (le) (rate(%s_http_request_duration_seconds_bucket{%s,%s}[$__rate_interval])))`, q, ns, job, probeFree), "p"+strings.TrimPrefix(q, "0."))
	}
	b.series("Latency percentiles (probes excluded)", "s", quantile("0.5"), quantile("0.9"), quantile("0.99"))
	b.series("p99 latency by route", "s",
		query(fmt.Sprintf(`histogram_quantile(0.99, sum by (le, route) (rate(%s_http_request_duration_seconds_bucket{%s,%s}[$__rate_interval])))`, ns, job, probeFree), "{{route}}"))
	b.series("In flight", "short",
		query(fmt.Sprintf(`sum by (instance) (%s_http_requests_in_flight{%s})`, ns, job), "{{instance}}"))
}

// errorRatio is the share of requests matching sel whose status matches
// bad, by route. A route without a bad response yet shows 0, not "No
// data": the ratio's numerator falls back to 0 × the route's own rate.
func errorRatio(ns, sel, bad string) string {
	total := fmt.Sprintf(`sum by (route) (rate(%s_http_requests_total{%s}[$__rate_interval]))`, ns, sel)
	return fmt.Sprintf(`(sum by (route) (rate(%s_http_requests_total{%s,%s}[$__rate_interval])) or 0 * %s) / %s`, ns, sel, bad, total, total)
}

// rpc is RED by procedure: with the grpc feature every RPC is a gin route
// whose route label is its procedure and whose status_code is connect's
// HTTP equivalent of the RPC code (streams are counted, not timed).
func (b *builder) rpc(ns string) {
	sel := `job=~"$job",` + rpcRoutes
	b.row("RPCs")
	b.series("RPCs by procedure and status", "reqps",
		query(fmt.Sprintf(`sum by (route, status_code) (rate(%s_http_requests_total{%s}[$__rate_interval]))`, ns, sel), "{{route}} {{status_code}}"))
	b.series("RPC 5xx ratio by procedure", "percentunit",
		query(errorRatio(ns, sel, `status_code=~"5.."`), "{{route}}"))
	b.series("p99 RPC latency by procedure (unary)", "s",
		query(fmt.Sprintf(`histogram_quantile(0.99, sum by (le, route) (rate(%s_http_request_duration_seconds_bucket{%s}[$__rate_interval])))`, ns, sel), "{{route}}"))
}

// runtime is the Go and process collectors' view, and the spans the
// tracer had to drop.
func (b *builder) runtime(ns string) {
	job := `job=~"$job"`
	b.row("Go runtime")
	b.series("CPU", "short", query(fmt.Sprintf(`rate(process_cpu_seconds_total{%s}[$__rate_interval])`, job), "{{instance}}"))
	b.series("Memory", "bytes",
		query(fmt.Sprintf(`process_resident_memory_bytes{%s}`, job), "rss {{instance}}"),
		query(fmt.Sprintf(`go_memstats_heap_inuse_bytes{%s}`, job), "heap {{instance}}"))
	b.series("Goroutines", "short", query(fmt.Sprintf(`go_goroutines{%s}`, job), "{{instance}}"))
	b.series("GC pause per second", "s", query(fmt.Sprintf(`rate(go_gc_duration_seconds_sum{%s}[$__rate_interval])`, job), "{{instance}}"))
	b.series("Spans dropped", "short",
		query(fmt.Sprintf(`sum by (reason) (rate(%s_otel_spans_dropped_total{%s}[$__rate_interval]))`, ns, job), "{{reason}}"))
}

// postgres is the pgx pool collector and the cache listener.
func (b *builder) postgres(ns string) {
	job := `job=~"$job"`
	b.row("PostgreSQL pool")
	b.series("Connections", "short",
		query(fmt.Sprintf(`sum(%s_db_pool_acquired_connections{%s})`, ns, job), "in use"),
		query(fmt.Sprintf(`sum(%s_db_pool_idle_connections{%s})`, ns, job), "idle"),
		query(fmt.Sprintf(`sum(%s_db_pool_max_connections{%s})`, ns, job), "max"))
	b.series("Waiting for a connection", "s",
		query(fmt.Sprintf(`sum(rate(%s_db_pool_acquire_wait_seconds_total{%s}[$__rate_interval]))`, ns, job), "wait per second"))
	b.series("Cache listener up", "short",
		query(fmt.Sprintf(`min by (instance) (%s_cache_listener_up{%s})`, ns, job), "{{instance}}"))
}

// client is the outbound HTTP client's attempts and retries.
func (b *builder) client(ns string) {
	job := `job=~"$job"`
	b.row("Outbound HTTP")
	b.series("Attempts", "reqps",
		query(fmt.Sprintf(`sum by (method) (rate(%s_http_client_attempts_total{%s}[$__rate_interval]))`, ns, job), "{{method}}"))
	b.series("Retries and skipped retries", "reqps",
		query(fmt.Sprintf(`sum by (reason) (rate(%s_http_client_retries_total{%s}[$__rate_interval]))`, ns, job), "retry {{reason}}"),
		query(fmt.Sprintf(`sum by (reason) (rate(%s_http_client_retries_skipped_total{%s}[$__rate_interval]))`, ns, job), "skipped {{reason}}"))
}
