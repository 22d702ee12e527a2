package e2e

import (
	"bytes"
	"os"
	"path"
	"testing"

	"github.com/svcgen/svcgen/generator"
)

// TestBenchCacheCopyInSync: the comparison benchmarks in bench/ (their own
// module, so the service never depends on otter or golang-lru) measure a
// copy of the generated cache. The copy must be byte-identical.
func TestBenchCacheCopyInSync(t *testing.T) {
	files, err := generator.RenderMap(presetAnswers("minimal"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"cache.go", "policy.go", "queue.go", "shard.go", "table.go"} {
		want := files[path.Join("internal/platform/cache", name)]
		if want == nil {
			t.Fatalf("the service has no internal/platform/cache/%s", name)
		}
		got, err := os.ReadFile("../bench/internal/cache/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("bench/internal/cache/%s differs from the template; copy it from a generated service", name)
		}
	}
}
