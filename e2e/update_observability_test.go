package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/release"
	"github.com/svcgen/svcgen/internal/update"
)

// TestUpdateAddsObservability is the proof that a service from every
// earlier template release takes the observability feature with
// `svcgen update --add-feature observability` (the real CLI): each is
// generated at its release with the features that release had, committed
// and updated. The update must not conflict; the monitoring files, and
// every file of the feature's layers, must be exactly what `svcgen new`
// writes today; the service must build and vet (its tests compile) and
// `svcgen check` must find nothing; a second update must change nothing.
// The standard preset covers the outbound client whose metrics the
// dashboard reads; the newest release's full preset covers k8s.
func TestUpdateAddsObservability(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds updated services (minutes); run without -short")
	}
	svcgen := buildSvcgen(t)
	releases, err := release.All()
	if err != nil {
		t.Fatal(err)
	}
	earlier := releases[:len(releases)-1]
	for _, r := range earlier {
		presets := []string{"standard"}
		if r == earlier[len(earlier)-1] {
			presets = append(presets, "full")
		}
		for _, preset := range presets {
			t.Run(r.Name()+"-"+preset, func(t *testing.T) {
				a := presetAnswers(preset)
				// What the preset held before this release: no
				// observability, and no grpc (both new in the current one).
				a.Features = slices.DeleteFunc(slices.Clone(a.Features), func(f string) bool {
					return f == "observability" || f == "grpc"
				})
				dir := generateAt(t, r, a)
				out := run(t, dir, 5*time.Minute, svcgen, "update", "--add-feature", "observability", dir)
				requireNoConflict(t, out)
				gitCommit(t, dir, "updated")

				a.Features = generator.ParseFeatures(strings.Join(append(a.Features, "observability"), ","))
				requireFreshRender(t, dir, a, "deploy/monitoring/", "deploy/k8s/podmonitor.yaml", "deploy/k8s/prometheusrule.yaml",
					"docs/alerts.md", "docs/dashboard.md", "internal/httpclient/metrics.go", "internal/httpclient/metrics_test.go")
				run(t, dir, 10*time.Minute, "go", "build", "./...")
				run(t, dir, 5*time.Minute, "go", "vet", "./...")
				checkOnlyDrift(t, dir)
				again, err := update.Prepare(update.Options{Dir: dir})
				if err != nil || !again.UpToDate() {
					t.Errorf("a second update is not a no-op: %v %v", err, again.Changes())
				}
			})
		}
	}
}

// requireFreshRender: every file a fresh render of a has under one of the
// prefixes is in dir with the same bytes, and the feature's monitoring
// files are among them.
func requireFreshRender(t *testing.T, dir string, a generator.Answers, prefixes ...string) {
	t.Helper()
	tree, err := generator.Generate(a)
	if err != nil {
		t.Fatal(err)
	}
	var compared []string
	for _, f := range tree.Files {
		if !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(f.Path, p) }) {
			continue
		}
		compared = append(compared, f.Path)
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil || !bytes.Equal(got, f.Data) {
			t.Errorf("%s after the update differs from what svcgen new writes (err %v)", f.Path, err)
		}
	}
	for _, want := range []string{"deploy/monitoring/rules.yaml", "deploy/monitoring/dashboard.json"} {
		if !slices.Contains(compared, want) {
			t.Errorf("a fresh render of %v has no %s", a.Features, want)
		}
	}
	t.Logf("%d files as svcgen new writes them: %s", len(compared), strings.Join(compared, ", "))
}
