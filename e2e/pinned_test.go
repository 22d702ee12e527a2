package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcgen/svcgen/internal/release"
	"github.com/svcgen/svcgen/internal/update"
)

// pinnedModule is the dependency the team pins older, and the version: as
// in issue 20, `go get golang.org/x/sync@v0.18.0` lowers client_golang,
// otel and grpc through the module graph, and `go mod tidy` then drops the
// go.sum lines of the versions the templates require.
const pinnedModule, pinnedVersion = "golang.org/x/sync", "v0.18.0"

// TestUpdateFromEveryReleaseWithPinnedDependency is the proof of issue 20:
// a standard service generated at every earlier template release, whose
// team pinned a dependency older and commented go.mod, is updated to the
// current templates; an update that exits 0 (no conflict) must leave a
// service that builds, vets, passes its tests and whose modules verify,
// with the team's go.mod comment kept. The go commands run against the
// module cache (GOFLAGS=-mod=readonly; the pin needs golang.org/x/sync
// v0.18.0 there, or a GOPROXY).
func TestUpdateFromEveryReleaseWithPinnedDependency(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds and tests updated services (minutes); run without -short")
	}
	releases, err := release.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range releases[:len(releases)-1] {
		t.Run(r.Name(), func(t *testing.T) {
			dir := pinnedService(t, r)
			plan, err := update.Prepare(update.Options{Dir: dir})
			if err != nil {
				t.Fatalf("update: %v", err)
			}
			if err := plan.Apply(context.Background()); err != nil {
				t.Fatalf("apply: %v", err)
			}
			for _, n := range plan.Notes {
				t.Logf("note: %s", n)
			}
			if cs := plan.Conflicts(); len(cs) > 0 {
				for _, c := range cs {
					t.Logf("conflict %s: %s", c.Path, c.Reason)
				}
				t.Fatalf("%s → %s: %d conflict(s): the update did not succeed", plan.From, plan.To, len(cs))
			}
			run(t, dir, 10*time.Minute, "go", "build", "./...")
			run(t, dir, 5*time.Minute, "go", "vet", "./...")
			run(t, dir, 15*time.Minute, "go", "test", "-count=1", "./...")
			run(t, dir, 5*time.Minute, "go", "mod", "verify")
			mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
			if err != nil || !strings.Contains(string(mod), "// Pinned: see the x/sync incident.") {
				t.Errorf("go.mod lost the team's comment (err %v):\n%s", err, mod)
			}
		})
	}
}

// pinnedService writes the standard preset at release r, commits it, pins
// pinnedModule older with go get and go mod tidy, comments go.mod, and
// commits again.
func pinnedService(t *testing.T, r release.Release) string {
	t.Helper()
	a := presetAnswers("standard")
	dir := generateAt(t, r, a)
	run(t, dir, 5*time.Minute, "go", "get", pinnedModule+"@"+pinnedVersion)
	run(t, dir, 5*time.Minute, "go", "mod", "tidy")
	edit(t, dir, "go.mod", "\nrequire (", "\n// Pinned: see the x/sync incident.\nrequire (")
	run(t, dir, 10*time.Minute, "go", "build", "./...")
	gitCommit(t, dir, "pin "+pinnedModule+" "+pinnedVersion)
	return dir
}
