package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/shlex"
	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/journal"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/release"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/update/*.txtar outputs")

// updateScenario is the YAML comment of testdata/update/*.txtar.
type updateScenario struct {
	Preset string `yaml:"preset"` // the service, generated at release From
	From   int    `yaml:"from"`   // 0: the current release`
	Git    bool   `yaml:"git"`    // a git repository with the old tree committed
	Dirty  bool   `yaml:"dirty"`  // leave the edits uncommitted
	Args   string `yaml:"args"`   // flags of svcgen update
	// FailAt stops the apply before its FailAt-th step, as a crash would;
	// the tree must then be intact, and the next update completes it.
	FailAt int `yaml:"fail_at"`
	// Add runs `svcgen add resource` with each of these argument lists
	// right after the service is generated (before the first commit).
	Add []string `yaml:"add"`
}

// Input sections edit the service after it is generated and before the
// update: edit/P (blocks of "<<<\nold\n===\nnew\n>>>\n", each old text
// replaced once), write/P (P's whole new content), append/P, delete/P,
// badsum/P (the manifest records a wrong sha256 for P), crlf/P (P
// converted to CRLF line endings). Output sections: out/exit, out/stdout,
// out/stderr, out/tree/P for every file whose result differs from a fresh
// render of the new answers (or that a fresh render lacks), out/gone/P for
// every fresh-render file the result lacks. -update rewrites them.
func TestUpdateScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/update/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			require.NoError(t, err)
			var sc updateScenario
			dec := yaml.NewDecoder(bytes.NewReader(ar.Comment))
			dec.KnownFields(true)
			require.NoError(t, dec.Decode(&sc))
			got := runScenario(t, sc, ar)
			if *updateGolden {
				writeScenario(t, path, ar, got)
				return
			}
			compareScenario(t, ar, got)
		})
	}
}

func scenarioAnswers(preset string) generator.Answers {
	return generator.Answers{Name: "orders", Module: "example.com/acme/orders", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: generator.GoVersions[0], Preset: preset, License: "Apache-2.0"}.Resolve()
}

// featureRelease is the release that introduced a feature of a preset: an
// older release's svcgen resolved the preset without it, so a service it
// generated records no such feature.
var featureRelease = map[string]int{"grpc": 7}

// scenarioAnswersAt are scenarioAnswers as the svcgen of release n
// recorded them (0: the current release).
func scenarioAnswersAt(preset string, n int) generator.Answers {
	a := scenarioAnswers(preset)
	if n > 0 {
		a.Features = slices.DeleteFunc(slices.Clone(a.Features), func(f string) bool { return featureRelease[f] > n })
	}
	return a
}

// runScenario generates the old service, edits it, updates it and returns
// the output sections.
func runScenario(t *testing.T, sc updateScenario, ar *txtar.Archive) map[string][]byte {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "orders")
	old, err := release.Generate(releaseN(t, sc.From), scenarioAnswersAt(sc.Preset, sc.From))
	require.NoError(t, err)
	writeTree(t, dir, old)
	addResources(t, dir, sc.Add)
	if sc.Git {
		git(t, dir, "init", "-q", "-b", "main")
		git(t, dir, "add", "-A")
		git(t, dir, "commit", "-qm", "generated")
	}
	applyEdits(t, dir, ar)
	if sc.Git && !sc.Dirty {
		git(t, dir, "add", "-A")
		git(t, dir, "commit", "-qm", "edits", "--allow-empty")
	}
	args, err := shlex.Split(sc.Args)
	require.NoError(t, err)
	before := snapshot(t, dir)
	out := map[string][]byte{}
	code, stdout, stderr := runUpdateCmd(dir, args, sc.FailAt)
	if sc.FailAt > 0 {
		require.NotEqual(t, exitOK, code)
		require.Contains(t, snapshot(t, dir), ".svcgen-update/journal", "a crash after the journal was written leaves the journal")
		dry, dryOut, _ := runUpdateCmd(dir, []string{"--dry-run"}, 0)
		require.Equal(t, exitUsage, dry, "a pending journal must be completed before a dry run: %s", dryOut)
		code, stdout, stderr = runUpdateCmd(dir, args, 0)
		defer func() {
			require.Equal(t, cleanRun(t, sc, ar, args), snapshot(t, dir), "the completed update differs from one never interrupted")
		}()
	}
	out["out/exit"] = []byte(strconv.Itoa(code) + "\n")
	out["out/stdout"] = []byte(strings.ReplaceAll(stdout, dir, "$DIR"))
	out["out/stderr"] = []byte(strings.ReplaceAll(stderr, dir, "$DIR"))
	if code == exitUsage {
		require.Equal(t, before, snapshot(t, dir), "a refused update changed the tree")
	}
	if code == exitOK {
		if sc.Git {
			git(t, dir, "add", "-A")
			git(t, dir, "commit", "-qm", "updated", "--allow-empty")
		}
		again, stdout2, _ := runUpdateCmd(dir, nil, 0)
		require.Equal(t, exitOK, again, stdout2)
		require.Contains(t, stdout2, "is up to date", "a second update must change nothing")
	}
	for k, v := range resultSections(t, dir) {
		out[k] = v
	}
	return out
}

// cleanRun is the scenario's tree after an update that was not interrupted.
func cleanRun(t *testing.T, sc updateScenario, ar *txtar.Archive, args []string) map[string]string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "orders")
	old, err := release.Generate(releaseN(t, sc.From), scenarioAnswersAt(sc.Preset, sc.From))
	require.NoError(t, err)
	writeTree(t, dir, old)
	addResources(t, dir, sc.Add)
	applyEdits(t, dir, ar)
	code, out, _ := runUpdateCmd(dir, append([]string{"--allow-dirty"}, args...), 0)
	require.Equal(t, exitOK, code, out)
	return snapshot(t, dir)
}

// addResources runs `svcgen add resource ARGS DIR` for each argument list.
// add refuses a service at an older release (its code would not compile
// there), but a scenario needs resources that an older svcgen added: the
// manifest names the current release while add runs, then its own again.
// Only the bookkeeping matters to an update scenario, not the build.
func addResources(t *testing.T, dir string, adds []string) {
	t.Helper()
	if len(adds) == 0 {
		return
	}
	m, err := manifest.Read(dir, generator.CheckRecorded)
	require.NoError(t, err)
	version, number := m.TemplateVersion, m.TemplateRelease
	cur := releaseN(t, 0)
	setRelease(t, dir, cur.Digest, cur.Number)
	defer setRelease(t, dir, version, number)
	for _, a := range adds {
		args, err := shlex.Split(a)
		require.NoError(t, err)
		require.NotEmpty(t, args)
		ios, stdout, stderr := testIO(false)
		cmd := newAddResourceCmd(ios, journal.Options{}, nil)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		cmd.SetArgs(append([]string{args[0], dir}, args[1:]...))
		require.NoError(t, cmd.Execute(), "add resource %s: %s%s", a, stdout, stderr)
	}
}

// setRelease rewrites the manifest in dir to name another release.
func setRelease(t *testing.T, dir, digest string, number int) {
	t.Helper()
	m, err := manifest.Read(dir, generator.CheckRecorded)
	require.NoError(t, err)
	m.TemplateVersion, m.TemplateRelease = digest, number
	data, err := m.Encode()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, manifest.Name), data, 0o644))
}

// releaseN is release n, or the current one for 0.
func releaseN(t *testing.T, n int) release.Release {
	t.Helper()
	rs, err := release.All()
	require.NoError(t, err)
	if n == 0 {
		n = len(rs)
	}
	require.True(t, n >= 1 && n <= len(rs), "no release %d", n)
	return rs[n-1]
}

func runUpdateCmd(dir string, args []string, failAt int) (int, string, string) {
	ios, stdout, stderr := testIO(false)
	var write journal.Options
	if failAt > 0 {
		write.BeforeStep = func(i int, _ string) error {
			if i == failAt-1 {
				return errors.New("injected crash")
			}
			return nil
		}
	}
	cmd := newUpdateCmd(ios, write, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageErrorf(err) })
	cmd.SetArgs(append([]string{dir}, args...))
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	err := cmd.Execute()
	if err != nil && !errors.Is(err, errFindings) && !errors.Is(err, errConflicts) {
		fmt.Fprintln(stderr, "svcgen: "+err.Error())
	}
	return exitCode(err), stdout.String(), stderr.String()
}

func writeTree(t *testing.T, dir string, tree *generator.Tree) {
	t.Helper()
	for _, f := range tree.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, f.Data, f.Mode))
	}
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "git %v: %s", args, out)
}

func applyEdits(t *testing.T, dir string, ar *txtar.Archive) {
	t.Helper()
	for _, f := range ar.Files {
		kind, rel, ok := strings.Cut(f.Name, "/")
		if !ok || kind == "out" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(rel))
		switch kind {
		case "write":
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
			require.NoError(t, os.WriteFile(p, f.Data, 0o644))
		case "delete":
			require.NoError(t, os.Remove(p))
		case "badsum":
			m, err := manifest.Read(dir, generator.CheckRecorded)
			require.NoError(t, err)
			i := slices.IndexFunc(m.Files, func(f manifest.File) bool { return f.Path == rel })
			require.GreaterOrEqual(t, i, 0, "badsum/%s: not in the manifest", rel)
			m.Files[i].SHA256 = strings.Repeat("0", 64)
			data, err := m.Encode()
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, manifest.Name), data, 0o644))
		case "append":
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(p, append(data, f.Data...), 0o644))
		case "crlf":
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(p, bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")), 0o644))
		case "edit":
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(p, replaceBlocks(t, f.Name, data, string(f.Data)), 0o644))
		default:
			t.Fatalf("unknown section %s", f.Name)
		}
	}
}

func replaceBlocks(t *testing.T, name string, data []byte, blocks string) []byte {
	t.Helper()
	for _, b := range strings.Split(blocks, ">>>\n") {
		if strings.TrimSpace(b) == "" {
			continue
		}
		body, ok := strings.CutPrefix(b, "<<<\n")
		oldText, newText, ok2 := strings.Cut(body, "===\n")
		require.True(t, ok && ok2, "%s: want <<<\\nold\\n===\\nnew\\n>>>", name)
		require.True(t, bytes.Contains(data, []byte(oldText)), "%s: %q not found", name, oldText)
		data = bytes.Replace(data, []byte(oldText), []byte(newText), 1)
	}
	return data
}

// snapshot reads every file under dir except .git.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	require.NoError(t, err)
	return out
}

// resultSections compare the result with a fresh render of the answers
// the manifest now records.
func resultSections(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	got := snapshot(t, dir)
	fresh := map[string][]byte{}
	if m, err := manifest.Read(dir, generator.CheckRecorded); err == nil {
		tree, err := generator.Generate(generator.Answers(m.Answers))
		require.NoError(t, err)
		for _, f := range tree.Files {
			fresh[f.Path] = f.Data
		}
	}
	for p, data := range got {
		if w, ok := fresh[p]; !ok || !bytes.Equal(w, []byte(data)) {
			out["out/tree/"+p] = []byte(data)
		}
	}
	for p := range fresh {
		if _, ok := got[p]; !ok {
			out["out/gone/"+p] = nil
		}
	}
	return out
}

func writeScenario(t *testing.T, path string, ar *txtar.Archive, got map[string][]byte) {
	t.Helper()
	var files []txtar.File
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "out/") {
			files = append(files, f)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(got)) {
		files = append(files, txtar.File{Name: name, Data: got[name]})
	}
	ar.Files = files
	require.NoError(t, os.WriteFile(path, txtar.Format(ar), 0o644))
}

func compareScenario(t *testing.T, ar *txtar.Archive, got map[string][]byte) {
	t.Helper()
	want := map[string][]byte{}
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "out/") {
			want[f.Name] = f.Data
		}
	}
	for _, name := range slices.Sorted(maps.Keys(got)) {
		w, ok := want[name]
		switch {
		case !ok:
			t.Errorf("unexpected %s:\n%s", name, got[name])
		case !bytes.Equal(normalizeTxtar(w), normalizeTxtar(got[name])):
			t.Errorf("different %s:\n%s", name, diff.Diff("want/"+name, w, "got/"+name, got[name]))
		}
		delete(want, name)
	}
	for name := range want {
		t.Errorf("missing %s", name)
	}
	if t.Failed() {
		t.Log("if the change is intended: go test ./cmd/svcgen -run TestUpdateScenarios -update-golden, then review the diff")
	}
}

// normalizeTxtar accounts for txtar adding a final newline to a section.
func normalizeTxtar(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] != '\n' {
		return append(slices.Clone(b), '\n')
	}
	return b
}
