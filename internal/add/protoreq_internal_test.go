package add

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/svcgen/svcgen/generator"
)

// compilerRequest is the request as svcgen built it before requestFor:
// the proto compiled in memory by protocompile (the compiler buf is built
// on), every file in dependency order, the one to generate with its
// source info. requestFor must give the plugins the same request.
func compilerRequest(t *testing.T, name string, src []byte) *pluginpb.CodeGeneratorRequest {
	t.Helper()
	comp := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: func(p string) (io.ReadCloser, error) {
				if p == name {
					return io.NopCloser(bytes.NewReader(src)), nil
				}
				return nil, os.ErrNotExist
			},
		}),
		SourceInfoMode: protocompile.SourceInfoStandard,
	}
	compiled, err := comp.Compile(context.Background(), name)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	var files []*descriptorpb.FileDescriptorProto
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
		files = append(files, protodesc.ToFileDescriptorProto(fd))
	}
	visit(compiled[0])
	return &pluginpb.CodeGeneratorRequest{FileToGenerate: []string{name}, Parameter: proto.String(pluginParameter), ProtoFile: files}
}

// commentsOnly is the request with each file's source info reduced to
// what the plugins read from it, the comments by path: spans and the
// locations of uncommented elements go.
func commentsOnly(req *pluginpb.CodeGeneratorRequest) *pluginpb.CodeGeneratorRequest {
	req = proto.CloneOf(req)
	for _, f := range req.ProtoFile {
		if f.SourceCodeInfo == nil {
			continue
		}
		var locs []*descriptorpb.SourceCodeInfo_Location
		for _, l := range f.SourceCodeInfo.Location {
			if l.LeadingComments == nil && l.TrailingComments == nil && len(l.LeadingDetachedComments) == 0 {
				continue
			}
			l.Span = nil
			locs = append(locs, l)
		}
		f.SourceCodeInfo.Location = locs
	}
	return req
}

// resourceProto renders the proto of a resource with fields in a grpc
// service named service.
func resourceProto(t *testing.T, service, module, resource, fields string) (string, []byte) {
	t.Helper()
	fs, err := generator.ParseFields(fields)
	if err != nil {
		t.Fatal(err)
	}
	a := generator.Answers{Name: service, Module: module, Description: "Takes orders.", Owner: "acme/payments",
		GoVersion: generator.GoVersions[0], Preset: "minimal", Features: []string{"grpc"}, License: "MIT"}.Resolve()
	files, err := generator.RenderResource(a, generator.Resource{Name: resource, Path: "/v1/" + resource + "s", Fields: fs})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasPrefix(f.Path, "api/") && path.Ext(f.Path) == ".proto" {
			return strings.TrimPrefix(f.Path, "api/"), f.Data
		}
	}
	t.Fatal("no proto rendered")
	return "", nil
}

// requestCases are resources of every field type, alone and together.
var requestCases = []struct{ service, module, resource, fields string }{
	{"orders", "example.com/orders", "order", "name:string,quantity:int,due:time,active:bool"},
	{"orders", "example.com/acme/orders", "order", "name:string,quantity:int"},
	{"orders-api", "github.com/acme/orders-api", "lineitem", "name:string,quantity:int,due:time,active:bool,userID:string"},
	{"inv", "example.com/inv", "widget", "due:time"},
	{"inv", "example.com/inv", "widget2x", "active:bool"},
	{"b", "b", "thing", "httpURLPath:string,count:int,createdAt:time,isOK:bool,reset:string,descriptor:int"},
}

func TestRequestIsTheCompilersRequest(t *testing.T) {
	for _, c := range requestCases {
		t.Run(c.service+"/"+c.resource, func(t *testing.T) {
			name, src := resourceProto(t, c.service, c.module, c.resource, c.fields)
			want := compilerRequest(t, name, src)
			data, err := requestFor(name, src)
			if err != nil {
				t.Fatal(err)
			}
			got := &pluginpb.CodeGeneratorRequest{}
			if err := proto.Unmarshal(data, got); err != nil {
				t.Fatal(err)
			}
			if w, g := commentsOnly(want), commentsOnly(got); !proto.Equal(w, g) {
				t.Errorf("request for %s differs from the compiler's:\n%s", c.fields, lineDiff(prototext.Format(w), prototext.Format(g)))
			}
			// The raw descriptor protoc-gen-go embeds is the file without
			// source info, marshalled deterministically: the same bytes.
			for i := range want.ProtoFile {
				w, g := proto.CloneOf(want.ProtoFile[i]), proto.CloneOf(got.ProtoFile[i])
				w.SourceCodeInfo, g.SourceCodeInfo = nil, nil
				wb, _ := proto.MarshalOptions{Deterministic: true}.Marshal(w)
				gb, _ := proto.MarshalOptions{Deterministic: true}.Marshal(g)
				if !bytes.Equal(wb, gb) {
					t.Errorf("%s: raw descriptor differs", w.GetName())
				}
			}
		})
	}
}

// TestWellKnownDescriptorsAreTheCompilers: the embedded descriptors of the
// imports are the compiler's. SVCGEN_UPDATE=1 rewrites them.
func TestWellKnownDescriptorsAreTheCompilers(t *testing.T) {
	name, src := resourceProto(t, "orders", "example.com/orders", "order", "due:time")
	req := compilerRequest(t, name, src)
	for _, f := range req.ProtoFile[:len(req.ProtoFile)-1] {
		want, err := proto.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		file, ok := wellKnownFiles[f.GetName()]
		if !ok {
			t.Fatalf("%s: not among wellKnownFiles", f.GetName())
		}
		if os.Getenv("SVCGEN_UPDATE") == "1" {
			if err := os.WriteFile(file, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := wellKnown.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: embedded %d bytes, the compiler's %d: run SVCGEN_UPDATE=1 go test ./internal/add -run %s", file, len(got), len(want), t.Name())
		}
	}
}

// lineDiff is the first lines where want and got differ, with context.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			lo := max(0, i-3)
			return fmt.Sprintf("compiler:\n%s\nsvcgen:\n%s", strings.Join(w[lo:min(len(w), i+4)], "\n"), strings.Join(g[lo:min(len(g), i+4)], "\n"))
		}
	}
	return ""
}

func TestRequestForRefusesWhatSvcgenDoesNotWrite(t *testing.T) {
	name, src := resourceProto(t, "orders", "example.com/orders", "order", "name:string")
	for _, edit := range [][2]string{
		{"string id = 1;", "map<string, string> id = 1;"},
		{"string id = 1;", "string id = 1; // trailing"},
		{"syntax = \"proto3\";", "syntax = \"proto2\";"},
		{"message OrderServiceWatchRequest {}", "enum E { A = 0; }"},
	} {
		_, err := requestFor(name, bytes.Replace(src, []byte(edit[0]), []byte(edit[1]), 1))
		if err == nil {
			t.Errorf("%s → %s: accepted", edit[0], edit[1])
		}
	}
}
