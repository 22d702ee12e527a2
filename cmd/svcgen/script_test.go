package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
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
	testscript.Run(t, testscript.Params{
		Dir:  "testdata/script",
		Cmds: map[string]func(*testscript.TestScript, bool, []string){"exits": cmdExits, "sleep": cmdSleep},
	})
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
