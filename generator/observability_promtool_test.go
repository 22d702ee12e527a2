package generator_test

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
)

// The SLO rules are proven by the real promtool: `promtool check rules` and
// the generated `promtool test rules` cases, for every preset and for
// objectives across the allowed range, and a mutation run that shows the
// cases catch the mistakes the design names. PROMTOOL picks another binary
// (e.g. v0.316.0 built with `go install -tags remove_all_sd
// github.com/prometheus/prometheus/cmd/promtool@v0.316.0`).

// promtool returns the promtool to run (generator.Promtool).
func promtool(t *testing.T) string {
	t.Helper()
	return generator.Promtool(t, "the promtool checks of the SLO rules")
}

// monitoringDir renders a service and writes its deploy/monitoring files
// into a temporary directory.
func monitoringDir(t *testing.T, a generator.Answers) string {
	t.Helper()
	files, err := generator.RenderMap(a)
	require.NoError(t, err)
	dir := t.TempDir()
	n := 0
	for p, data := range files {
		if path.Dir(p) == "deploy/monitoring" && strings.HasSuffix(p, ".yaml") {
			require.NoError(t, os.WriteFile(filepath.Join(dir, path.Base(p)), data, 0o600))
			n++
		}
	}
	require.Equal(t, 5, n, "rules, their two test files, and the team's two files")
	return dir
}

func runPromtool(t *testing.T, bin, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// checkAndTest runs what the generated `make monitoring` runs.
func checkAndTest(t *testing.T, bin, dir string) {
	t.Helper()
	out, err := runPromtool(t, bin, dir, "check", "rules", "rules.yaml", "team-rules.yaml")
	require.NoError(t, err, out)
	assert.Contains(t, out, "SUCCESS: 23 rules found")
	out, err = runPromtool(t, bin, dir, "test", "rules", "rules_test.yaml", "rules_slow_test.yaml", "team-rules_test.yaml")
	require.NoError(t, err, out)
}

func TestPromtoolEveryPreset(t *testing.T) {
	bin := promtool(t)
	for _, preset := range generator.PresetNames() {
		t.Run(preset, func(t *testing.T) {
			t.Parallel()
			a := generator.Answers{Name: "orders-api", Module: "example.com/orders-api", Description: "Takes orders.",
				Owner: "acme/payments", GoVersion: "1.26", Preset: preset, License: "none"}.Resolve()
			checkAndTest(t, bin, monitoringDir(t, a))
		})
	}
}

// TestPromtoolAcrossObjectives: the cases are derived from the objectives,
// so they must hold at both ends of the range and for integer and tiny
// latency bounds (an integer bound is matched as "1" or "1.0").
func TestPromtoolAcrossObjectives(t *testing.T) {
	bin := promtool(t)
	// The ends of the range under -short; between them without.
	sets := [][3]string{{"90", "1", "90"}, {"99.999", "10", "99.999"}}
	if !testing.Short() {
		sets = append(sets, [3]string{"97", "2.5", "95"}, [3]string{"98", "0.005", "99.99"}, [3]string{"99.95", "0.1", "99.5"})
	}
	for _, s := range sets {
		t.Run(strings.Join(s[:], "_"), func(t *testing.T) {
			t.Parallel()
			checkAndTest(t, bin, monitoringDir(t, sloAnswers(s[0], s[1], s[2])))
		})
	}
}

func TestPromtoolChecksE2ERules(t *testing.T) {
	bin := promtool(t)
	rules, err := generator.PrometheusRules(sloAnswers("", "", ""), generator.E2ESLOWindows)
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "e2e.yaml"), rules, 0o600))
	out, err := runPromtool(t, bin, dir, "check", "rules", "e2e.yaml")
	require.NoError(t, err, out)
	assert.Contains(t, out, "SUCCESS: 23 rules found")
}

// mutation is one plausible mistake in rules.yaml; the tests must catch it.
type mutation struct {
	name     string
	old, new string
	regexp   bool // old is a regular expression
}

// The design's ten mutations (docs/design/observability.md, "Mutations"),
// applied to the rendered rules of a service named orders at the default
// objectives.
var mutations = []mutation{
	{name: "drop the probe exclusion", old: `route!~"/healthz|/readyz|unmatched"`, new: `route!~"unmatched"`},
	{name: "page pair 1h/5m -> 1h/30m",
		old: `slo:sli_error:ratio_rate5m{service="orders",slo="availability"} > (14.4`,
		new: `slo:sli_error:ratio_rate30m{service="orders",slo="availability"} > (14.4`},
	{name: "page pair 1h/5m -> 1d/2h", regexp: true,
		old: `ratio_rate1h(\{service="orders",slo="availability"\} > \(14\.4[^\n]*\n\s*and\n\s*)slo:sli_error:ratio_rate5m`,
		new: `ratio_rate1d${1}slo:sli_error:ratio_rate2h`},
	{name: "ticket pair 3d/6h -> 3d/5m",
		old: `ratio_rate6h{service="orders",slo="availability"} > (1 `, new: `ratio_rate5m{service="orders",slo="availability"} > (1 `},
	{name: "no traffic floor", regexp: true, old: `\n\s*and on \(\)\n\s*sum\(increase\([^\n]*`, new: ``},
	{name: "absent() on the lazily created request counter",
		old: `absent(orders_http_requests_in_flight)`, new: `absent(orders_http_requests_total)`},
	{name: "page factor 14.4 -> 1.44", old: `(14.4 * 0.001)`, new: `(1.44 * 0.001)`},
	{name: "5xx -> 4xx and 5xx", old: `status_code=~"5.."`, new: `status_code=~"[45].."`},
	{name: "latency bucket 0.25 -> 0.5", old: `le="0.25"`, new: `le="0.5"`},
	{name: "no or vector(0) on the 5xx rate", regexp: true,
		old: `\((sum\(rate\(orders_http_requests_total\{[^}]*status_code=~"5\.\."\}\[\w+\]\)\)) or vector\(0\)\)`, new: `$1`},
}

func (m mutation) apply(s string) string {
	if m.regexp {
		return regexp.MustCompile(m.old).ReplaceAllString(s, m.new)
	}
	return strings.ReplaceAll(s, m.old, m.new)
}

// TestPromtoolKillsEveryMutation: each mutation of the rendered rules must
// make `promtool test rules` fail. One preset is enough: the rules do not
// depend on the features.
func TestPromtoolKillsEveryMutation(t *testing.T) {
	if testing.Short() {
		t.Skip("the mutation run costs ten promtool runs; it runs without -short")
	}
	bin := promtool(t)
	a := generator.Answers{Name: "orders", Module: "example.com/orders", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: "1.26", Preset: "minimal", License: "none"}.Resolve()
	src := monitoringDir(t, a)
	rules, err := os.ReadFile(filepath.Join(src, "rules.yaml"))
	require.NoError(t, err)
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			mutated := m.apply(string(rules))
			require.NotEqual(t, string(rules), mutated, "the mutation does not apply to the rendered rules")
			dir := t.TempDir()
			for _, f := range []string{"rules_test.yaml", "rules_slow_test.yaml"} {
				data, err := os.ReadFile(filepath.Join(src, f))
				require.NoError(t, err)
				require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o600))
			}
			require.NoError(t, os.WriteFile(filepath.Join(dir, "rules.yaml"), []byte(mutated), 0o600))
			out, err := runPromtool(t, bin, dir, "check", "rules", "rules.yaml")
			require.NoError(t, err, "the mutant must still be valid rules: %s", out)
			out, err = runPromtool(t, bin, dir, "test", "rules", "rules_test.yaml", "rules_slow_test.yaml")
			require.Error(t, err, "the mutation survived: promtool test rules passed")
			assert.Contains(t, out, "FAILED")
			t.Logf("killed by: %s", firstFailure(out))
		})
	}
}

// TestPromtoolExcludedRoutes: with excluded routes, the healthy case also
// feeds them failing and slow all along, and nothing fires.
func TestPromtoolExcludedRoutes(t *testing.T) {
	bin := promtool(t)
	a := sloAnswers("", "", "")
	a.SLOExcludedRoutes = []string{"/v1/stream", "/v1/files/*path"}
	checkAndTest(t, bin, monitoringDir(t, a))
}

// firstFailure is the case and check that failed first, for the log.
func firstFailure(out string) string {
	var parts []string
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "name:") || strings.HasPrefix(l, "alertname:") || strings.HasPrefix(l, "expr:") {
			parts = append(parts, l)
		}
		if len(parts) == 2 {
			break
		}
	}
	return strings.Join(parts, " ")
}
