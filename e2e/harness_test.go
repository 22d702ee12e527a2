package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/release"
)

// presetAnswers are the answers each preset is generated with.
func presetAnswers(preset string) generator.Answers {
	return generator.Answers{
		Name: "e2e-" + preset, Module: "example.com/e2e/" + preset,
		Description: "End-to-end \"" + preset + "\" service: `quotes`, {{braces}} */ and\na newline.",
		Owner:       "acme/platform", GoVersion: generator.GoVersions[0], Preset: preset, License: "Apache-2.0",
	}.Resolve()
}

// generate writes a preset into a fresh temp dir and returns it.
func generate(t *testing.T, a generator.Answers) string {
	t.Helper()
	tree, err := generator.Generate(a)
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	dir := filepath.Join(t.TempDir(), a.Name)
	if err := generator.Write(context.Background(), dir, tree, generator.WriteOptions{}); err != nil {
		t.Fatalf("write: %v", err)
	}
	return dir
}

// generateAt writes what release r generated for a into a fresh temp dir,
// commits it (so update's dirty check passes) and returns the dir.
func generateAt(t *testing.T, r release.Release, a generator.Answers) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), a.Name)
	old, err := release.Generate(r, a)
	if err != nil {
		t.Fatal(err)
	}
	if err := generator.Write(context.Background(), dir, old, generator.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	gitCommit(t, dir, "generated at "+r.String())
	return dir
}

// tool returns the path of a pinned tool in tools/bin.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "tools", "bin", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s is not installed: run make tools (%v)", name, err)
	}
	return p
}

// run executes a command in dir and fails the test with its output on error.
func run(t *testing.T, dir string, timeout time.Duration, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local", "CGO_ENABLED=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s %s (%.1fs)", filepath.Base(name), strings.Join(args, " "), time.Since(start).Seconds())
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return out.String()
}
