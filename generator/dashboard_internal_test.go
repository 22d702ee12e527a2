package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The dashboard is validated without a Grafana server: the SDK's own
// decoders (a byte-exact round trip and the strict decoder), the lint rules
// Grafana's dashboard-linter applies that svcgen needs, and a size bound.
// That every query parses as PromQL and names a metric the service
// registers is proven in internal/promql/conformance (a module of its own,
// with Prometheus's parser), from DashboardQueries.

// registerPlugins lets the SDK decode panels and queries by their type.
var registerPlugins = sync.OnceFunc(plugins.RegisterDefaultPlugins)

// dashboardScenarios are every preset, and the observability feature with
// every subset of the other features, keyed by a readable name.
func dashboardScenarios() map[string]Answers {
	base := Answers{Name: "orders-api", Module: "github.com/acme/orders-api", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: GoVersions[0], License: "MIT"}
	out := map[string]Answers{}
	for _, preset := range PresetNames() {
		a := base
		a.Preset = preset
		a = a.Resolve()
		if !a.Has("observability") {
			a.Features = append(slices.Clone(a.Features), "observability")
			slices.Sort(a.Features)
		}
		out["preset-"+preset] = a
	}
	var others []string
	for _, f := range FeatureNames() {
		if f != "observability" {
			others = append(others, f)
		}
	}
	for mask := range 1 << len(others) {
		a := base
		a.Preset, a.Features = "minimal", []string{"observability"}
		for i, f := range others {
			if mask&(1<<i) != 0 {
				a.Features = append(a.Features, f)
			}
		}
		slices.Sort(a.Features)
		out["features-"+strings.Join(a.Features, "+")] = a.Resolve()
	}
	return out
}

// renderDashboard is dashboard.json as the template renders it.
func renderDashboard(t *testing.T, a Answers) []byte {
	t.Helper()
	out, err := grafanaDashboard(newData(a))
	require.NoError(t, err)
	return []byte(out + "\n")
}

// TestDashboardRendersFromTheTemplate: the file Generate writes is the
// function's output plus the template's newline, managed, with the marker.
func TestDashboardRendersFromTheTemplate(t *testing.T) {
	a := dashboardScenarios()["preset-full"]
	tree, err := Generate(a)
	require.NoError(t, err)
	i := slices.IndexFunc(tree.Files, func(f File) bool { return f.Path == "deploy/monitoring/dashboard.json" })
	require.GreaterOrEqual(t, i, 0, "no deploy/monitoring/dashboard.json")
	f := tree.Files[i]
	assert.Equal(t, string(renderDashboard(t, a)), string(f.Data))
	assert.Equal(t, ClassManaged, f.Class)
	assert.True(t, hasMarker(f.Path, f.Data), "no marker in the description")
	assert.False(t, bytes.HasSuffix(f.Data, []byte("\n\n")), "more than one final newline")
}

// TestDashboardRoundTrip: the SDK's decoder gives back the same bytes, and
// its strict decoder finds no unknown or mistyped field, at the top and in
// every panel; every scenario stays under 50 KB.
//
// Two bugs of grafana-foundation-sdk v0.0.22 shape this test.
// UnmarshalJSONStrict returns a nil cog.BuildErrors as a non-nil error
// (strictErr checks the length). And because of it
// PanelOrRowPanel.UnmarshalJSONStrict returns before storing the panel: a
// strictly decoded dashboard has every panel null (TestStrictPanelsAreNull).
// So the round trip uses json.Unmarshal, and the strict check also runs
// panel by panel.
func TestDashboardRoundTrip(t *testing.T) {
	registerPlugins()
	for name, a := range dashboardScenarios() {
		t.Run(name, func(t *testing.T) {
			out := renderDashboard(t, a)
			var d dashboard.Dashboard
			require.NoError(t, json.Unmarshal(out, &d))
			again, err := encodeJSON(d)
			require.NoError(t, err)
			assert.Equal(t, string(out), string(again), "the round trip changed the JSON")
			var indented bytes.Buffer
			require.NoError(t, json.Indent(&indented, out, "", "  "))
			assert.Equal(t, string(out), indented.String(), "not canonical: json.Indent changes it")
			assert.NoError(t, strictCheck(out))
			assert.LessOrEqual(t, len(out), 50<<10, "over 50 KB")
		})
	}
}

// strictCheck decodes the dashboard strictly, and each panel on its own.
func strictCheck(out []byte) error {
	var d dashboard.Dashboard
	if err := strictErr(d.UnmarshalJSONStrict(out)); err != nil {
		return fmt.Errorf("strict decode: %w", err)
	}
	var raw struct{ Panels []json.RawMessage }
	if err := json.Unmarshal(out, &raw); err != nil {
		return err
	}
	for i, p := range raw.Panels {
		var kind struct{ Type string }
		if err := json.Unmarshal(p, &kind); err != nil {
			return err
		}
		var err error
		if kind.Type == "row" {
			err = new(dashboard.RowPanel).UnmarshalJSONStrict(p)
		} else {
			err = new(dashboard.Panel).UnmarshalJSONStrict(p)
		}
		if err := strictErr(err); err != nil {
			return fmt.Errorf("panels[%d]: %w", i, err)
		}
	}
	return nil
}

// strictErr is err unless it is the empty cog.BuildErrors that v0.0.22's
// strict decoders return on success.
func strictErr(err error) error {
	var be cog.BuildErrors
	if errors.As(err, &be) && len(be) == 0 {
		return nil
	}
	return err
}

// TestStrictPanelsAreNull pins the v0.0.22 bug strictCheck works around:
// when an SDK bump fixes it, this fails, and the round trip can decode
// strictly in one step.
func TestStrictPanelsAreNull(t *testing.T) {
	registerPlugins()
	var d dashboard.Dashboard
	err := d.UnmarshalJSONStrict(renderDashboard(t, dashboardScenarios()["preset-minimal"]))
	require.NoError(t, strictErr(err))
	require.NotEmpty(t, d.Panels)
	for i, p := range d.Panels {
		if p.Panel != nil || p.RowPanel != nil {
			t.Fatalf("panels[%d] survived a strict decode: the SDK bug is fixed, simplify strictCheck", i)
		}
	}
}

// TestStrictCheckRejects proves the strict checks are strict: at the top,
// inside a panel, and on a mistyped field.
func TestStrictCheckRejects(t *testing.T) {
	registerPlugins()
	out := renderDashboard(t, dashboardScenarios()["preset-minimal"])
	for _, c := range []struct{ old, new string }{
		{`"uid": "orders-api",`, `"uid": "orders-api", "bogus": 1,`},
		{`"title": "Availability error budget left",`, `"title": "Availability error budget left", "bogus": 1,`},
		{`"unit": "percentunit"`, `"unit": 1`},
	} {
		bad := bytes.Replace(out, []byte(c.old), []byte(c.new), 1)
		require.NotEqual(t, string(out), string(bad), "not applied: %s", c.new)
		assert.Error(t, strictCheck(bad), "accepted: %s", c.new)
	}
}

type lintPanel struct {
	ID         int                      `json:"id"`
	GridPos    struct{ X, Y, W, H int } `json:"gridPos"`
	Type       string                   `json:"type"`
	Title      string                   `json:"title"`
	Datasource *lintRef                 `json:"datasource"`
	Targets    []lintTarget             `json:"targets"`
	Field      json.RawMessage          `json:"fieldConfig"`
}

type lintRef struct{ Type, UID string }

type lintTarget struct {
	Expr       string   `json:"expr"`
	RefID      string   `json:"refId"`
	Datasource *lintRef `json:"datasource"`
}

type lintDashboard struct {
	UID        string      `json:"uid"`
	Panels     []lintPanel `json:"panels"`
	Templating struct {
		List []struct {
			Name, Type string
			Datasource *lintRef
		} `json:"list"`
	} `json:"templating"`
}

// lintDashboard returns what the rules of TestDashboardLint break in out.
func lintProblems(out []byte, name string) []string {
	var d lintDashboard
	if err := json.Unmarshal(out, &d); err != nil {
		return []string{err.Error()}
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if d.UID != name {
		bad("uid %q, want the service name %q", d.UID, name)
	}
	var vars []string
	for _, v := range d.Templating.List {
		vars = append(vars, v.Type+":"+v.Name)
		if v.Type == "query" && (v.Datasource == nil || v.Datasource.UID != "${datasource}") {
			bad("variable %s: datasource %+v, want ${datasource}", v.Name, v.Datasource)
		}
	}
	if !slices.Equal(vars, []string{"datasource:datasource", "query:job"}) {
		bad("variables %v, want [datasource:datasource query:job]", vars)
	}
	ids := map[int]string{}
	for i, p := range d.Panels {
		g := p.GridPos
		if g.W <= 0 || g.H <= 0 || g.X+g.W > 24 {
			bad("%q: gridPos %+v off the 24-unit grid", p.Title, g)
		}
		for _, q := range d.Panels[:i] {
			o := q.GridPos
			if g.X < o.X+o.W && o.X < g.X+g.W && g.Y < o.Y+o.H && o.Y < g.Y+g.H {
				bad("%q overlaps %q", p.Title, q.Title)
			}
		}
		if prev, ok := ids[p.ID]; ok || p.ID == 0 {
			bad("panel id %d of %q: also %q", p.ID, p.Title, prev)
		}
		ids[p.ID] = p.Title
		if p.Type == "row" {
			continue
		}
		if p.Datasource == nil || p.Datasource.UID != "${datasource}" {
			bad("%q: datasource %+v, want ${datasource}", p.Title, p.Datasource)
		}
		var field struct{ Defaults struct{ Unit string } }
		if err := json.Unmarshal(p.Field, &field); err != nil || field.Defaults.Unit == "" {
			bad("%q has no unit", p.Title)
		}
		if len(p.Targets) == 0 {
			bad("%q has no query", p.Title)
		}
		refs := map[string]bool{}
		for _, q := range p.Targets {
			if q.Datasource == nil || q.Datasource.UID != "${datasource}" {
				bad("%q: target datasource %+v, want ${datasource}", p.Title, q.Datasource)
			}
			if q.RefID == "" || refs[q.RefID] {
				bad("%q: refId %q missing or repeated", p.Title, q.RefID)
			}
			refs[q.RefID] = true
			problems = append(problems, queryProblems(p.Title, q.Expr)...)
		}
	}
	return problems
}

// queryProblems: a query on the service's raw series filters by $job and
// takes every rate over $__rate_interval; the slo:* records carry no job
// label (the rules aggregate it away) and are rates already.
func queryProblems(title, expr string) []string {
	var problems []string
	if strings.Contains(expr, "slo:") {
		if strings.Contains(expr, "$job") || strings.Contains(expr, "rate(") {
			problems = append(problems, fmt.Sprintf("%q: an slo:* record filtered by job or rated: %s", title, expr))
		}
		return problems
	}
	if !strings.Contains(expr, `job=~"$job"`) {
		problems = append(problems, fmt.Sprintf("%q: no job=~\"$job\" matcher: %s", title, expr))
	}
	if n := strings.Count(expr, "rate("); n != strings.Count(expr, "[$__rate_interval])") {
		problems = append(problems, fmt.Sprintf("%q: %d rate() but %d [$__rate_interval]: %s", title, n, strings.Count(expr, "[$__rate_interval])"), expr))
	}
	return problems
}

// TestDashboardLint re-implements the dashboard-linter rules svcgen needs:
// the uid is the service name; exactly the $datasource and $job variables;
// unique panel ids; panels on the grid, none over another; every panel and target on ${datasource}; a unit on
// every panel and a unique refId on every target; $job in every raw
// selector and [$__rate_interval] in every rate.
func TestDashboardLint(t *testing.T) {
	for name, a := range dashboardScenarios() {
		t.Run(name, func(t *testing.T) {
			for _, p := range lintProblems(renderDashboard(t, a), a.Name) {
				t.Error(p)
			}
		})
	}
}

// TestDashboardLintFails proves each lint rule can fail.
func TestDashboardLintFails(t *testing.T) {
	out := string(renderDashboard(t, dashboardScenarios()["preset-full"]))
	for _, c := range []struct{ old, new, want string }{
		{`"id": 3,`, `"id": 2,`, "panel id 2"},
		{`"uid": "orders-api",`, `"uid": "orders",`, `uid "orders"`},
		{`"uid": "${datasource}"`, `"uid": "P1809F7CD0C75ACF3"`, "want ${datasource}"},
		{`"unit": "reqps"`, `"unit": ""`, "has no unit"},
		{`"refId": "B"`, `"refId": "A"`, "refId \"A\" missing or repeated"},
		{`[$__rate_interval]`, `[5m]`, "rate() but"},
		{`{job=~\"$job\"}`, `{}`, "no job=~"},
		{`"name": "job"`, `"name": "jobs"`, "variables"},
		{`"y": 5`, `"y": 4`, "overlaps"},
		{`"w": 8`, `"w": 28`, "off the 24-unit grid"},
	} {
		bad := strings.Replace(out, c.old, c.new, 1)
		require.NotEqual(t, out, bad, "not applied: %s", c.old)
		problems := strings.Join(lintProblems([]byte(bad), "orders-api"), "\n")
		assert.Contains(t, problems, c.want, "%s → %s", c.old, c.new)
	}
}

// TestDashboardRows: each row is there exactly when its feature is (grpc:
// RPCs, postgres: the pool, httpclient: outbound HTTP).
func TestDashboardRows(t *testing.T) {
	rows := func(s dashboardSpec) []string {
		d, err := buildDashboard(s)
		require.NoError(t, err)
		var out []string
		for _, p := range d.Panels {
			if p.RowPanel != nil {
				out = append(out, *p.RowPanel.Title)
			}
		}
		return out
	}
	s := specOf(newData(dashboardScenarios()["preset-minimal"]))
	assert.Equal(t, []string{"Objectives (30 days)", "Requests (RED)", "Go runtime"}, rows(s))
	s = specOf(newData(dashboardScenarios()["features-grpc+httpclient+observability+postgres"]))
	assert.Equal(t, []string{"Objectives (30 days)", "Requests (RED)", "RPCs", "Go runtime", "PostgreSQL pool", "Outbound HTTP"}, rows(s))
}

// TestDashboardQueries: DashboardQueries returns exactly the targets of the
// rendered file, in order; ExpandDashboardQuery leaves no Grafana variable.
func TestDashboardQueries(t *testing.T) {
	for name, a := range dashboardScenarios() {
		var d lintDashboard
		require.NoError(t, json.Unmarshal(renderDashboard(t, a), &d))
		var want []string
		for _, p := range d.Panels {
			for _, q := range p.Targets {
				want = append(want, q.Expr)
			}
		}
		got, err := DashboardQueries(a)
		require.NoError(t, err)
		assert.Equal(t, want, got, name)
		for _, q := range got {
			assert.NotContains(t, ExpandDashboardQuery(q, "orders-api", "1m"), "$", name)
		}
	}
}

// TestDashboardIsDeterministic: two renders, the same bytes (goldens hold
// the bytes; this says why they can).
func TestDashboardIsDeterministic(t *testing.T) {
	a := dashboardScenarios()["preset-full"]
	assert.Equal(t, string(renderDashboard(t, a)), string(renderDashboard(t, a)))
}

// BenchmarkGrafanaDashboard is the dashboard's share of rendering a full
// service (docs/benchmarks.md).
func BenchmarkGrafanaDashboard(b *testing.B) {
	d := newData(dashboardScenarios()["preset-full"])
	for b.Loop() {
		if _, err := grafanaDashboard(d); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDashboardFollowsTheObjectives: the objective panels name the slo_*
// answers, so `update --set` re-renders the dashboard with them.
func TestDashboardFollowsTheObjectives(t *testing.T) {
	a := dashboardScenarios()["preset-minimal"]
	out := string(renderDashboard(t, a))
	assert.Contains(t, out, `"title": "Availability (objective 99.9 %)"`)
	assert.Contains(t, out, `"title": "Requests under 0.25 s (objective 99 %)"`)
	a.SLOAvailability, a.SLOLatencyThreshold, a.SLOLatencyTarget = "99.95", "0.5", "99.5"
	require.NoError(t, a.Validate())
	out = string(renderDashboard(t, a))
	assert.Contains(t, out, `"title": "Availability (objective 99.95 %)"`)
	assert.Contains(t, out, `"title": "Requests under 0.5 s (objective 99.5 %)"`)
}

// TestDashboardDocNamesEveryRow: docs/dashboard.md has a table line for
// each row the dashboard has, and none for a row it has not.
func TestDashboardDocNamesEveryRow(t *testing.T) {
	all := []string{"Objectives (30 days)", "Requests (RED)", "RPCs", "Go runtime", "PostgreSQL pool", "Outbound HTTP"}
	scenarios := dashboardScenarios()
	for _, name := range []string{"preset-minimal", "preset-standard", "preset-full", "features-observability+postgres"} {
		a := scenarios[name]
		tree, err := Generate(a)
		require.NoError(t, err)
		i := slices.IndexFunc(tree.Files, func(f File) bool { return f.Path == "docs/dashboard.md" })
		require.GreaterOrEqual(t, i, 0, "%s: no docs/dashboard.md", name)
		doc := string(tree.Files[i].Data)
		d, err := buildDashboard(specOf(newData(a)))
		require.NoError(t, err)
		var rows []string
		for _, p := range d.Panels {
			if p.RowPanel != nil {
				rows = append(rows, *p.RowPanel.Title)
			}
		}
		for _, row := range all {
			assert.Equal(t, slices.Contains(rows, row), strings.Contains(doc, "\n| "+row+" |"), "%s: row %q in the dashboard %v, in the doc", name, row, rows)
		}
	}
}

// panelQuery is the expanded first query of the panel titled title.
func panelQuery(t *testing.T, s dashboardSpec, title string) string {
	t.Helper()
	d, err := buildDashboard(s)
	require.NoError(t, err)
	for _, p := range d.Panels {
		if p.Panel != nil && *p.Panel.Title == title {
			q, ok := p.Panel.Targets[0].(prometheus.Dataquery)
			require.True(t, ok)
			return ExpandDashboardQuery(q.Expr, "orders-api", "5m")
		}
	}
	t.Fatalf("no panel %q", title)
	return ""
}

// TestDashboardErrorRatiosAreZeroNotAbsent evaluates the 5xx ratio panels
// with the real promtool: a route that never failed shows 0 (not "No
// data", which is what a plain 5xx/all ratio gives), a failing route its
// ratio, probes nothing, and an RPC NotFound (404) is not a server error.
func TestDashboardErrorRatiosAreZeroNotAbsent(t *testing.T) {
	bin := promtoolFor(t, "the dashboard's promtool check")
	s := specOf(newData(dashboardScenarios()["preset-full"]))
	require.True(t, s.RPC, "the full preset has grpc")
	routes := panelQuery(t, s, "5xx ratio by route (probes excluded)")
	rpcs := panelQuery(t, s, "RPC 5xx ratio by procedure")
	series := func(route, status, values string) string {
		return fmt.Sprintf("      - series: 'orders_api_http_requests_total{job=\"orders-api\",method=\"GET\",route=%q,status_code=%q}'\n        values: '%s'\n", route, status, values)
	}
	test := "rule_files: []\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n" +
		series("/v1/items", "200", "0+60x10") +
		series("/v1/items/:id", "200", "0+30x10") +
		series("/v1/items/:id", "503", "0+30x10") +
		series("/readyz", "503", "0+30x10") +
		series("/orders.v1.ItemService/Get", "200", "0+30x10") +
		series("/orders.v1.ItemService/Get", "404", "0+30x10") +
		"    promql_expr_test:\n" +
		fmt.Sprintf("      - expr: '%s'\n        eval_time: 10m\n        exp_samples:\n", routes) +
		"          - {labels: '{route=\"/v1/items\"}', value: 0}\n" +
		"          - {labels: '{route=\"/v1/items/:id\"}', value: 0.5}\n" +
		"          - {labels: '{route=\"/orders.v1.ItemService/Get\"}', value: 0}\n" +
		fmt.Sprintf("      - expr: '%s'\n        eval_time: 10m\n        exp_samples:\n", rpcs) +
		"          - {labels: '{route=\"/orders.v1.ItemService/Get\"}', value: 0}\n"
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "dashboard_test.yaml"), []byte(test), 0o600))
	cmd := exec.CommandContext(t.Context(), bin, "test", "rules", "dashboard_test.yaml")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s\n%s", out, test)
}
