package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/release"
	"github.com/svcgen/svcgen/internal/update"
)

// Tests of issue 20: update and add resource never read, write or delete
// outside the service, never lose an edit, and never report success on a
// half-written tree.

// service writes the release-n render of preset into a fresh dir (n 0:
// the current release), committed to git when withGit.
func service(t *testing.T, n int, preset string, withGit bool) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "orders")
	tree, err := release.Generate(releaseN(t, n), scenarioAnswers(preset))
	require.NoError(t, err)
	writeTree(t, dir, tree)
	if withGit {
		git(t, dir, "init", "-q", "-b", "main")
		commitAll(t, dir)
	}
	return dir
}

func commitAll(t *testing.T, dir string) {
	t.Helper()
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "edit", "--allow-empty")
}

// moveOutside replaces the service's directory rel by a symlink to a copy
// outside the service, and returns the outside directory.
func moveOutside(t *testing.T, dir, rel string) string {
	t.Helper()
	outside := filepath.Join(t.TempDir(), "elsewhere")
	require.NoError(t, os.Rename(filepath.Join(dir, rel), outside))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, rel)))
	return outside
}

func TestUpdateRefusesDirSymlinkedOutside(t *testing.T) {
	dir := service(t, 1, "standard", false)
	outside := moveOutside(t, dir, "internal/httpserver")
	before := snapshot(t, outside)
	code, _, stderr := runUpdateCmd(dir, nil, 0)
	assert.Equal(t, before, snapshot(t, outside), "update changed files outside the service")
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "internal/httpserver is a symbolic link")
}

func TestUpdateRemoveFeatureKeepsSymlinkedDir(t *testing.T) {
	dir := service(t, 0, "full", false)
	outside := moveOutside(t, dir, "deploy/k8s")
	before := snapshot(t, outside)
	code, _, stderr := runUpdateCmd(dir, []string{"--remove-feature", "k8s"}, 0)
	assert.Equal(t, before, snapshot(t, outside), "update deleted files outside the service")
	info, err := os.Lstat(filepath.Join(dir, "deploy/k8s"))
	require.NoError(t, err, "the team's symlink was removed")
	assert.NotZero(t, info.Mode()&os.ModeSymlink)
	assert.Equal(t, exitUsage, code, stderr)
}

func TestAddResourceRefusesDirSymlinkedOutside(t *testing.T) {
	dir := service(t, 0, "standard", false)
	outside := moveOutside(t, dir, "internal")
	before := snapshot(t, outside)
	code, _, stderr := runCmd(t, 20*time.Second, "add", "resource", "order", dir)
	assert.Equal(t, before, snapshot(t, outside), "add changed files outside the service")
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "internal is a symbolic link")
}

func TestAddResourceDoesNotOpenFIFO(t *testing.T) {
	dir := service(t, 0, "standard", false)
	app := filepath.Join(dir, "internal/app/app.go")
	require.NoError(t, os.Remove(app))
	require.NoError(t, syscall.Mkfifo(app, 0o600))
	code, _, stderr := runCmd(t, 20*time.Second, "add", "resource", "order", dir)
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "internal/app/app.go: not a regular file")
}

// runCmd runs svcgen args and fails the test (instead of hanging it) when
// the command does not return within limit.
func runCmd(t *testing.T, limit time.Duration, args ...string) (int, string, string) {
	t.Helper()
	ios, stdout, stderr := testIO(false)
	done := make(chan int, 1)
	go func() { done <- run(args, ios) }()
	select {
	case code := <-done:
		return code, stdout.String(), stderr.String()
	case <-time.After(limit):
		t.Fatalf("svcgen %s did not return within %s (blocked on a read?)", strings.Join(args, " "), limit)
		return 0, "", ""
	}
}

func appendConflict(t *testing.T, dir, path, kind string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, manifest.Name), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("conflicts:\n  - path: " + path + "\n    kind: " + kind + "\n    reason: x\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

func TestConflictPathOutsideIsInvalid(t *testing.T) {
	for _, args := range [][]string{{"update"}, {"add", "resource", "order"}, {"check"}} {
		t.Run(args[0], func(t *testing.T) {
			dir := service(t, 1, "standard", false)
			require.NoError(t, syscall.Mkfifo(filepath.Join(filepath.Dir(dir), "fifo"), 0o600))
			appendConflict(t, dir, "../fifo", "markers")
			code, _, stderr := runCmd(t, 20*time.Second, append(args, dir)...)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, `conflicts[0].path "../fifo"`)
		})
	}
}

func TestConflictPathFIFOInsideIsNotOpened(t *testing.T) {
	for _, kind := range []string{"markers", "proposal", "orphan"} {
		t.Run(kind, func(t *testing.T) {
			dir := service(t, 0, "standard", false)
			require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "notes"), 0o600))
			require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "notes"+manifest.ProposalSuffix), 0o600))
			appendConflict(t, dir, "notes", kind)
			code, stdout, stderr := runCmd(t, 20*time.Second, "check", dir)
			assert.NotEqual(t, exitFailure, code, stdout+stderr)
			code, _, stderr = runCmd(t, 20*time.Second, "update", dir)
			assert.NotEqual(t, exitFailure, code, stderr)
		})
	}
}

func TestCheckDoesNotOpenFIFOAtManagedPath(t *testing.T) {
	dir := service(t, 0, "standard", false)
	name := filepath.Join(dir, "internal/httpserver/server.go")
	require.NoError(t, os.Remove(name))
	require.NoError(t, syscall.Mkfifo(name, 0o600))
	code, stdout, stderr := runCmd(t, 20*time.Second, "check", dir)
	assert.Equal(t, exitFindings, code, stdout+stderr)
	assert.Contains(t, stdout, "managed file is not a regular file")
}

// crashedUpdate runs an update of a release-1 service that crashes before
// its step failAt, and returns the service.
func crashedUpdate(t *testing.T, failAt int) string {
	t.Helper()
	dir := service(t, 1, "standard", true)
	code, _, stderr := runUpdateCmd(dir, nil, failAt)
	require.NotEqual(t, exitOK, code, stderr)
	require.FileExists(t, filepath.Join(dir, ".svcgen-update", "journal"))
	return dir
}

// pendingWrite is a file the interrupted journal still has to write.
func pendingWrite(t *testing.T, dir string) string {
	t.Helper()
	journal, err := os.ReadFile(filepath.Join(dir, ".svcgen-update", "journal"))
	require.NoError(t, err)
	for _, line := range strings.Split(string(journal), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || f[0] != "write" || !strings.HasSuffix(f[len(f)-1], ".go") {
			continue
		}
		p := f[len(f)-1]
		if _, err := os.Stat(filepath.Join(dir, ".svcgen-update", "new", p)); err == nil {
			if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
				return p
			}
		}
	}
	t.Fatal("no pending write of an existing file in the journal")
	return ""
}

func TestRecoverKeepsEditMadeAfterCrash(t *testing.T) {
	dir := crashedUpdate(t, 30)
	p := pendingWrite(t, dir)
	name := filepath.Join(dir, filepath.FromSlash(p))
	edited := append(readFile(t, name), "// team edit after the crash\n"...)
	require.NoError(t, os.WriteFile(name, edited, 0o644))
	code, _, stderr := runUpdateCmd(dir, nil, 0)
	assert.Equal(t, string(edited), string(readFile(t, name)), "the edit made after the crash was overwritten")
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, p)
}

func TestRecoverWithRequestedChangeSaysSo(t *testing.T) {
	dir := crashedUpdate(t, 30)
	code, stdout, stderr := runUpdateCmd(dir, []string{"--add-feature", "k8s", "--set", "owner=acme/pay"}, 0)
	m, err := manifest.Read(dir, generator.CheckRecorded)
	require.NoError(t, err)
	applied := m.Answers.Owner == "acme/pay" && strings.Contains(strings.Join(m.Answers.Features, ","), "k8s")
	if !applied {
		assert.NotEqual(t, exitOK, code, "the requested change was not applied, but update exited 0: %s", stdout)
		assert.Contains(t, stderr, "not applied")
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return b
}

// slowGit puts a git on PATH that takes a second to say "not a git
// repository": an update is then between reading the service and writing
// it for that second, deterministically.
func slowGit(t *testing.T) {
	t.Helper()
	bin := t.TempDir()
	script := "#!/bin/sh\nsleep 1\necho 'fatal: not a git repository (or any of the parent directories): .git' >&2\nexit 128\n"
	require.NoError(t, os.WriteFile(filepath.Join(bin, "git"), []byte(script), 0o755))
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// TestConcurrentAddDuringUpdateLosesNothing starts add resource while an
// update has read the service and not yet written it: without a lock the
// update's manifest, planned from the old one, drops the resource's files.
func TestConcurrentAddDuringUpdateLosesNothing(t *testing.T) {
	dir := service(t, 0, "standard", false)
	slowGit(t)
	updated := make(chan error, 1)
	go func() {
		ios, _, _ := testIO(false)
		updated <- runUpdate(context.Background(), &UpdateOptions{IO: ios, Dir: dir, RemoveFeatures: []string{"httpclient"}})
	}()
	time.Sleep(300 * time.Millisecond)
	ios, _, stderr := testIO(false)
	addErr := runAddResource(context.Background(), &AddOptions{IO: ios, Name: "order", Dir: dir, Fields: generator.DefaultFields})
	require.NoError(t, <-updated)
	require.NoError(t, addErr, stderr.String())
	app := string(readFile(t, filepath.Join(dir, "internal/app/app.go")))
	assert.Contains(t, app, "order.Module", "add's edit of app.go was lost")
	assert.NotContains(t, app, "httpclient.Module", "update's edit of app.go was lost")
	assert.Contains(t, string(readFile(t, filepath.Join(dir, manifest.Name))), "origin: add-resource",
		"the manifest lost the resource's files")
}

// TestSecondRunRefusesAfterLockWait: a run that cannot get the lock in
// time refuses with exit 2 and writes nothing.
func TestSecondRunRefusesAfterLockWait(t *testing.T) {
	dir := service(t, 0, "standard", false)
	unlock, err := update.Lock(dir, 0, nil)
	require.NoError(t, err)
	defer unlock()
	before := snapshot(t, dir)
	ios, _, stderr := testIO(false)
	err = runAddResource(context.Background(), &AddOptions{IO: ios, Name: "order", Dir: dir,
		Fields: generator.DefaultFields, LockWait: 200 * time.Millisecond})
	assert.Equal(t, exitUsage, exitCode(err), "%v", err)
	assert.ErrorContains(t, err, "another svcgen")
	assert.Contains(t, stderr.String(), "waiting for another svcgen")
	assert.Equal(t, before, snapshot(t, dir))
}

func TestUpdateKeepsFileModes(t *testing.T) {
	dir := service(t, 1, "standard", false)
	exe, private := filepath.Join(dir, "internal/config/config.go"), filepath.Join(dir, "internal/telemetry/logger.go")
	require.NoError(t, os.Chmod(exe, 0o755)) //nolint:gosec // the tracked +x under test
	require.NoError(t, os.Chmod(private, 0o600))
	code, _, stderr := runUpdateCmd(dir, nil, 0)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, os.FileMode(0o755), mode(t, exe))
	assert.Equal(t, os.FileMode(0o600), mode(t, private))
}

func mode(t *testing.T, name string) os.FileMode {
	t.Helper()
	info, err := os.Stat(name)
	require.NoError(t, err)
	return info.Mode().Perm()
}

func TestUpdateKeepsTeamsOwnProposalFile(t *testing.T) {
	dir := service(t, 1, "standard", false)
	readme := filepath.Join(dir, "README.md")
	data := readFile(t, readme)
	edited := bytes.Replace(data, []byte("| `GET /healthz` | public | liveness |"), []byte("| `GET /healthz` | public | liveness (team) |"), 1)
	require.NotEqual(t, data, edited)
	require.NoError(t, os.WriteFile(readme, edited, 0o644))
	own := filepath.Join(dir, "README.md"+manifest.ProposalSuffix)
	require.NoError(t, os.WriteFile(own, []byte("team notes\n"), 0o644))
	code, _, stderr := runUpdateCmd(dir, nil, 0)
	assert.Equal(t, "team notes\n", string(readFile(t, own)), "the team's own file was overwritten")
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "README.md"+manifest.ProposalSuffix)
}

// fakeGit puts a git on PATH that fails like git in a repository owned by
// another user.
func fakeGit(t *testing.T) {
	t.Helper()
	bin := t.TempDir()
	script := "#!/bin/sh\necho \"fatal: detected dubious ownership in repository at '$PWD'\" >&2\nexit 128\n"
	require.NoError(t, os.WriteFile(filepath.Join(bin, "git"), []byte(script), 0o755))
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

func TestUpdateRefusesWhenGitRefusesRepository(t *testing.T) {
	dir := service(t, 1, "standard", false)
	fakeGit(t)
	before := snapshot(t, dir)
	code, _, stderr := runUpdateCmd(dir, nil, 0)
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "dubious ownership")
	assert.Contains(t, stderr, "--allow-dirty")
	assert.Equal(t, before, snapshot(t, dir))

	code, stdout, stderr := runUpdateCmd(dir, []string{"--allow-dirty"}, 0)
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "dubious ownership")
}

func TestUpdateMidApplyFailureSaysHowToFinish(t *testing.T) {
	dir := service(t, 1, "standard", false)
	code, _, stderr := runUpdateCmd(dir, nil, 10)
	assert.Equal(t, exitFailure, code)
	assert.Contains(t, stderr, "half applied")
	assert.Contains(t, stderr, "run svcgen update")
}

// TestUpdateUnwritableDirWritesNothing makes internal/telemetry refuse new
// entries (immutable as root, read-only otherwise) and requires the update
// to refuse before its first write.
func TestUpdateUnwritableDirWritesNothing(t *testing.T) {
	dir := service(t, 1, "standard", false)
	locked := filepath.Join(dir, "internal/telemetry")
	if os.Geteuid() == 0 {
		// Root writes through any mode bits: only the immutable flag stops it.
		if out, err := exec.CommandContext(t.Context(), "chattr", "+i", locked).CombinedOutput(); err != nil {
			t.Skipf("running as root, and chattr +i is not available here (%v: %s): no way to make a directory unwritable", err, out)
		}
		t.Cleanup(func() { _ = exec.Command("chattr", "-i", locked).Run() }) //nolint:noctx // cleanup
	} else {
		require.NoError(t, os.Chmod(locked, 0o555))       //nolint:gosec // the test's own dir
		t.Cleanup(func() { _ = os.Chmod(locked, 0o755) }) //nolint:gosec // the test's own dir
	}
	before := snapshot(t, dir)
	code, _, stderr := runUpdateCmd(dir, nil, 0)
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, "internal/telemetry")
	assert.Equal(t, before, snapshot(t, dir), "a refused update changed the tree")
}

func TestRemoveFeatureRemovesEmptyDirAnySpelling(t *testing.T) {
	for _, spelling := range []string{".", "./orders", "orders"} {
		t.Run(spelling, func(t *testing.T) {
			dir := service(t, 0, "standard", false)
			cwd := filepath.Dir(dir)
			if spelling == "." {
				cwd = dir
			}
			t.Chdir(cwd)
			code, _, stderr := runUpdateCmd(spelling, []string{"--remove-feature", "httpclient"}, 0)
			require.Equal(t, exitOK, code, stderr)
			assert.NoDirExists(t, filepath.Join(dir, "internal/httpclient"))
		})
	}
}

func TestAddResourceKeepsModeOfEditedFiles(t *testing.T) {
	dir := service(t, 0, "standard", false)
	app := filepath.Join(dir, "internal/app/app.go")
	require.NoError(t, os.Chmod(app, 0o600))
	code, _, stderr := runCmd(t, 20*time.Second, "add", "resource", "order", dir)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, string(readFile(t, app)), "order.Module")
	assert.Equal(t, os.FileMode(0o600), mode(t, app))
}
