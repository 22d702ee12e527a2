package add

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/gensum"
	"github.com/svcgen/svcgen/internal/refusal"
)

// A resource added to a grpc service gets its RPC service's generated
// code from the real plugins, as `go generate ./...` would write it: the
// request buf would send for the new proto (built by requestFor, in
// protoreq.go, from the proto svcgen rendered) goes to `go tool protoc-gen-go` and
// `go tool protoc-gen-connect-go` in the service, at the versions its
// go.mod pins, offline. Their output is written with everything else in
// one journaled transaction, with the freshness record.

// plugins run in this order, with buf.gen.yaml's option.
var plugins = []string{"protoc-gen-go", "protoc-gen-connect-go"}

const pluginParameter = "paths=source_relative"

// fixModules is the fix for plugins that cannot be built offline.
const fixModules = "run `go build ./...` in the service once (it fetches the modules the plugins are built from), then add the resource again"

// generateRPC returns the generated code of each proto among files (new
// files of the service in dir) and the service's freshness record with
// their lines added.
func generateRPC(ctx context.Context, dir string, files []generator.File) (gen []generator.File, record []byte, err error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, nil, refusal.Errorf("add resource on a grpc service runs the protoc plugins with the Go toolchain, and go is not on PATH: install Go (go.mod names the version), then add the resource again")
	}
	for _, f := range files {
		if !gensum.IsInput(f.Path) || !strings.HasPrefix(f.Path, "api/") {
			continue
		}
		req, err := requestFor(strings.TrimPrefix(f.Path, "api/"), f.Data)
		if err != nil {
			return nil, nil, err
		}
		for _, plugin := range plugins {
			out, err := runPlugin(ctx, goBin, dir, plugin, req)
			if err != nil {
				return nil, nil, err
			}
			gen = append(gen, out...)
		}
	}
	record, err = addToRecord(dir, files, gen)
	return gen, record, err
}

// runPlugin runs `go tool PLUGIN` in dir with req on stdin, offline, and
// returns its files under internal/gen/.
func runPlugin(ctx context.Context, goBin, dir, plugin string, req []byte) ([]generator.File, error) {
	modfile, err := modfileCopy(dir)
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(filepath.Dir(modfile)) }()
	cmd := exec.CommandContext(ctx, goBin, "tool", "-modfile="+modfile, plugin) //nolint:gosec // the go command on PATH; plugin is one of plugins, modfile our temporary copy
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	cmd.Stdin = bytes.NewReader(req)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		if offlineFailure(msg) {
			return nil, refusal.Errorf("go tool %s cannot be built offline (%s): %s", plugin, firstLine(msg), fixModules)
		}
		return nil, fmt.Errorf("go tool %s: %w: %s", plugin, err, firstLine(msg))
	}
	resp, err := parseResponse(stdout.Bytes())
	if err != nil {
		return nil, fmt.Errorf("go tool %s: read its response: %w", plugin, err)
	}
	if resp.err != "" {
		return nil, fmt.Errorf("go tool %s: %s", plugin, resp.err)
	}
	var out []generator.File
	for _, f := range resp.files {
		if f.insertionPoint != "" || !filepath.IsLocal(f.name) {
			return nil, fmt.Errorf("go tool %s: unexpected output %q", plugin, f.name)
		}
		p := gensum.Dir + f.name
		out = append(out, generator.File{Path: p, Data: f.content, Mode: 0o644, Class: generator.ClassOf(p)})
	}
	return out, nil
}

// modfileCopy copies the service's go.mod and go.sum to a temporary
// directory and returns the copy of go.mod: with -mod=mod the go command
// may tidy the file it is given, and add writes the service only through
// the journal.
func modfileCopy(dir string) (string, error) {
	tmp, err := os.MkdirTemp("", "svcgen-plugin-")
	if err != nil {
		return "", fmt.Errorf("plugin workspace: %w", err)
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) && name == "go.sum" {
			continue
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(tmp, name), data, 0o644)
		}
		if err != nil {
			_ = os.RemoveAll(tmp)
			return "", fmt.Errorf("plugin workspace: %w", err)
		}
	}
	return filepath.Join(tmp, "go.mod"), nil
}

// offlineFailure reports the go command's ways of saying it would need the
// network, or that the service does not declare the plugin as a tool.
func offlineFailure(stderr string) bool {
	for _, s := range []string{"GOPROXY=off", "module lookup disabled", "missing go.sum entry", "no such tool", "is not in std", "cannot find module", "no required module provides"} {
		if strings.Contains(stderr, s) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// addToRecord is the service's gen.sum with the lines of the new inputs
// and outputs added; the other lines (and the plugin versions) stay as
// they are, so whatever was stale before stays reported.
func addToRecord(dir string, files, gen []generator.File) ([]byte, error) {
	rec := &gensum.Record{Sums: map[string]string{}}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(gensum.Name)))
	switch {
	case errors.Is(err, os.ErrNotExist):
		gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			return nil, fmt.Errorf("read go.mod: %w", err)
		}
		rec.Tools = gensum.Tools(gomod)
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", gensum.Name, err)
	default:
		if rec, err = gensum.Parse(data); err != nil {
			return nil, refusal.Errorf("%v", err)
		}
	}
	for _, f := range append(append([]generator.File(nil), files...), gen...) {
		if gensum.IsInput(f.Path) || gensum.IsOutput(f.Path) {
			rec.Sums[f.Path] = gensum.Digest(f.Data)
		}
	}
	return rec.Encode(), nil
}
