package add_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/add"
	"github.com/svcgen/svcgen/internal/gensum"
	"github.com/svcgen/svcgen/internal/refusal"
)

// grpcService writes a new service with the grpc feature.
func grpcService(t *testing.T) string {
	t.Helper()
	a := generator.Answers{Name: "orders", Module: "example.com/acme/orders", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: generator.GoVersions[0], Preset: "minimal", Features: []string{"grpc"}, License: "MIT"}.Resolve()
	tree, err := generator.Generate(a)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "orders")
	require.NoError(t, generator.Write(context.Background(), dir, tree, generator.WriteOptions{}))
	return dir
}

// TestAddRPCRefusesWithoutGo: without the Go toolchain the plugins cannot
// run; add refuses (exit 2) with one line naming the fix, and writes
// nothing.
func TestAddRPCRefusesWithoutGo(t *testing.T) {
	dir := grpcService(t)
	before := snapshot(t, dir)
	t.Setenv("PATH", t.TempDir())
	_, err := add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	var refused *refusal.Error
	require.ErrorAs(t, err, &refused)
	assert.Contains(t, err.Error(), "go is not on PATH: install Go")
	assert.NotContains(t, err.Error(), "\n")
	assert.Equal(t, before, snapshot(t, dir))
}

// TestAddRPCRefusesWithoutThePlugins: a service whose go.mod does not
// declare the plugins as tools cannot generate offline: refused, the fix
// named, nothing written.
func TestAddRPCRefusesWithoutThePlugins(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatal("this test needs the go command")
	}
	dir := grpcService(t)
	gomod := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(gomod)
	require.NoError(t, err)
	i := strings.Index(string(data), "\ntool (")
	require.Positive(t, i, "go.mod has a tool block")
	require.NoError(t, os.WriteFile(gomod, data[:i+1], 0o644))
	before := snapshot(t, dir)
	_, err = add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	var refused *refusal.Error
	require.ErrorAs(t, err, &refused)
	assert.Contains(t, err.Error(), "go tool protoc-gen-go cannot be built offline")
	assert.Contains(t, err.Error(), "run `go build ./...` in the service once")
	assert.Equal(t, before, snapshot(t, dir))
}

// TestAddRPCWithThePlugins: a resource added to a grpc service gets its
// proto, the plugins' code and the record in one write; the service
// builds, the resource's tests pass, `svcgen check`'s freshness holds, and
// `go generate ./...` (buf with the same plugins) changes nothing. Slow:
// it builds the service and buf.
func TestAddRPCWithThePlugins(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a service and runs buf: not under -short")
	}
	dir := grpcService(t)
	goRun(t, dir, "build", "./...")
	// order, and a resource with every field type (the all-types and
	// grpc-postgres goldens' fields): svcgen builds the plugins' request
	// from the proto it renders, so every construct it writes is checked
	// against buf's compiler by the go generate below.
	fields, err := generator.ParseFields("name:string,quantity:int,due:time,active:bool,userID:string")
	require.NoError(t, err)
	for _, r := range []generator.Resource{order(t), {Name: "shipment", Path: "/v1/shipments", Fields: fields}} {
		plan, err := add.Prepare(add.Options{Dir: dir, Resource: r})
		require.NoError(t, err)
		require.NoError(t, plan.Apply(context.Background()))
		for _, p := range []string{"api/orders/v1/" + r.Name + ".proto", "internal/gen/orders/v1/" + r.Name + ".pb.go", "internal/gen/orders/v1/ordersv1connect/" + r.Name + ".connect.go"} {
			assert.FileExists(t, filepath.Join(dir, filepath.FromSlash(p)))
		}
	}
	rec, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(gensum.Name)))
	require.NoError(t, err)
	assert.Contains(t, string(rec), "  internal/gen/orders/v1/order.pb.go\n")
	goRun(t, dir, "build", "./...")
	goRun(t, dir, "test", "-count=1", "./internal/order/...", "./internal/shipment/...")
	before := snapshot(t, dir)
	goRun(t, dir, "generate", "./...")
	after := snapshot(t, dir)
	for p, data := range after {
		if before[p] != data {
			t.Errorf("go generate ./... changed %s", p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("go generate ./... removed %s", p)
		}
	}
}

func goRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)
}
