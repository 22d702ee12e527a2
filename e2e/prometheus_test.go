package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// promServer is a throwaway Prometheus server: Debian's `prometheus`
// binary with a config, rule files and a TSDB in a temp dir, on a free
// loopback port, scraping one target every second and evaluating its
// rules every second. Tests start one with startPrometheus; it is stopped
// with SIGTERM when the test ends.
type promServer struct {
	api  string // http://127.0.0.1:PORT
	logs *bytes.Buffer
}

// promSample is one series of an instant query's result.
type promSample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

// startPrometheus starts a server that scrapes target (host:port, path
// /metrics) as job and loads ruleFiles, and waits until it is ready. It
// skips the test loudly when no prometheus binary is installed; with CI set
// it fails instead: CI must prove the rules and the dashboard against a
// real server, never skip it (.ci/run installs the package).
func startPrometheus(t *testing.T, job, target string, ruleFiles ...string) *promServer {
	t.Helper()
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but there is no prometheus binary: %v (apt-get install -y --no-install-recommends prometheus)", err)
		}
		t.Skipf("SKIPPING the real-Prometheus end-to-end checks: %v. Install the server (apt-get install -y --no-install-recommends prometheus) to run them; with CI set this fails.", err)
	}
	dir := t.TempDir()
	config := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(config, []byte(promConfig(job, target, ruleFiles)), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	p := &promServer{api: "http://" + addr, logs: new(bytes.Buffer)}
	cmd := exec.CommandContext(t.Context(), bin, "--config.file="+config, "--storage.tsdb.path="+filepath.Join(dir, "tsdb"),
		"--web.listen-address="+addr, "--storage.tsdb.retention.time=1h", "--log.level=warn")
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	// The test's context ends before its cleanups run: stop like an
	// operator would, and kill only a server that does not stop.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatalf("start prometheus: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Wait() })
	p.waitFor(t, "prometheus ready", 20*time.Second, func() error {
		client := http.Client{Timeout: time.Second}
		resp, err := client.Get(p.api + "/-/ready") //nolint:noctx // bounded by the client timeout
		if err != nil {
			return err
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("/-/ready answered %d", resp.StatusCode)
		}
		return nil
	})
	return p
}

// promConfig is the server's configuration: everything at 1 s, so that
// rules with windows of seconds fire and resolve within the test.
func promConfig(job, target string, ruleFiles []string) string {
	quoted := make([]string, len(ruleFiles))
	for i, f := range ruleFiles {
		quoted[i] = fmt.Sprintf("%q", f)
	}
	return fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: [%s]
scrape_configs:
  - job_name: %q
    static_configs:
      - targets: [%q]
`, strings.Join(quoted, ", "), job, target)
}

// Query runs an instant query and fails the test unless the server
// answers with status success. A query for a metric nobody exports is a
// success with no series: callers check the length.
func (p *promServer) Query(t *testing.T, expr string) []promSample {
	t.Helper()
	res, err := p.query(expr)
	if err != nil {
		t.Fatalf("query %s: %v\nprometheus log:\n%s", expr, err, p.logs)
	}
	return res
}

func (p *promServer) query(expr string) ([]promSample, error) {
	client := http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(p.api + "/api/v1/query?" + url.Values{"query": {expr}}.Encode()) //nolint:noctx // bounded by the client timeout
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	var body struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			ResultType string       `json:"resultType"`
			Result     []promSample `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, fmt.Errorf("HTTP %d: decode: %w", resp.StatusCode, err)
	}
	if body.Status != "success" {
		return nil, fmt.Errorf("HTTP %d, status %q: %s", resp.StatusCode, body.Status, body.Error)
	}
	if body.Data.ResultType != "vector" {
		return nil, fmt.Errorf("result type %q, want vector", body.Data.ResultType)
	}
	return body.Data.Result, nil
}

// waitFor polls cond every 250 ms until it returns nil, and fails the test
// with cond's last error and the server's log when that takes longer than
// limit. It logs how long the wait took: the figures the test's time
// budget is made of.
func (p *promServer) waitFor(t *testing.T, what string, limit time.Duration, cond func() error) {
	t.Helper()
	start := time.Now()
	for err := cond(); err != nil; err = cond() {
		if time.Since(start) > limit {
			t.Fatalf("%s: not within %s: %v\nprometheus log:\n%s", what, limit, err, p.logs)
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("%s (%.1fs)", what, time.Since(start).Seconds())
}

// expectValue returns an error unless expr has exactly one series, of value want.
func (p *promServer) expectValue(t *testing.T, expr, want string) error {
	t.Helper()
	res := p.Query(t, expr)
	if len(res) != 1 || res[0].Value[1] != want {
		return fmt.Errorf("%s = %v, want one series of value %s", expr, res, want)
	}
	return nil
}

// TestPrometheusServer proves the helper itself: the server scrapes its
// own /metrics (so `up` is 1), and a query for a metric that does not
// exist succeeds with no series, the reason the dashboard check counts
// series instead of trusting the status.
func TestPrometheusServer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Prometheus server; run without -short")
	}
	addr := freeAddr(t)
	// Scrape a target nobody listens on first: up is 0, not absent.
	p := startPrometheus(t, "nobody", addr)
	p.waitFor(t, "a scrape of a closed port records up 0", 20*time.Second, func() error {
		return p.expectValue(t, `up{job="nobody"}`, "0")
	})
	if res := p.Query(t, `up{job="nobody"} == 1`); len(res) != 0 {
		t.Errorf("up == 1 for a closed port: %v", res)
	}
	if res := p.Query(t, `sum(rate(no_such_metric_total[15s]))`); len(res) != 0 {
		t.Errorf("a misspelled metric returned %d series, want 0", len(res))
	}
	if _, err := p.query(`sum(rate(`); err == nil {
		t.Error("a query that does not parse succeeded")
	}
}
