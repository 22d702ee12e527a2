package e2e

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFirstRunWithLocalDatabase follows the steps `svcgen new` prints for
// a postgres service, on the real tools: `make run` without a database
// says in one line how to get one; `make -s db-local` starts a throwaway
// PostgreSQL (as root, as the postgres user) and prints the export line;
// `make run` with it migrates and serves; `make db-local-stop` deletes it.
func TestFirstRunWithLocalDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and the service through make; run without -short")
	}
	requirePostgresBinaries(t)
	a := presetAnswers("full")
	dir := generate(t, a)
	prefix := envPrefix(a)

	out, code := makeIn(t, dir, nil, "run")
	if code == 0 || strings.Count(strings.TrimSpace(out), "\n") != 0 ||
		!strings.Contains(out, prefix+"_DATABASE_URL is not set") || !strings.Contains(out, `eval "$(make -s db-local)"`) {
		t.Fatalf("make run without %s_DATABASE_URL: exit %d, want non-zero and one line saying how to get a database:\n%s", prefix, code, out)
	}

	port := freePort(t)
	url := startDBLocal(t, dir, prefix, port)
	if want := "postgres://postgres@127.0.0.1:" + port + "/postgres?sslmode=disable"; url != want {
		t.Errorf("db-local printed %s, want %s (DB_LOCAL_PORT=%s)", url, want, port)
	}
	if again := startDBLocal(t, dir, prefix, port); again != url {
		t.Errorf("a second make db-local printed %s, want the running cluster's %s", again, url)
	}
	if got := psql(t, url, "SHOW listen_addresses"); got != "127.0.0.1" {
		t.Errorf("the cluster listens on %q, want loopback only", got)
	}

	httpAddr, adminAddr := freeAddr(t), freeAddr(t)
	env := []string{prefix + "_DATABASE_URL=" + url, prefix + "_HTTP_ADDR=" + httpAddr, prefix + "_ADMIN_ADDR=" + adminAddr}
	stop := startMakeRun(t, dir, env, "http://"+httpAddr)
	expect(t, http.MethodPut, "http://"+httpAddr+"/v1/items/first-run", `{"name":"widget","quantity":7}`, http.StatusOK)
	stop()
	if got := psql(t, url, "SELECT quantity FROM items WHERE id = 'first-run'"); got != "7" {
		t.Errorf("the PUT through make run is not in the local database: quantity %q, want 7", got)
	}

	clusterDir, err := os.ReadFile(filepath.Join(dir, ".db-local", "dir"))
	if err != nil {
		t.Fatalf("db-local records no cluster dir: %v", err)
	}
	if out, code := makeIn(t, dir, nil, "-s", "db-local-stop"); code != 0 {
		t.Fatalf("make db-local-stop: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(strings.TrimSpace(string(clusterDir))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("db-local-stop left %s behind (%v)", clusterDir, err)
	}
	d := net.Dialer{Timeout: time.Second}
	if conn, err := d.DialContext(t.Context(), "tcp", "127.0.0.1:"+port); err == nil {
		_ = conn.Close()
		t.Errorf("the cluster still accepts on port %s after db-local-stop", port)
	}
}

// requirePostgresBinaries skips loudly without PostgreSQL's server
// binaries, and fails instead when CI is set (as startPostgres does).
func requirePostgresBinaries(t *testing.T) {
	t.Helper()
	if _, err := postgresBin(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %v (apt-get install -y postgresql)", err)
		}
		t.Skipf("SKIPPING make db-local: %v. Install the server (apt-get install -y postgresql) to run it; with CI set this fails.", err)
	}
}

var exportLine = regexp.MustCompile(`^export ([A-Z0-9_]+)='([^']+)'\n$`)

// startDBLocal runs `make -s db-local` on port and returns the URL of its
// export line, which must be all of its stdout. The cluster is stopped
// when the test ends.
func startDBLocal(t *testing.T, dir, prefix, port string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "make", "-s", "db-local")
	cmd.Dir = dir
	cmd.Env = makeEnv("DB_LOCAL_PORT=" + port)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	t.Cleanup(func() { _, _ = makeIn(t, dir, nil, "-s", "db-local-stop") })
	if err != nil {
		t.Fatalf("make -s db-local: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	m := exportLine.FindStringSubmatch(stdout.String())
	if m == nil || m[1] != prefix+"_DATABASE_URL" {
		t.Fatalf("make -s db-local printed %q on stdout, want only export %s_DATABASE_URL='...' (stderr: %s)", stdout.String(), prefix, stderr.String())
	}
	return m[2]
}

// makeIn runs make in dir with env added; it returns the combined output
// and the exit code. Cleanups call it too, so not under t.Context().
func makeIn(t *testing.T, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "make", args...)
	cmd.Dir = dir
	cmd.Env = makeEnv(env...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return string(out), ee.ExitCode()
	case err != nil:
		t.Fatalf("make %s: %v", strings.Join(args, " "), err)
	}
	return string(out), 0
}

// startMakeRun starts `make run` in its own process group (go run starts
// the service as a child) and waits until base/readyz answers 200; the
// returned func stops the group with SIGTERM and waits for make.
func startMakeRun(t *testing.T, dir string, env []string, base string) func() {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "make", "run")
	cmd.Dir = dir
	cmd.Env = makeEnv(append(env, "GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local")...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	logs := new(bytes.Buffer)
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	kill := func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	t.Cleanup(kill)
	// go run compiles first: minutes with cold caches.
	deadline := time.Now().Add(5 * time.Minute)
	for status(t, base+"/readyz") != http.StatusOK {
		select {
		case err := <-done:
			t.Fatalf("make run exited before the service was ready: %v\n%s", err, logs.String())
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("make run: %s/readyz not 200 within 5 minutes\n%s", base, logs.String())
		}
	}
	return func() {
		t.Helper()
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case err := <-done:
			t.Logf("make run stopped by SIGTERM: %v", err)
		case <-time.After(30 * time.Second):
			t.Errorf("make run did not stop within 30s of SIGTERM\n%s", logs.String())
		}
	}
}

// psql runs one query against url and returns its single value.
func psql(t *testing.T, url, query string) string {
	t.Helper()
	bin, err := postgresBin()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), filepath.Join(bin, "psql"), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", query).CombinedOutput()
	if err != nil {
		t.Fatalf("psql %q: %v\n%s", query, err, out)
	}
	return strings.TrimSpace(string(out))
}

// makeEnv is this process's environment without what a parent make passes
// down (make test runs the e2e tests): with MAKELEVEL set, make prints
// "Entering directory" lines around the one line the test expects.
func makeEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES":
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}
