package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/svcgen/svcgen/internal/gensum"
)

// TestGeneratedCodeFreshness: a new grpc service is fresh; each way its
// generated code can depart from internal/gen/gen.sum is one grpc finding
// on the file concerned, found without running any tool.
func TestGeneratedCodeFreshness(t *testing.T) {
	const (
		proto = "api/orders_api/v1/item.proto"
		pbgo  = "internal/gen/orders_api/v1/item.pb.go"
	)
	a := answers("standard", "grpc", "httpclient")
	fresh := writeGenerated(t, a)
	if r := analyze(t, fresh, currentOptions(t)); !r.Clean() {
		t.Fatalf("fresh grpc service:\n%s", brief(r.Findings))
	}
	for _, p := range []string{proto, pbgo, gensum.Name} {
		if _, err := os.Stat(filepath.Join(fresh, p)); err != nil {
			t.Fatalf("the fresh service lacks %s: %v", p, err)
		}
	}
	appendTo := func(rel, s string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			p := filepath.Join(dir, filepath.FromSlash(rel))
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, append(data, s...), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write := func(rel, s string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			p := filepath.Join(dir, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	remove := func(rel string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
				t.Fatal(err)
			}
		}
	}
	bumpPlugin := func(t *testing.T, dir string) {
		p := filepath.Join(dir, "go.mod")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		bumped := strings.Replace(string(data), "connectrpc.com/connect v1.21.1", "connectrpc.com/connect v1.21.2", 1)
		if bumped == string(data) {
			t.Fatal("go.mod does not require connectrpc.com/connect v1.21.1")
		}
		if err := os.WriteFile(p, []byte(bumped), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name    string
		seed    func(t *testing.T, dir string)
		path    string
		message string
	}{
		{"proto changed", appendTo(proto, "// a new comment\n"), proto,
			"generated code is stale relative to " + proto + " (changed since the code was generated): run go generate ./..."},
		{"proto added", write("api/orders_api/v1/order.proto", "syntax = \"proto3\";\n"), "api/orders_api/v1/order.proto",
			"generated code is stale relative to api/orders_api/v1/order.proto (not in internal/gen/gen.sum): run go generate ./..."},
		{"buf.gen.yaml changed", appendTo("buf.gen.yaml", "# x\n"), "buf.gen.yaml", "stale relative to buf.gen.yaml"},
		{"plugin version changed", bumpPlugin, "go.mod", "protoc-gen-connect-go is v1.21.2 in go.mod, internal/gen/gen.sum recorded \"v1.21.1\""},
		{"generated code edited", appendTo(pbgo, "// edited\n"), pbgo,
			pbgo + " was edited by hand (differs from what code generation wrote); it is regenerated from its proto: run go generate ./..."},
		{"generated file added by hand", write("internal/gen/orders_api/v1/extra.go", "package orders_apiv1\n"), "internal/gen/orders_api/v1/extra.go", "was edited by hand"},
		{"generated file missing", remove(pbgo), pbgo, "generated code is stale: " + pbgo + " is missing"},
		{"record missing", remove(gensum.Name), gensum.Name, "the freshness record of the generated code is missing"},
		{"record damaged", write(gensum.Name, "nonsense\n"), gensum.Name, "internal/gen/gen.sum:1:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeGenerated(t, a)
			tc.seed(t, dir)
			r := analyze(t, dir, Options{Now: now})
			var got []Finding
			for _, f := range r.Findings {
				if f.Rule == ruleGRPC {
					got = append(got, f)
				}
			}
			if len(got) != 1 || got[0].Path != tc.path || !strings.Contains(got[0].Message, tc.message) {
				t.Errorf("findings:\n%s\nwant one grpc finding on %s containing %q", brief(r.Findings), tc.path, tc.message)
			}
		})
	}
}

// TestProtosWithoutTheFeatureAreTheTeams: a service without the grpc
// feature may keep protos of its own; with no record, check has nothing to
// compare them with and says nothing.
func TestProtosWithoutTheFeatureAreTheTeams(t *testing.T) {
	dir := writeGenerated(t, answers("standard", "httpclient"))
	p := filepath.Join(dir, "api", "events", "v1", "event.proto")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("syntax = \"proto3\";\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := analyze(t, dir, Options{Now: now}); !r.Clean() {
		t.Errorf("a standard service with a proto of its own:\n%s", brief(r.Findings))
	}
}

// TestGRPCImportOnlyInGRPCServices: without the feature, a grpc-go client
// in service code is no second server's sign of life.
func TestGRPCImportOnlyInGRPCServices(t *testing.T) {
	src := "package caller\n\nimport \"google.golang.org/grpc\"\n\nvar _ = grpc.NewClient\n"
	for _, tc := range []struct {
		features []string
		want     int
	}{{nil, 0}, {[]string{"grpc"}, 1}} {
		dir := writeGenerated(t, answers("standard", append(tc.features, "httpclient")...))
		p := filepath.Join(dir, "internal", "caller", "caller.go")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range analyze(t, dir, Options{Now: now}).Findings {
			if f.Rule == ruleGRPC {
				n++
			}
		}
		if n != tc.want {
			t.Errorf("features %v: %d grpc findings, want %d", tc.features, n, tc.want)
		}
	}
}
