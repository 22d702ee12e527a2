package generator_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/generator"
)

func sloAnswers(avail, threshold, target string) generator.Answers {
	return generator.Answers{
		Name: "orders", Module: "example.com/orders", Description: "Takes orders.", Owner: "acme/payments",
		GoVersion: "1.26", Preset: "minimal", License: "none",
		SLOAvailability: avail, SLOLatencyThreshold: threshold, SLOLatencyTarget: target,
	}.Resolve()
}

func TestObjectivesAccepted(t *testing.T) {
	for _, v := range []string{"90", "99", "99.9", "99.90", "99.95", "99.999", "95.5"} {
		assert.NoError(t, sloAnswers(v, "0.25", v).Validate(), v)
	}
	for _, v := range []string{"0.005", "0.25", "0.250", "1", "1.0", "2.5", "10"} {
		assert.NoError(t, sloAnswers("99.9", v, "99").Validate(), v)
	}
}

func TestObjectivesRejected(t *testing.T) {
	for _, v := range []string{"89.999", "100", "99.9999", "99.", ".9", "99,9", "abc", "+99", "-99", "1e2", " 99", "099.9", "9999"} {
		err := sloAnswers(v, "", "").Validate()
		var fe *generator.FieldError
		require.True(t, errors.As(err, &fe), "slo_availability %q: %v", v, err)
		assert.Equal(t, "slo_availability", fe.Field)
		assert.Equal(t, `invalid --slo-availability "`+v+`": use a percentage from 90 to 99.999 with at most 3 decimals, e.g. 99.9`, err.Error())

		err = sloAnswers("", "", v).Validate()
		require.True(t, errors.As(err, &fe), "slo_latency_target %q", v)
		assert.Equal(t, "slo_latency_target", fe.Field)
	}
	for _, v := range []string{"0.3", "0.0025", "300ms", "1e0", "0x1", "-1", "+1", "NaN", "Inf", "1_0"} {
		err := sloAnswers("", v, "").Validate()
		var fe *generator.FieldError
		require.True(t, errors.As(err, &fe), "slo_latency_threshold %q: %v", v, err)
		assert.Equal(t, "slo_latency_threshold", fe.Field)
		assert.Contains(t, fe.Allow, "0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10")
	}
}

func TestResolveFillsObjectivesOnlyWithObservability(t *testing.T) {
	a := sloAnswers("", "", "")
	assert.Equal(t, []string{"observability"}, a.Features)
	assert.Equal(t, "99.9", a.SLOAvailability)
	assert.Equal(t, "0.25", a.SLOLatencyThreshold)
	assert.Equal(t, "99", a.SLOLatencyTarget)

	// A manifest of release 6 or older: no objectives and no feature. Its
	// answers stay as they are (its base render must not change) ...
	old := generator.Answers{Name: "orders", Features: []string{"k8s"}}
	assert.Empty(t, old.WithSLODefaults().SLOAvailability)
	// ... until the feature is added.
	old.Features = []string{"k8s", "observability"}
	assert.Equal(t, "99.9", old.WithSLODefaults().SLOAvailability)
}

func TestRulesFollowTheObjectives(t *testing.T) {
	rules, err := generator.PrometheusRules(sloAnswers("99.95", "1", "99.5"), generator.DefaultSLOWindows)
	require.NoError(t, err)
	s := string(rules)
	assert.Contains(t, s, "expr: vector(0.9995)")
	assert.Contains(t, s, "expr: vector(0.995)")
	// The page pair at 14.4 × 0.0005 needs ceil(1/0.0072) = 139 requests an hour.
	assert.Contains(t, s, `> (14.4 * 0.0005)`)
	assert.Contains(t, s, `[1h])) >= 139`)
	assert.Contains(t, s, `> (1 * 0.005)`)
	// An integer bound matches both "1" and Prometheus 3's "1.0".
	assert.Contains(t, s, `le=~"1(\\.0)?"`)
	assert.Contains(t, s, "runbook_url: https://github.com/acme/orders/blob/main/docs/alerts.md#sloavailabilityfastburn")
}

func TestE2EWindowsRenameAndScale(t *testing.T) {
	rules, err := generator.PrometheusRules(sloAnswers("", "", ""), generator.E2ESLOWindows)
	require.NoError(t, err)
	s := string(rules)
	for _, want := range []string{
		"name: e2e-orders-slo-availability", "record: e2e:sli_error:ratio_rate5s", "record: e2e:sli_error:ratio_rate60s",
		"record: e2e:objective:ratio", "alert: E2EAvailabilityFastBurn", "alert: E2EMetricsAbsent", "for: 10s", "[20s]",
		"e2e:sli_error:ratio_rate20s{service=\"orders\",slo=\"availability\"} > (14.4 * 0.001)",
	} {
		assert.Contains(t, s, want)
	}
	// The runbook stays the production alert's section.
	assert.Contains(t, s, "docs/alerts.md#sloavailabilityfastburn")
	for _, gone := range []string{"slo:sli", "slo:objective", "[5m]", "[1h]", "alert: SLO", "#e2e"} {
		assert.NotContains(t, s, gone)
	}
}

func TestPrometheusRulesRejectsBadAnswers(t *testing.T) {
	_, err := generator.PrometheusRules(sloAnswers("100", "", ""), generator.DefaultSLOWindows)
	assert.ErrorContains(t, err, "--slo-availability")
}

// TestPrometheusRuleWrapsTheSameGroups: with k8s, the operator object holds
// exactly the groups of deploy/monitoring/rules.yaml (which promtool tests).
func TestPrometheusRuleWrapsTheSameGroups(t *testing.T) {
	a := sloAnswers("99.95", "0.5", "99.5")
	a.Features = []string{"k8s", "observability"}
	files, err := generator.RenderMap(a)
	require.NoError(t, err)
	var rules struct {
		Groups []any `yaml:"groups"`
	}
	var object struct {
		Kind string `yaml:"kind"`
		Spec struct {
			Groups []any `yaml:"groups"`
		} `yaml:"spec"`
	}
	require.NoError(t, yaml.Unmarshal(files["deploy/monitoring/rules.yaml"], &rules))
	require.NoError(t, yaml.Unmarshal(files["deploy/k8s/prometheusrule.yaml"], &object))
	assert.Equal(t, "PrometheusRule", object.Kind)
	require.Len(t, rules.Groups, 3)
	assert.Equal(t, rules.Groups, object.Spec.Groups)
	assert.Contains(t, string(files["deploy/k8s/podmonitor.yaml"]), "kind: PodMonitor")

	a.Features = []string{"observability"}
	files, err = generator.RenderMap(a)
	require.NoError(t, err)
	assert.NotContains(t, files, "deploy/k8s/prometheusrule.yaml", "no operator objects without k8s")
}

func TestExcludedRoutes(t *testing.T) {
	a := sloAnswers("", "", "")
	a.SLOExcludedRoutes = []string{"/v1/stream", "/v1/files/*path", "/v1/a.b/:id"}
	require.NoError(t, a.Validate())
	rules, err := generator.PrometheusRules(a, generator.DefaultSLOWindows)
	require.NoError(t, err)
	assert.Contains(t, string(rules), `route!~"/healthz|/readyz|unmatched|/v1/stream|/v1/files/\\*path|/v1/a\\.b/:id"`)

	for _, bad := range [][]string{{"v1/stream"}, {"/v1/x y"}, {`/v1/"`}, {"/v1/*a/b"}, {"/v1/:"}, {"/a", "/a"}, {"/a|b"}, {"/a\n"}} {
		a.SLOExcludedRoutes = bad
		err := a.Validate()
		var fe *generator.FieldError
		require.True(t, errors.As(err, &fe), "%q: %v", bad, err)
		assert.Equal(t, "slo_excluded_routes", fe.Field)
	}
}
