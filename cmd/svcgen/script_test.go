package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(cleanupAfter{m}, map[string]func(){
		"svcgen": func() { os.Exit(runWith(os.Args[1:], systemStreams(), slowWrites())) },
	})
}

// cleanupAfter removes what BenchmarkProcess keeps for the whole run (its
// binaries and every tree it wrote) once every test and benchmark is done.
type cleanupAfter struct{ *testing.M }

func (c cleanupAfter) Run() int {
	code := c.M.Run()
	removeBenchRoot()
	return code
}

// slowWrites returns a hook that sleeps before each file when
// SVCGEN_TEST_WRITE_DELAY is set, so a script can interrupt a write in
// flight. Only the test binary reads that variable.
func slowWrites() func(string) error {
	d, err := time.ParseDuration(os.Getenv("SVCGEN_TEST_WRITE_DELAY"))
	if err != nil {
		return nil
	}
	return func(string) error {
		time.Sleep(d)
		return nil
	}
}

// TestScripts runs testdata/script/*.txtar against the real binary.
func TestScripts(t *testing.T) {
	goEnv := goCaches(t)
	testscript.Run(t, testscript.Params{
		Dir:  "testdata/script",
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"exits": cmdExits, "sleep": cmdSleep},
		Setup: func(env *testscript.Env) error {
			for _, kv := range goEnv {
				k, v, _ := strings.Cut(kv, "=")
				env.Setenv(k, v)
			}
			return nil
		},
	})
}

// goCaches are this machine's module and build caches as KEY=value: a
// script's HOME is /no-home, and `svcgen add resource` on a grpc service
// (the full preset) runs the protoc plugins with the go command, offline,
// from the module cache.
func goCaches(t *testing.T) []string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), "go", "env", "GOMODCACHE", "GOCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		t.Fatalf("go env printed %q", out)
	}
	return []string{"GOMODCACHE=" + lines[0], "GOCACHE=" + lines[1], "GOPATH=" + lines[2]}
}

// cmdExits is `exits CODE prog args...`: run prog and require that exit
// code; stdout and stderr stay available to the next commands.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE prog [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			ts.Fatalf("exec %s: %v", args[1], err)
		}
		got = exitErr.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// cmdSleep is `sleep DURATION`.
func cmdSleep(ts *testscript.TestScript, _ bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: sleep DURATION")
	}
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	time.Sleep(d)
}
