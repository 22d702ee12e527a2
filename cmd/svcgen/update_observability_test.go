package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/release"
)

// TestUpdateSetObjectiveRerendersMonitoring: an objective is an answer, so
// `update --set` changes exactly the managed files rendered from it: the
// rules, their tests, the dashboard (its objective panels), the alerts and
// dashboard pages (their numbers) and, with k8s, the PrometheusRule.
func TestUpdateSetObjectiveRerendersMonitoring(t *testing.T) {
	a := scenarioAnswers("minimal")
	a.Features = []string{"k8s", "observability"}
	tree, err := generator.Generate(a)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "orders")
	writeTree(t, dir, tree)

	code, stdout, stderr := runUpdateCmd(dir, []string{"--allow-dirty", "--set", "slo_availability=99.95"}, 0)
	require.Equal(t, exitOK, code, "%s%s", stdout, stderr)
	assert.Contains(t, stdout, "answer slo_availability: 99.9 → 99.95")
	changed := regexp.MustCompile(`(?m)^  (updated|added|deleted|conflict) +(\S+)`).FindAllStringSubmatch(stdout, -1)
	var paths []string
	for _, m := range changed {
		paths = append(paths, m[2])
	}
	assert.ElementsMatch(t, []string{"deploy/k8s/prometheusrule.yaml", "deploy/monitoring/dashboard.json",
		"deploy/monitoring/rules.yaml", "deploy/monitoring/rules_slow_test.yaml", "deploy/monitoring/rules_test.yaml",
		"docs/alerts.md", "docs/dashboard.md"}, paths)
	for _, p := range []string{"deploy/monitoring/rules.yaml", "deploy/k8s/prometheusrule.yaml"} {
		data, err := os.ReadFile(filepath.Join(dir, p))
		require.NoError(t, err)
		assert.Contains(t, string(data), "expr: vector(0.9995)", p)
		assert.Contains(t, string(data), "> (14.4 * 0.0005)", p)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, ".svcgen.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(manifest), `slo_availability: "99.95"`)
}

// TestUpdateSetObjectiveRefusesBadValue: one line naming the answer and
// what is allowed, exit 2, nothing written.
func TestUpdateSetObjectiveRefusesBadValue(t *testing.T) {
	tree, err := generator.Generate(scenarioAnswers("minimal"))
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "orders")
	writeTree(t, dir, tree)
	before, err := os.ReadFile(filepath.Join(dir, ".svcgen.yaml"))
	require.NoError(t, err)

	code, stdout, stderr := runUpdateCmd(dir, []string{"--allow-dirty", "--set", "slo_latency_threshold=0.3"}, 0)
	assert.Equal(t, exitUsage, code, stdout)
	assert.Equal(t, `svcgen: invalid --set slo_latency_threshold="0.3": use one of the histogram's bucket bounds in seconds: 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10`+"\n", stderr)
	after, err := os.ReadFile(filepath.Join(dir, ".svcgen.yaml"))
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))
}

// TestUpdateAddsObservabilityToEveryRelease: a service from any earlier
// release (none had the feature or the objectives) gets the monitoring
// files and the default objectives by --add-feature, without conflicts.
func TestUpdateAddsObservabilityToEveryRelease(t *testing.T) {
	rs, err := release.All()
	require.NoError(t, err)
	for n := 1; n < len(rs); n++ {
		t.Run("r"+strconv.Itoa(n), func(t *testing.T) {
			a := scenarioAnswers("full")
			a.Features = []string{"catalog", "httpclient", "k8s", "postgres"}
			a.SLOAvailability, a.SLOLatencyThreshold, a.SLOLatencyTarget = "", "", ""
			old, err := release.Generate(releaseN(t, n), a)
			require.NoError(t, err)
			dir := filepath.Join(t.TempDir(), "orders")
			writeTree(t, dir, old)

			code, stdout, stderr := runUpdateCmd(dir, []string{"--allow-dirty", "--add-feature", "observability"}, 0)
			require.Equal(t, exitOK, code, "%s%s", stdout, stderr)
			assert.NotContains(t, stdout, "conflict")
			for _, p := range []string{"deploy/monitoring/rules.yaml", "deploy/monitoring/team-rules.yaml", "deploy/k8s/prometheusrule.yaml", "deploy/k8s/podmonitor.yaml"} {
				assert.Regexp(t, `added +`+regexp.QuoteMeta(p), stdout)
				assert.FileExists(t, filepath.Join(dir, p))
			}
			manifest, err := os.ReadFile(filepath.Join(dir, ".svcgen.yaml"))
			require.NoError(t, err)
			assert.Contains(t, string(manifest), `slo_availability: "99.9"`)
		})
	}
}
