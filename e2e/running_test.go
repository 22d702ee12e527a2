package e2e

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"

	"github.com/svcgen/svcgen/generator"
)

// checkRunningService builds the service, starts it on free ports, drives
// the example routes, lints the /metrics page and stops it with SIGTERM.
// With a database (pg), the service migrates on start, /readyz follows
// the database down and up, a PUT survives a restart, and SIGTERM under
// load loses no acknowledged write.
func checkRunningService(t *testing.T, dir string, a generator.Answers, pg *pgCluster) {
	t.Helper()
	bin, prefix, base, admin, env := buildOnFreePorts(t, dir, a)
	if pg != nil {
		// The migrate subcommand first, then the start-up migration finds
		// nothing left to do.
		env = append(env, prefix+"_DATABASE_URL="+pg.URL())
		migrate := exec.CommandContext(t.Context(), bin, "migrate")
		migrate.Env = append(os.Environ(), env...)
		if out, err := migrate.CombinedOutput(); err != nil || !strings.Contains(string(out), `"applied":[1,1001,1002]`) {
			t.Fatalf("%s migrate: %v, want it to apply versions 1, 1001 and 1002:\n%s", a.Name, err, out)
		}
		env = append(env, prefix+"_DATABASE_MIGRATE=true")
	}
	cmd, logs := startService(t, bin, base, env)
	defer func() { _ = cmd.Process.Kill() }() // no-op once it has exited

	expect(t, http.MethodPut, base+"/v1/items/abc-1", `{"name":"widget","quantity":3}`, http.StatusOK)
	expect(t, http.MethodGet, base+"/v1/items/abc-1", "", http.StatusOK)
	expect(t, http.MethodGet, base+"/v1/items/missing", "", http.StatusNotFound)
	expect(t, http.MethodPut, base+"/v1/items/abc-1", `{"name":`, http.StatusBadRequest)
	expect(t, http.MethodGet, base+"/readyz", "", http.StatusOK)
	metrics := expect(t, http.MethodGet, admin+"/metrics", "", http.StatusOK)
	if !strings.Contains(metrics, strings.ReplaceAll(a.Name, "-", "_")+`_http_requests_total{method="GET",route="/v1/items/:id",status_code="200"} 1`) {
		t.Errorf("/metrics lacks the RED counter for the GET route:\n%s", metrics)
	}
	problems, err := promlint.New(strings.NewReader(metrics)).Lint()
	if err != nil {
		t.Fatalf("promlint: %v", err)
	}
	for _, p := range problems {
		t.Errorf("promlint: %s: %s", p.Metric, p.Text)
	}
	if pg == nil {
		stopGracefully(t, cmd, logs)
		return
	}
	if !strings.Contains(metrics, strings.ReplaceAll(a.Name, "-", "_")+"_db_pool_acquires_total") {
		t.Errorf("/metrics lacks the database pool metrics")
	}
	// Readiness follows the database without a restart; liveness does not.
	pg.Stop(t)
	waitStatus(t, base+"/readyz", http.StatusServiceUnavailable, logs)
	expect(t, http.MethodGet, base+"/healthz", "", http.StatusOK)
	pg.Start(t)
	waitStatus(t, base+"/readyz", http.StatusOK, logs)
	stopGracefully(t, cmd, logs)

	// The write is in the database: a new process reads it back. That
	// process then stops under load, with a shutdown delay so that the
	// load goes on after SIGTERM.
	cmd, logs = startService(t, bin, base, append(env, prefix+"_SHUTDOWN_DELAY="+loadShutdownDelay))
	defer func() { _ = cmd.Process.Kill() }()
	if got := expect(t, http.MethodGet, base+"/v1/items/abc-1", "", http.StatusOK); !strings.Contains(got, `"quantity":3`) {
		t.Errorf("after a restart GET /v1/items/abc-1 = %s, want the PUT's item", got)
	}
	checkSIGTERMUnderLoad(t, cmd, base, logs, pg)
}

// buildOnFreePorts builds the service's binary into dir/bin and returns it
// with its environment prefix, its base URLs on two free loopback ports, and
// the environment that puts it there.
func buildOnFreePorts(t *testing.T, dir string, a generator.Answers) (bin, prefix, base, admin string, env []string) {
	t.Helper()
	bin = filepath.Join(dir, "bin", a.Name)
	run(t, dir, 5*time.Minute, "go", "build", "-o", bin, "./cmd/"+a.Name)
	prefix = envPrefix(a)
	httpAddr, adminAddr := freeAddr(t), freeAddr(t)
	env = []string{prefix + "_HTTP_ADDR=" + httpAddr, prefix + "_ADMIN_ADDR=" + adminAddr}
	return bin, prefix, "http://" + httpAddr, "http://" + adminAddr, env
}

// startService starts bin with env added and waits until base/healthz answers.
func startService(t *testing.T, bin, base string, env []string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), bin)
	cmd.Env = append(os.Environ(), env...)
	logs := new(bytes.Buffer)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitHealthy(t, base+"/healthz", logs)
	return cmd, logs
}

func freeAddr(t *testing.T) string {
	t.Helper()
	var lc net.ListenConfig
	l, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

func waitHealthy(t *testing.T, url string, logs *bytes.Buffer) {
	t.Helper()
	waitStatus(t, url, http.StatusOK, logs)
}

// waitStatus polls url until it answers want, for up to 30s.
func waitStatus(t *testing.T, url string, want int, logs *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if status(t, url) == want {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not answer %d within 30s; logs:\n%s", url, want, logs.String())
}

func expect(t *testing.T, method, url, body string, want int) string {
	t.Helper()
	resp, b := do(t, method, url, body, nil)
	if resp.status != want {
		t.Errorf("%s %s: status %d, want %d; body %s", method, url, resp.status, want, b)
	}
	return string(b)
}

func stopGracefully(t *testing.T, cmd *exec.Cmd, logs *bytes.Buffer) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("service exit after SIGTERM: %v\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Errorf("service did not stop within 30s of SIGTERM\n%s", logs.String())
	}
}

// status GETs url and returns the status code, or 0 if it cannot connect.
func status(t *testing.T, url string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}
