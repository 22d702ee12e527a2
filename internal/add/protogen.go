package add

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/bufbuild/protocompile"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/gensum"
	"github.com/svcgen/svcgen/internal/refusal"
)

// A resource added to a grpc service gets its RPC service's generated
// code from the real plugins, as `go generate ./...` would write it: the
// new proto is compiled in memory (protocompile, the compiler buf is built
// on), and the request buf would send goes to `go tool protoc-gen-go` and
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
	created := map[string][]byte{}
	for _, f := range files {
		created[f.Path] = f.Data
	}
	for _, f := range files {
		if !gensum.IsInput(f.Path) || !strings.HasPrefix(f.Path, "api/") {
			continue
		}
		req, err := codeGeneratorRequest(ctx, dir, f.Path, created)
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

// codeGeneratorRequest compiles the proto at rel (a path under api/, the
// new file in created, its imports from the service or the well-known
// types) into the request buf sends a plugin: every file in dependency
// order, the one to generate with its comments.
func codeGeneratorRequest(ctx context.Context, dir, rel string, created map[string][]byte) ([]byte, error) {
	name := strings.TrimPrefix(rel, "api/")
	comp := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: func(p string) (io.ReadCloser, error) {
				if data, ok := created[path.Join("api", p)]; ok {
					return io.NopCloser(bytes.NewReader(data)), nil
				}
				return os.Open(filepath.Join(dir, "api", filepath.FromSlash(p)))
			},
		}),
		SourceInfoMode: protocompile.SourceInfoStandard,
	}
	compiled, err := comp.Compile(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("compile %s: %w", rel, err)
	}
	var protoFiles []*descriptorpb.FileDescriptorProto
	seen := map[string]bool{}
	var visit func(fd protoreflect.FileDescriptor)
	visit = func(fd protoreflect.FileDescriptor) {
		if seen[fd.Path()] {
			return
		}
		seen[fd.Path()] = true
		imports := fd.Imports()
		for i := range imports.Len() {
			visit(imports.Get(i).FileDescriptor)
		}
		protoFiles = append(protoFiles, protodesc.ToFileDescriptorProto(fd))
	}
	visit(compiled[0])
	req := &pluginpb.CodeGeneratorRequest{
		FileToGenerate: []string{name},
		Parameter:      proto.String(pluginParameter),
		ProtoFile:      protoFiles,
	}
	return proto.Marshal(req)
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
	var resp pluginpb.CodeGeneratorResponse
	if err := proto.Unmarshal(stdout.Bytes(), &resp); err != nil {
		return nil, fmt.Errorf("go tool %s: read its response: %w", plugin, err)
	}
	if resp.Error != nil {
		return nil, fmt.Errorf("go tool %s: %s", plugin, resp.GetError())
	}
	var out []generator.File
	for _, f := range resp.File {
		if f.GetInsertionPoint() != "" || !filepath.IsLocal(f.GetName()) {
			return nil, fmt.Errorf("go tool %s: unexpected output %q", plugin, f.GetName())
		}
		p := gensum.Dir + f.GetName()
		out = append(out, generator.File{Path: p, Data: []byte(f.GetContent()), Mode: 0o644, Class: generator.ClassOf(p)})
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
