package e2e

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
)

// smokeRequestLine is a request line the smoke script (and so `make demo`)
// prints from the service's access log: method, path, status, trace_id.
var smokeRequestLine = regexp.MustCompile(`(?m)^(GET|PUT) +/v1/items/\S+ +-> \d{3}  trace_id=[0-9a-f]{32}$`)

// checkSmokeScript runs the service's scripts/smoke.sh, which `make demo`
// shows: it must print an access-log line with its trace_id for each of
// its four item requests (the log is buffered, so the script must wait for
// the flush), and say that a first build can take minutes.
func checkSmokeScript(t *testing.T, dir string, a generator.Answers, pg *pgCluster) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join("scripts", "smoke.sh"))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HTTP_PORT="+freePort(t), "ADMIN_PORT="+freePort(t), "GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local")
	if pg != nil {
		cmd.Env = append(cmd.Env, envPrefix(a)+"_DATABASE_URL="+pg.URL())
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("scripts/smoke.sh: %v\n%s", err, out.String())
	}
	t.Logf("scripts/smoke.sh ran:\n%s", out.String())
	if n := len(smokeRequestLine.FindAllString(out.String(), -1)); n != 4 {
		t.Errorf("scripts/smoke.sh printed %d access-log request lines with a trace_id, want 4:\n%s", n, out.String())
	}
	if !bytes.Contains(out.Bytes(), []byte("takes minutes")) {
		t.Errorf("scripts/smoke.sh does not say that a cold first build takes minutes:\n%s", out.String())
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	_, port, err := net.SplitHostPort(freeAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	return port
}
