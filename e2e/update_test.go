package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/check"
	"github.com/svcgen/svcgen/internal/release"
	"github.com/svcgen/svcgen/internal/update"
)

// TestUpdateFromFirstRelease is the proof that services generated before
// `svcgen update` existed can be brought forward: each preset is generated
// with template release 1 (the templates of svcgen 3ed62f6, which
// generator's TestReleasesRenderWhatTheyGenerated proves byte-identical to
// what that svcgen wrote), committed, edited the way a team would (a new
// package using a module the team added to go.mod, a changed scaffold
// handler, an edited managed Dockerfile), and updated to the current
// templates. The result must build, vet, pass its race tests, be tidy, and
// keep every edit; `svcgen check` must find nothing but the drift of the
// managed file the team edited.
func TestUpdateFromFirstRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds and tests updated services (minutes); run without -short")
	}
	first, err := release.Find(0, "sha256:1307caee7844b78a")
	if err != nil {
		t.Fatal(err)
	}
	for _, preset := range presets {
		t.Run(preset, func(t *testing.T) {
			a := presetAnswers(preset)
			dir := generateAt(t, first, a)
			edits := teamEdits(t, dir)
			gitCommit(t, dir, "team edits")

			plan, err := update.Prepare(update.Options{Dir: dir})
			if err != nil {
				t.Fatalf("update: %v", err)
			}
			if err := plan.Apply(context.Background()); err != nil {
				t.Fatalf("apply: %v", err)
			}
			for _, c := range plan.Conflicts() {
				t.Errorf("conflict %s: %s", c.Path, c.Reason)
			}
			t.Logf("%s → %s: %d files changed", plan.From, plan.To, len(plan.Changes()))
			for path, want := range edits {
				got, err := os.ReadFile(filepath.Join(dir, path))
				if err != nil || !bytes.Contains(got, []byte(want)) {
					t.Errorf("%s lost the team's edit %q (err %v)", path, want, err)
				}
			}
			run(t, dir, 10*time.Minute, "go", "build", "./...")
			run(t, dir, 5*time.Minute, "go", "vet", "./...")
			run(t, dir, 5*time.Minute, "go", "mod", "tidy", "-diff")
			run(t, dir, 15*time.Minute, "go", "test", "-race", "-count=1", "./...")
			checkOnlyDrift(t, dir, "Dockerfile")

			again, err := update.Prepare(update.Options{Dir: dir, AllowDirty: true})
			if err != nil || !again.UpToDate() {
				t.Errorf("a second update is not a no-op: %v %v", err, again.Changes())
			}
		})
	}
}

// shlexModule is the module the team adds: small, without dependencies,
// and in the module cache already (svcgen itself requires it).
const shlexModule = "github.com/google/shlex@v0.0.0-20191202100458-e7afc7fbc510"

// teamEdits changes the service as a team would and returns, per file, a
// text each edit left that must survive the update.
func teamEdits(t *testing.T, dir string) map[string]string {
	t.Helper()
	write(t, dir, "internal/ticket/ticket.go", `// Package ticket numbers support tickets.
package ticket

import "github.com/google/shlex"

// Words splits a ticket's command line as a shell would.
func Words(s string) ([]string, error) { return shlex.Split(s) }
`)
	write(t, dir, "internal/ticket/ticket_test.go", `package ticket

import (
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	got, err := Words("close \"ticket 7\"")
	if err != nil || strings.Join(got, "|") != "close|ticket 7" {
		t.Fatalf("Words = %q, %v", got, err)
	}
}
`)
	// As the team would add it: go get (GOFLAGS cleared, as run sets -mod=readonly).
	run(t, dir, 5*time.Minute, "env", "GOFLAGS=", "go", "get", shlexModule)
	run(t, dir, 5*time.Minute, "env", "GOFLAGS=", "go", "mod", "tidy")
	appendTo(t, dir, "internal/item/handler.go", "\n// maxNameHint is what the team's API docs quote as the longest name.\nconst maxNameHint = 64\n\nvar _ = maxNameHint\n")
	edit(t, dir, "Dockerfile", "USER nonroot:nonroot\nEXPOSE", "LABEL org.opencontainers.image.vendor=\"acme\"\nUSER nonroot:nonroot\nEXPOSE")
	return map[string]string{
		"internal/ticket/ticket.go": "shlex.Split(s)",
		"go.mod":                    "\t" + strings.Replace(shlexModule, "@", " ", 1) + "\n",
		"internal/item/handler.go":  "const maxNameHint = 64",
		"Dockerfile":                `LABEL org.opencontainers.image.vendor="acme"`,
	}
}

// checkOnlyDrift runs svcgen check and requires no finding but the drift of
// the managed files named.
func checkOnlyDrift(t *testing.T, dir string, managed ...string) {
	t.Helper()
	r, err := check.Analyze(dir, check.Options{TemplateVersion: release.Embedded().Digest, Render: generator.RenderMap})
	if err != nil {
		t.Fatal(err)
	}
	if r.TemplateLag != nil {
		t.Errorf("template lag after update: %+v", r.TemplateLag)
	}
	for _, f := range r.Findings {
		if f.Rule == check.RuleDrift && contains(managed, f.Path) {
			continue
		}
		t.Errorf("check: %s:%d %s: %s", f.Path, f.Line, f.Rule, f.Message)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func edit(t *testing.T, dir, rel, old, new string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if err != nil || !strings.Contains(string(data), old) {
		t.Fatalf("edit %s: %q not found (err %v)", rel, old, err)
	}
	write(t, dir, rel, strings.Replace(string(data), old, new, 1))
}

func appendTo(t *testing.T, dir, rel, text string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, rel, string(data)+text)
}

func gitCommit(t *testing.T, dir, msg string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		run(t, dir, time.Minute, "git", "init", "-q", "-b", "main")
	}
	run(t, dir, time.Minute, "git", "add", "-A")
	run(t, dir, time.Minute, "git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-q", "--allow-empty", "-m", msg)
}
