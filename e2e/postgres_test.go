package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
)

// pgCluster is a throwaway PostgreSQL server: initdb into a temp dir, a
// unix socket in that dir and a free loopback port, trust authentication
// for the superuser postgres. Tests that need a database start one with
// startPostgres; it is stopped and deleted when the test ends.
type pgCluster struct {
	bin  string // directory of initdb, pg_ctl, postgres
	dir  string // owns data/ and the socket
	port string
	as   *user.User // the postgres system user when running as root, else nil
}

// startPostgres starts a cluster, or skips the test loudly when no
// PostgreSQL server binaries are installed. With CI set it fails instead:
// CI must prove the database feature, never skip it (.ci/run installs
// the packages).
func startPostgres(t *testing.T) *pgCluster {
	t.Helper()
	bin, err := postgresBin()
	if err == nil {
		var c *pgCluster
		if c, err = newCluster(t, bin); err == nil {
			return c
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but no PostgreSQL could be started: %v (apt-get install -y postgresql)", err)
	}
	t.Skipf("SKIPPING the PostgreSQL end-to-end checks: %v. Install the server (apt-get install -y postgresql) to run them; with CI set this fails.", err)
	return nil
}

// postgresBin finds the server binaries: the newest /usr/lib/postgresql/*/bin
// (Debian and Ubuntu keep them off PATH), else initdb on PATH.
func postgresBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	slices.SortFunc(dirs, func(a, b string) int { return pgMajor(b) - pgMajor(a) })
	if len(dirs) > 0 {
		return filepath.Dir(dirs[0]), nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("no initdb in /usr/lib/postgresql/*/bin or on PATH")
}

func pgMajor(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

func newCluster(t *testing.T, bin string) (*pgCluster, error) {
	t.Helper()
	// Not t.TempDir(): its parents are private to root, and initdb refuses
	// to run as root, so the server runs as the postgres user. Short, too:
	// a unix socket path has a 107-byte limit.
	dir, err := os.MkdirTemp("", "e2e-pg-")
	if err != nil {
		return nil, err
	}
	c := &pgCluster{bin: bin, dir: dir}
	t.Cleanup(func() {
		c.stop(t, "immediate")
		_ = os.RemoveAll(dir)
	})
	if os.Geteuid() == 0 {
		if c.as, err = user.Lookup("postgres"); err != nil {
			return nil, fmt.Errorf("running as root and no postgres user to run the server as: %w", err)
		}
		uid, _ := strconv.Atoi(c.as.Uid)
		gid, _ := strconv.Atoi(c.as.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	if out, err := c.pg(t, "initdb", "-D", c.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"); err != nil {
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	c.port = portOf(t, freeAddr(t))
	if err := c.start(t); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *pgCluster) data() string { return filepath.Join(c.dir, "data") }

// URL is the connection URL of the cluster's postgres database.
func (c *pgCluster) URL() string {
	return "postgres://postgres@127.0.0.1:" + c.port + "/postgres?sslmode=disable"
}

// start starts the server (again, on the same port) and waits until it accepts.
func (c *pgCluster) start(t *testing.T) error {
	t.Helper()
	opts := "-c listen_addresses=127.0.0.1 -p " + c.port + " -k " + c.dir + " -c fsync=off"
	out, err := c.pg(t, "pg_ctl", "-D", c.data(), "-o", opts, "-l", filepath.Join(c.dir, "log"), "-w", "-t", "60", "start")
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		return fmt.Errorf("pg_ctl start: %w\n%s\n%s", err, out, log)
	}
	return nil
}

// Start restarts a stopped server and fails the test if it cannot.
func (c *pgCluster) Start(t *testing.T) {
	t.Helper()
	if err := c.start(t); err != nil {
		t.Fatal(err)
	}
}

// Stop stops the server at once (fast mode: sessions are disconnected).
func (c *pgCluster) Stop(t *testing.T) {
	t.Helper()
	if out, err := c.pg(t, "pg_ctl", "-D", c.data(), "-m", "fast", "-w", "stop"); err != nil {
		t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

func (c *pgCluster) stop(t *testing.T, mode string) {
	if _, err := os.Stat(filepath.Join(c.data(), "postmaster.pid")); err == nil {
		_, _ = c.pg(t, "pg_ctl", "-D", c.data(), "-m", mode, "-w", "stop")
	}
}

// pg runs a server binary, as the postgres user when we are root.
func (c *pgCluster) pg(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	prog := filepath.Join(c.bin, name)
	var cmd *exec.Cmd
	if c.as != nil {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", prog}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, prog, args...)
	}
	cmd.Dir = c.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return strings.TrimSpace(out.String()), err
}

func portOf(t *testing.T, addr string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// TestPostgresCluster proves the helper itself: start, stop, start again on
// the same port.
func TestPostgresCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL server; run without -short")
	}
	c := startPostgres(t)
	addr := "127.0.0.1:" + c.port
	dial := func() error {
		d := net.Dialer{Timeout: time.Second}
		conn, err := d.DialContext(t.Context(), "tcp", addr)
		if err == nil {
			_ = conn.Close()
		}
		return err
	}
	if err := dial(); err != nil {
		t.Fatalf("started cluster does not accept on %s: %v", addr, err)
	}
	c.Stop(t)
	if dial() == nil {
		t.Fatalf("stopped cluster still accepts on %s", addr)
	}
	c.Start(t)
	if err := dial(); err != nil {
		t.Fatalf("restarted cluster does not accept on %s: %v", addr, err)
	}
}

// requireNoSkips fails when `go test -v` output skipped any test, and
// when one of the named tests did not pass: with a database the
// integration tests must run, not skip.
func requireNoSkips(t *testing.T, out string, mustPass ...string) {
	t.Helper()
	for _, p := range skipProblems(out, mustPass...) {
		t.Error(p)
	}
}

func skipProblems(out string, mustPass ...string) []string {
	var problems []string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "--- SKIP") {
			problems = append(problems, "a test skipped although the test database is set: "+strings.TrimSpace(line))
		}
	}
	for _, name := range mustPass {
		if !strings.Contains(out, "--- PASS: "+name+" ") {
			problems = append(problems, name+" did not run and pass")
		}
	}
	return problems
}

func TestSkipProblems(t *testing.T) {
	ran := "=== RUN   TestA\n--- PASS: TestA (0.01s)\n"
	if p := skipProblems(ran, "TestA"); len(p) != 0 {
		t.Errorf("a passing run: %v", p)
	}
	skipped := "=== RUN   TestA\n    a_test.go:9: set X_TEST_DATABASE_URL\n--- SKIP: TestA (0.00s)\n"
	if p := skipProblems(skipped, "TestA"); len(p) != 2 {
		t.Errorf("a skipped run: %v, want the skip and the missing pass", p)
	}
}

func envPrefix(a generator.Answers) string {
	return strings.ToUpper(strings.ReplaceAll(a.Name, "-", "_"))
}

// postgresFor starts a throwaway cluster when the answers have the postgres
// feature (nil otherwise) and points the service's integration tests (and
// fuzz targets) at it through <PREFIX>_TEST_DATABASE_URL.
func postgresFor(t *testing.T, a generator.Answers) *pgCluster {
	t.Helper()
	if !a.Has("postgres") {
		return nil
	}
	pg := startPostgres(t)
	t.Setenv(envPrefix(a)+"_TEST_DATABASE_URL", pg.URL())
	return pg
}
