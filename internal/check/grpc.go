package check

import (
	"errors"
	"fmt"
	"go/ast"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/svcgen/svcgen/internal/gensum"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// Rule grpc: generated code is fresh and untouched, and every RPC is
// served through the standard chain.
//
// Freshness runs no tool (checkGenerated): internal/gen/gen.sum records the
// sha256 of every input and output of `go generate ./...` and the plugin
// versions, and the tree is compared with it (gensum.Compare). The Go part
// (grpcRule) looks for RPC handlers mounted outside the chain.

// Paths the grpc rule knows.
const (
	ruleGRPC      = "grpc"
	dirRPCClient  = "internal/rpcclient"
	pathGRPC      = "google.golang.org/grpc"
	msgRegenerate = ": run go generate ./..."
)

// checkGenerated reports generated code that is stale relative to its
// inputs, or edited, against the record in gensum.Name. It checks a
// service with a record, or with the grpc feature (grpc) and a proto under
// api/; protos of a service without the feature are none of svcgen's.
func checkGenerated(dir string, grpc bool) ([]Finding, error) {
	files, err := generationFiles(dir)
	if err != nil {
		return nil, fmt.Errorf("read generated code: %w", err)
	}
	recorded, hasRecord := files[gensum.Name]
	protos := false
	for p := range files {
		protos = protos || strings.HasPrefix(p, "api/") && gensum.IsInput(p)
	}
	switch {
	case !hasRecord && (!protos || !grpc):
		return nil, nil
	case !hasRecord:
		return []Finding{{Rule: ruleGRPC, Path: gensum.Name,
			Message: "the freshness record of the generated code is missing" + msgRegenerate}}, nil
	}
	rec, err := gensum.Parse(recorded)
	if err != nil {
		return []Finding{{Rule: ruleGRPC, Path: gensum.Name, Message: err.Error()}}, nil
	}
	var out []Finding
	for _, pr := range gensum.Compare(rec, gensum.Compute(files)) {
		msg := fmt.Sprintf("generated code is stale relative to %s (%s)%s", pr.Path, pr.Detail, msgRegenerate)
		switch {
		case pr.Kind == gensum.Edited:
			msg = fmt.Sprintf("%s was edited by hand (%s); it is regenerated from its proto%s", pr.Path, pr.Detail, msgRegenerate)
		case gensum.IsOutput(pr.Path):
			msg = fmt.Sprintf("generated code is stale: %s is missing%s", pr.Path, msgRegenerate)
		}
		out = append(out, Finding{Rule: ruleGRPC, Path: pr.Path, Message: msg})
	}
	return out, nil
}

// generationFiles reads the inputs and outputs of code generation, the
// record and go.mod: regular files only, through the service's root.
func generationFiles(dir string) (map[string][]byte, error) {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return nil, err
	}
	defer func() { _ = sfs.Close() }()
	files := map[string][]byte{}
	read := func(rel string) error {
		data, _, err := sfs.ReadFile(rel)
		var le *svcfs.LinkError
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, svcfs.ErrNotRegular) || errors.As(err, &le) {
			return nil
		}
		if err == nil {
			files[rel] = data
		}
		return err
	}
	for _, rel := range []string{"go.mod", "buf.yaml", "buf.gen.yaml"} {
		if err := read(rel); err != nil {
			return nil, err
		}
	}
	for _, root := range []string{"api", strings.TrimSuffix(gensum.Dir, "/")} {
		err := filepath.WalkDir(filepath.Join(dir, root), func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if !gensum.IsInput(rel) && !strings.HasPrefix(rel, gensum.Dir) {
				return nil
			}
			return read(rel)
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return files, nil
}

// grpcRule reports RPC handlers mounted outside the standard chain: a call
// of a generated New…Handler (package <name>connect under internal/gen/)
// anywhere but internal/httpserver and code that builds an httpserver.RPC
// (a function returning one, its literal, an argument of an httpserver
// function such as AsRPC, a function of the package named in either); and,
// in a grpc service, an import of
// google.golang.org/grpc outside _test.go files and internal/rpcclient:
// grpc.NewServer would be a second server no chain wraps.
func grpcRule(p *pass) {
	for _, f := range p.pkg.files {
		if f.test {
			continue
		}
		if p.grpc && !under(p.pkg.dir, dirRPCClient) {
			for _, spec := range f.ast.Imports {
				if ip := strings.Trim(spec.Path.Value, `"`); ip == pathGRPC || strings.HasPrefix(ip, pathGRPC+"/") {
					p.report(spec.Pos(), ip+" outside tests and "+dirRPCClient+": a grpc-go server serves RPCs outside the standard chain; serve connect handlers with httpserver.AsRPC")
				}
			}
		}
	}
	if under(p.pkg.dir, dirHTTPServer) {
		return
	}
	chained := chainedFuncs(p.pkg)
	for _, f := range p.pkg.files {
		if f.test {
			continue
		}
		for _, d := range f.ast.Decls {
			allowed := false
			if fd, ok := d.(*ast.FuncDecl); ok {
				allowed = returnsRPC(f, fd.Type) || fd.Recv == nil && chained[fd.Name.Name]
			}
			p.handlerCalls(f, d, allowed)
		}
	}
}

// chainedFuncs are the package's functions named inside an httpserver.RPC
// literal or in the arguments of an httpserver call
// (httpserver.RPC{Handler: itemHandler}, httpserver.AsRPC(NewRPC)): what
// they build reaches the server through the chain.
func chainedFuncs(pk *pkg) map[string]bool {
	out := map[string]bool{}
	for _, f := range pk.files {
		if f.test {
			continue
		}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			var inside []ast.Expr
			switch n := n.(type) {
			case *ast.CompositeLit:
				if isHTTPServer(f, n.Type, "RPC") {
					inside = n.Elts
				}
			case *ast.CallExpr:
				if isHTTPServer(f, n.Fun, "") {
					inside = n.Args
				}
			}
			for _, e := range inside {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				if id, ok := ast.Unparen(e).(*ast.Ident); ok {
					out[id.Name] = true
				}
			}
			return true
		})
	}
	return out
}

// handlerCalls reports the generated New…Handler calls under n that are
// not inside code building an httpserver.RPC (allowed).
func (p *pass) handlerCalls(f *file, n ast.Node, allowed bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if allowed || n == nil {
			return !allowed
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if returnsRPC(f, n.Type) {
				return false
			}
		case *ast.CompositeLit:
			if isHTTPServer(f, n.Type, "RPC") {
				return false
			}
		case *ast.CallExpr:
			if isHTTPServer(f, n.Fun, "") {
				return false // AsRPC(NewRPC) and friends: the chain's registration
			}
			if pkgPath, name, ok := f.qualified(n.Fun); ok && generatedConnect(pkgPath) &&
				strings.HasPrefix(name, "New") && strings.HasSuffix(name, "Handler") {
				p.report(n.Pos(), name+" mounts RPCs outside the standard chain: return an httpserver.RPC from a constructor registered with httpserver.AsRPC")
			}
		}
		return true
	})
}

// generatedConnect reports the import path of a package protoc-gen-connect-go
// generated under internal/gen/.
func generatedConnect(importPath string) bool {
	return strings.Contains(importPath+"/", "/"+gensum.Dir) && strings.HasSuffix(path.Base(importPath), "connect")
}

// isHTTPServer reports whether e is name (any name when "") of the
// service's internal/httpserver package.
func isHTTPServer(f *file, e ast.Expr, name string) bool {
	if st, ok := e.(*ast.StarExpr); ok {
		e = st.X
	}
	pkgPath, n, ok := f.qualified(e)
	return ok && strings.HasSuffix(pkgPath, "/"+dirHTTPServer) && (name == "" || n == name)
}

// returnsRPC reports a function type with an httpserver.RPC result.
func returnsRPC(f *file, t *ast.FuncType) bool {
	if t.Results == nil {
		return false
	}
	for _, r := range t.Results.List {
		if isHTTPServer(f, r.Type, "RPC") {
			return true
		}
	}
	return false
}
