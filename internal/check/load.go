package check

import (
	"bytes"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/svcgen/svcgen/internal/svcfs"
)

// file is one parsed Go file of the service.
type file struct {
	path    string            // slash path relative to the service root
	dir     string            // package directory, slash, "." for the root
	ast     *ast.File         //
	imports map[string]string // local name -> import path
	test    bool              // a _test.go file
}

// main reports whether the file belongs to a main package.
func (f *file) main() bool { return f.ast.Name.Name == "main" }

// pkg is the Go files of one directory.
type pkg struct {
	dir   string
	files []*file
}

// skipDir reports directories the go tool ignores or that hold code the
// service does not own.
func skipDir(name string) bool {
	return name == "vendor" || name == "testdata" || name == "node_modules" ||
		strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// load parses every Go file under root. Files that do not parse are returned
// as findings rather than failing the whole check.
//
// Files are read through the service's root, and only regular ones: a
// FIFO named *.go cannot block the check.
func load(root string, fset *token.FileSet) ([]*pkg, []Finding, error) {
	sfs, err := svcfs.Open(root)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = sfs.Close() }()
	byDir := map[string]*pkg{}
	var bad []Finding
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		src, _, err := sfs.ReadFound(rel)
		if errors.Is(err, svcfs.ErrNotRegular) {
			return nil // it changed since the walk saw it
		}
		if err != nil {
			return err
		}
		if generatedGo(src) {
			return nil
		}
		af, err := parser.ParseFile(fset, rel, src, parser.SkipObjectResolution)
		if err != nil {
			bad = append(bad, Finding{Rule: RuleParse, Path: rel, Message: "does not parse: " + firstLine(err.Error())})
			return nil
		}
		f := &file{path: rel, dir: path.Dir(rel), ast: af, imports: importNames(af),
			test: strings.HasSuffix(rel, "_test.go")}
		pk := byDir[f.dir]
		if pk == nil {
			pk = &pkg{dir: f.dir}
			byDir[f.dir] = pk
		}
		pk.files = append(pk.files, f)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	pkgs := make([]*pkg, 0, len(byDir))
	for _, pk := range byDir {
		pkgs = append(pkgs, pk)
	}
	slices.SortFunc(pkgs, func(a, b *pkg) int { return strings.Compare(a.dir, b.dir) })
	return pkgs, bad, nil
}

// generatedGo reports a file carrying the standard header
// (https://go.dev/s/generatedcode): a line `// Code generated ... DO NOT
// EDIT.` before the package clause. oapi-codegen, sqlc and protoc write it;
// golangci-lint's `generated: strict`, in the generated .golangci.yml, skips
// such files too. It scans bytes rather than comments of a parse: the rules
// parse without comments, which is most of their speed.
func generatedGo(src []byte) bool {
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if bytes.HasPrefix(line, []byte("package ")) {
			return false
		}
		if bytes.HasPrefix(line, []byte("// Code generated ")) && bytes.HasSuffix(line, []byte(" DO NOT EDIT.")) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// importNames maps the name each import is referred to by in the file to its
// import path. Blank and dot imports are left out.
func importNames(f *ast.File) map[string]string {
	m := make(map[string]string, len(f.Imports))
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := defaultName(p)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		m[name] = p
	}
	return m
}

// defaultName guesses the package name of an import path without loading the
// package: the last element, skipping a major version suffix ("/v2", ".v3")
// and a "go-" prefix. It is right for every package the rules look at.
func defaultName(importPath string) string {
	elems := strings.Split(importPath, "/")
	name := elems[len(elems)-1]
	if isMajor(name) && len(elems) > 1 {
		name = elems[len(elems)-2]
	}
	if i := strings.Index(name, ".v"); i > 0 && isMajor(name[i+1:]) {
		name = name[:i]
	}
	name = strings.TrimPrefix(name, "go-")
	return strings.ReplaceAll(name, "-", "_")
}

func isMajor(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	_, err := strconv.Atoi(s[1:])
	return err == nil
}

// qualified resolves e to the package path and name it refers to when e is
// pkg.Name for an imported package, and reports whether it is one.
func (f *file) qualified(e ast.Expr) (pkgPath, name string, ok bool) {
	sel, isSel := ast.Unparen(e).(*ast.SelectorExpr)
	if !isSel {
		return "", "", false
	}
	id, isIdent := sel.X.(*ast.Ident)
	if !isIdent {
		return "", "", false
	}
	p, found := f.imports[id.Name]
	if !found {
		return "", "", false
	}
	return p, sel.Sel.Name, true
}

// is reports whether e refers to the named member of the package at pkgPath.
func (f *file) is(e ast.Expr, pkgPath string, names ...string) bool {
	p, n, ok := f.qualified(e)
	return ok && p == pkgPath && slices.Contains(names, n)
}

// under reports whether dir is one of roots or below one.
func under(dir string, roots ...string) bool {
	for _, r := range roots {
		if dir == r || strings.HasPrefix(dir, r+"/") {
			return true
		}
	}
	return false
}
