package e2e

import (
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
)

// TestRenderedGeneratedCodeIsThePlugins: svcgen new renders the example's
// generated code (internal/gen) from templates, without running a tool
// (generator/rawdesc.go). Here the real toolchain (buf from tools/buf, the
// plugins pinned in go.mod) regenerates it in services whose names change
// the proto package's length and spelling (a hyphen, two letters: one-byte
// length prefixes differ), and must change nothing.
func TestRenderedGeneratedCodeIsThePlugins(t *testing.T) {
	if testing.Short() {
		t.Skip("runs buf and the protobuf plugins in generated services")
	}
	for _, s := range []struct{ name, module string }{
		{"orders", "example.com/orders"},
		{"shop-api", "example.com/acme/shop-api"},
		{"ab", "x.io/ab"},
	} {
		t.Run(s.name, func(t *testing.T) {
			a := generator.Answers{
				Name: s.name, Module: s.module, Description: "Rendered generated code.",
				Owner: "acme/platform", GoVersion: generator.GoVersions[0], Preset: "minimal", License: "none",
				Features: []string{"grpc"},
			}.Resolve()
			dir := generate(t, a)
			gitCommit(t, dir, "rendered")
			run(t, dir, 5*time.Minute, "go", "generate", "./...")
			if st := run(t, dir, time.Minute, "git", "status", "--porcelain"); st != "" {
				diff := run(t, dir, time.Minute, "git", "diff")
				t.Errorf("go generate ./... changed the rendered tree:\n%s\n%s", st, tail(diff, 80))
			}
		})
	}
}
