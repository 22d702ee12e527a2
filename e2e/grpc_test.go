package e2e

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
)

// TestGRPC builds and runs a standard+grpc service and calls its example
// RPC service the ways a user would: grpcurl (pinned in tools/) over
// reflection, the gRPC health protocol, and Connect JSON over plain
// net/http. One NotFound call is then followed through the standard chain:
// its access-log line, its series on /metrics and its server span, read from
// the OTLP/HTTP export the service sends to a receiver in this test. Last,
// in the same tree under git: `go generate ./...` changes nothing (the
// rendered generated code is what the pinned plugins write) and
// `buf breaking` fails on a removed field and passes on an added one.
func TestGRPC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a generated service")
	}
	grpcurl := tool(t, "grpcurl")
	a := generator.Answers{
		Name: "e2e-grpc", Module: "example.com/e2e/grpc", Description: "End-to-end grpc service.",
		Owner: "acme/platform", GoVersion: generator.GoVersions[0], Preset: "standard", License: "none",
		Features: []string{"grpc", "httpclient"},
	}.Resolve()
	dir := generate(t, a)
	otlp := startOTLPReceiver(t)
	bin, prefix, base, admin, env := buildOnFreePorts(t, dir, a)
	env = append(env,
		"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="+otlp.url+"/v1/traces",
		"OTEL_BSP_SCHEDULE_DELAY=100",
		prefix+"_GRPC_REFLECTION=true",
	)
	cmd, logs := startService(t, bin, base, env)
	defer func() { _ = cmd.Process.Kill() }() // no-op once it has exited

	ns := strings.ReplaceAll(a.Name, "-", "_")
	svc := ns + ".v1.ItemService"
	addr := strings.TrimPrefix(base, "http://")
	// grpcurl [flags] address [list|describe|method] [symbol]
	call := func(data string, what ...string) (string, int) {
		args := []string{"-plaintext"}
		if data != "" {
			args = append(args, "-d", data)
		}
		return runExit(t, dir, grpcurl, append(append(args, addr), what...)...)
	}

	out, code := call("", "list")
	if code != 0 || !strings.Contains(out, svc) || !strings.Contains(out, "grpc.health.v1.Health") {
		t.Errorf("grpcurl list: exit %d, want 0 listing %s and grpc.health.v1.Health (reflection):\n%s", code, svc, out)
	}
	out, code = call("", "describe", svc)
	if code != 0 || !strings.Contains(out, "rpc Get") || !strings.Contains(out, "NO_SIDE_EFFECTS") || !strings.Contains(out, "stream") {
		t.Errorf("grpcurl describe %s: exit %d, want the methods with their idempotency and the stream:\n%s", svc, code, out)
	}
	out, code = call(`{"item":{"id":"a","name":"apple","quantity":3}}`, svc+"/Put")
	if code != 0 || !strings.Contains(out, `"apple"`) {
		t.Errorf("grpcurl Put: exit %d, want 0 and the stored item:\n%s", code, out)
	}
	out, code = call(`{"id":"a"}`, svc+"/Get")
	if code != 0 || !strings.Contains(out, `"apple"`) {
		t.Errorf("grpcurl Get a: exit %d, want 0 and the item Put stored:\n%s", code, out)
	}
	// grpcurl exits 64 + the gRPC code: NotFound (5) is 69.
	out, code = call(`{"id":"missing"}`, svc+"/Get")
	if code != 69 || !strings.Contains(out, "NotFound") {
		t.Errorf("grpcurl Get missing: exit %d, want 69 (NotFound):\n%s", code, out)
	}
	out, code = call(`{"service":""}`, "grpc.health.v1.Health/Check")
	if code != 0 || !strings.Contains(out, `"SERVING"`) {
		t.Errorf("grpcurl health Check: exit %d, want SERVING:\n%s", code, out)
	}

	// Connect's JSON protocol needs no gRPC client: a POST, as curl sends it.
	resp, body := do(t, http.MethodPost, base+"/"+svc+"/Get", `{"id":"missing"}`, nil)
	var cerr struct{ Code, Message string }
	if err := json.Unmarshal(body, &cerr); resp.status != http.StatusNotFound || err != nil || cerr.Code != "not_found" {
		t.Errorf("Connect JSON POST Get missing: %d %s, want 404 with {\"code\":\"not_found\",...}", resp.status, body)
	}

	// Both NotFound calls (gRPC and Connect) are one series, labelled by
	// the procedure and the code's HTTP equivalent, not 200.
	metrics := expect(t, http.MethodGet, admin+"/metrics", "", http.StatusOK)
	series := ns + `_http_requests_total{method="POST",route="/` + svc + `/Get",status_code="404"} 2`
	if !strings.Contains(metrics, series) {
		t.Errorf("/metrics lacks %s:\n%s", series, grepLines(metrics, "_http_requests_total"))
	}
	stopGracefully(t, cmd, logs)

	traceID := checkNotFoundLogLine(t, logs.String(), "/"+svc+"/Get")
	checkNotFoundSpan(t, otlp, svc+"/Get", traceID)
	checkGenerateAndBreaking(t, dir, ns)
}

// checkNotFoundLogLine finds the access-log line of the gRPC NotFound call
// and returns its trace id.
func checkNotFoundLogLine(t *testing.T, logs, route string) string {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(logs))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var line struct {
			Route    string `json:"route"`
			Status   int    `json:"status"`
			GRPCCode string `json:"grpc_code"`
			TraceID  string `json:"trace_id"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil || line.Route != route || line.GRPCCode != "NOT_FOUND" {
			continue
		}
		if line.Status != http.StatusNotFound || len(line.TraceID) != 32 {
			t.Errorf("access log of the NotFound RPC: status %d, trace_id %q; want 404 and a trace id:\n%s", line.Status, line.TraceID, sc.Text())
		}
		return line.TraceID
	}
	t.Fatalf("no access-log line with route %s and grpc_code NOT_FOUND:\n%s", route, logs)
	return ""
}

// checkNotFoundSpan looks for the server span of the call in what the
// service exported: an OTLP protobuf payload holds the span name, the
// trace id (16 raw bytes) and string attribute values as they are, so the
// bytes are searched without decoding the whole message.
func checkNotFoundSpan(t *testing.T, otlp *otlpReceiver, name, traceID string) {
	t.Helper()
	id, err := hex.DecodeString(traceID)
	if err != nil {
		t.Fatal(err)
	}
	payload := otlp.payload()
	for _, want := range [][]byte{[]byte(name), id, []byte("rpc.response.status_code"), []byte("NOT_FOUND")} {
		if !bytes.Contains(payload, want) {
			t.Errorf("exported spans (%d bytes) lack %q: no server span %s for trace %s", len(payload), want, name, traceID)
		}
	}
}

// checkGenerateAndBreaking commits the service, then runs what its CI runs:
// go generate must leave the tree as rendered, and buf breaking must
// catch a removed field (exit 100) and let an added one pass.
func checkGenerateAndBreaking(t *testing.T, dir, ns string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(dir, "bin")); err != nil { // the built service: not source
		t.Fatal(err)
	}
	gitCommit(t, dir, "generated")
	run(t, dir, 3*time.Minute, "go", "generate", "./...")
	if st := run(t, dir, time.Minute, "git", "status", "--porcelain"); st != "" {
		diff := run(t, dir, time.Minute, "git", "diff")
		t.Errorf("go generate ./... changed the rendered tree:\n%s\n%s", st, tail(diff, 60))
	}
	proto := filepath.Join(dir, "api", ns, "v1", "item.proto")
	orig, err := os.ReadFile(proto)
	if err != nil {
		t.Fatal(err)
	}
	quantity := regexp.MustCompile(`(?m)^\s*int64 quantity = \d+;\n`)
	if !quantity.Match(orig) {
		t.Fatalf("%s has no `int64 quantity = N;` field to remove:\n%s", proto, orig)
	}
	breaking := func() (string, int) {
		return runExit(t, dir, "go", "tool", "-modfile=tools/buf/go.mod", "buf", "breaking", "--against", ".git#ref=HEAD")
	}
	writeFile(t, proto, quantity.ReplaceAll(orig, nil))
	if out, code := breaking(); code != 100 || !strings.Contains(out, `"quantity"`) {
		t.Errorf("buf breaking after removing quantity: exit %d, want 100 naming the field:\n%s", code, out)
	}
	writeFile(t, proto, bytes.Replace(orig, []byte("message Item {\n"), []byte("message Item {\n  string note = 99;\n"), 1))
	if out, code := breaking(); code != 0 {
		t.Errorf("buf breaking after adding a field: exit %d, want 0:\n%s", code, out)
	}
}

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// runExit runs a command in dir and returns its combined output and exit
// code, for commands whose failure is the thing tested.
func runExit(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("%s %s (%.1fs)", filepath.Base(name), strings.Join(args, " "), time.Since(start).Seconds())
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	default:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		return "", -1
	}
}

func grepLines(s, sub string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(s, "\n") {
		if strings.Contains(line, sub) {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// otlpReceiver is a minimal OTLP/HTTP traces endpoint: it keeps every
// export request's body, gunzipped.
type otlpReceiver struct {
	url    string
	mu     sync.Mutex
	bodies bytes.Buffer
}

func startOTLPReceiver(t *testing.T) *otlpReceiver {
	t.Helper()
	r := &otlpReceiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var body io.Reader = req.Body
		if req.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(req.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			body = zr
		}
		b, err := io.ReadAll(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		r.bodies.Write(b)
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	t.Cleanup(srv.Close)
	r.url = srv.URL
	return r
}

func (r *otlpReceiver) payload() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Clone(r.bodies.Bytes())
}
