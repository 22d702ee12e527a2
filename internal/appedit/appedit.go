// Package appedit edits a generated service's internal/app/app.go by its
// syntax tree (github.com/dave/dst, so the team's comments, blank lines and
// order survive): AddModule imports a package and adds its Module to the
// app's fx.Options or fx.Module composition. The result is gofmt-clean.
// It never touches disk.
package appedit

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
)

// Path is the file AddModule edits, inside the service.
const Path = "internal/app/app.go"

const fxPath = "go.uber.org/fx"

// ErrNoComposition reports an app.go without a recognisable fx.Options or
// fx.Module composition; the message says what to add by hand.
var ErrNoComposition = errors.New("no recognisable fx composition")

// CompositionError is an app.go AddModule cannot edit: nothing was changed.
type CompositionError struct {
	Msg string
	Err error
}

func (e *CompositionError) Error() string { return e.Msg }
func (e *CompositionError) Unwrap() error { return e.Err }

// AddModule returns src with importPath imported (as pkg) and pkg.Module
// added to the composition: the package-level var Module (or, failing
// that, the only package-level var) initialised with fx.Options(...) or
// fx.Module(...). The new entry goes among the resources (see addArg),
// so the team's order and grouping stay; the import joins a resource's
// import group, sorted as gofmt sorts it.
func AddModule(src []byte, importPath, pkg string) ([]byte, error) {
	byHand := fmt.Sprintf("add %s.Module to the app's fx.Options by hand (and import %q)", pkg, importPath)
	f, err := decorator.Parse(src)
	if err != nil {
		return nil, &CompositionError{Msg: fmt.Sprintf("%s: does not parse (%v): %s", Path, firstLine(err), byHand), Err: err}
	}
	fx := importName(f, fxPath)
	call := composition(f, fx)
	if fx == "" || call == nil {
		return nil, &CompositionError{Msg: fmt.Sprintf("%s: no var Module = fx.Options(...) or fx.Module(...) found: %s", Path, byHand), Err: ErrNoComposition}
	}
	if err := checkFree(f, importPath, pkg); err != nil {
		return nil, err
	}
	anchor := addArg(call, pkg)
	addImport(f, importPath, pkg, anchor)
	var buf bytes.Buffer
	if err := decorator.Fprint(&buf, f); err != nil {
		return nil, fmt.Errorf("print %s: %w", Path, err)
	}
	out, err := format.Source(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format %s: %w", Path, err)
	}
	return out, nil
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// importName is the name the file gives to path ("" if not imported).
func importName(f *dst.File, path string) string {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == path {
			if imp.Name != nil {
				return imp.Name.Name
			}
			return path[strings.LastIndex(path, "/")+1:]
		}
	}
	return ""
}

// composition finds the fx.Options/fx.Module call that initialises the
// package-level var Module, or the only such var.
func composition(f *dst.File, fx string) *dst.CallExpr {
	var found []*dst.CallExpr
	var named *dst.CallExpr
	for _, d := range f.Decls {
		g, ok := d.(*dst.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, s := range g.Specs {
			vs, ok := s.(*dst.ValueSpec)
			if !ok {
				continue
			}
			for i, v := range vs.Values {
				call, ok := v.(*dst.CallExpr)
				if !ok || !isFxCall(call, fx) || i >= len(vs.Names) {
					continue
				}
				found = append(found, call)
				if vs.Names[i].Name == "Module" {
					named = call
				}
			}
		}
	}
	switch {
	case named != nil:
		return named
	case len(found) == 1:
		return found[0]
	}
	return nil
}

func isFxCall(call *dst.CallExpr, fx string) bool {
	sel, ok := call.Fun.(*dst.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*dst.Ident)
	return ok && x.Name == fx && x.Path == "" && (sel.Sel.Name == "Options" || sel.Sel.Name == "Module")
}

// checkFree refuses a package already imported, or a name already taken
// by an import or a package-level declaration.
func checkFree(f *dst.File, importPath, pkg string) error {
	if importName(f, importPath) != "" {
		return &CompositionError{Msg: fmt.Sprintf("%s: already imports %q: the resource exists", Path, importPath)}
	}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if specName(imp) == pkg {
			return &CompositionError{Msg: fmt.Sprintf("%s: the name %s is already taken by the import %q: choose another resource NAME", Path, pkg, p)}
		}
	}
	if f.Scope != nil && f.Scope.Lookup(pkg) != nil {
		return &CompositionError{Msg: fmt.Sprintf("%s: the name %s is already declared: choose another resource NAME", Path, pkg)}
	}
	return nil
}

// platformModules are the modules of svcgen's own concerns (the core and
// every feature); every other X.Module in the composition is taken to be a
// resource.
var platformModules = []string{"config", "telemetry", "httpserver", "httpclient", "database", "postgres"}

// exampleModule is the template's example resource.
const exampleModule = "item"

// serverModule is the module a new resource goes before. The templates add
// and remove optional feature modules on both sides of item.Module
// (database.Module before it, httpclient.Module after it), but never next
// to the top of httpserver.Module, whose line before is telemetry.Module:
// an insertion there is one unchanged line away from every feature's, so a
// later `svcgen update` that adds or removes a feature merges app.go
// cleanly. fx runs the modules' constructors by their dependencies, not by
// their order in the list.
const serverModule = "httpserver"

// addArg inserts pkg.Module after the last resource module added before
// (the last X.Module whose X is neither a platform module nor item), else
// before httpserver.Module, else before item.Module, else after the last
// X.Module, else at the end; one argument per line. It returns the package
// name whose import group the new import joins ("" for none).
func addArg(call *dst.CallExpr, pkg string) string {
	at, anchor := len(call.Args), ""
	lastAny, lastRes, server, example := -1, -1, -1, -1
	names := make([]string, len(call.Args))
	for i, a := range call.Args {
		sel, ok := a.(*dst.SelectorExpr)
		if !ok || sel.Sel.Name != "Module" {
			continue
		}
		x, ok := sel.X.(*dst.Ident)
		if !ok {
			continue
		}
		names[i], lastAny = x.Name, i
		switch {
		case x.Name == exampleModule:
			example = firstIndex(example, i)
		case x.Name == serverModule:
			server = firstIndex(server, i)
		case !slices.Contains(platformModules, x.Name):
			lastRes = i
		}
	}
	arg := &dst.SelectorExpr{X: dst.NewIdent(pkg), Sel: dst.NewIdent("Module")}
	arg.Decs.Before = dst.NewLine
	arg.Decs.After = dst.NewLine
	switch {
	case lastRes >= 0:
		at, anchor = lastRes+1, names[lastRes]
	case server >= 0:
		// Comments above httpserver.Module are about it: they stay with
		// it, below the new module.
		at, anchor = server, serverModule
	case example >= 0:
		at, anchor = example, exampleModule
		// The comments above item.Module head the resources: they stay
		// at the head, now above the new module.
		next := call.Args[at].Decorations()
		arg.Decs.Before, arg.Decs.Start = keepBreak(next.Before), next.Start
		next.Before, next.Start = dst.NewLine, nil
	case lastAny >= 0:
		at, anchor = lastAny+1, names[lastAny]
	}
	if at > 0 {
		// The argument before keeps its trailing comment; the new one
		// starts on the next line.
		call.Args[at-1].Decorations().After = dst.NewLine
	}
	if at < len(call.Args) {
		// Whatever followed keeps its own comments and blank line.
		call.Args[at].Decorations().Before = keepBreak(call.Args[at].Decorations().Before)
	}
	call.Args = slices.Insert(call.Args, at, dst.Expr(arg))
	return anchor
}

// firstIndex is i unless an index was found before.
func firstIndex(found, i int) int {
	if found >= 0 {
		return found
	}
	return i
}

func keepBreak(s dst.SpaceType) dst.SpaceType {
	if s == dst.None {
		return dst.NewLine
	}
	return s
}

// specName is the name an import spec binds (its last path element
// unless renamed).
func specName(s *dst.ImportSpec) string {
	if s.Name != nil {
		return s.Name.Name
	}
	p, _ := strconv.Unquote(s.Path.Value)
	return p[strings.LastIndex(p, "/")+1:]
}

// addImport adds the import to the group of the service's own imports
// (those sharing importPath's module prefix), or as a group of its own.
func addImport(f *dst.File, importPath, pkg, anchor string) {
	spec := &dst.ImportSpec{Path: &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(importPath)}}
	spec.Decs.Before = dst.NewLine
	spec.Decs.After = dst.NewLine
	if pkg != importPath[strings.LastIndex(importPath, "/")+1:] {
		spec.Name = dst.NewIdent(pkg)
	}
	prefix := importPath[:strings.LastIndex(importPath, "/")+1]
	var decl *dst.GenDecl
	at, anchored := -1, false
	for _, d := range f.Decls {
		g, ok := d.(*dst.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		if decl == nil {
			decl = g
		}
		for i, s := range g.Specs {
			is, ok := s.(*dst.ImportSpec)
			if !ok {
				continue
			}
			p, _ := strconv.Unquote(is.Path.Value)
			if strings.HasPrefix(p, prefix) && !anchored {
				decl, at = g, i+1
			}
			if anchor != "" && specName(is) == anchor {
				decl, at, anchored = g, i+1, true
			}
		}
	}
	if decl == nil {
		decl = &dst.GenDecl{Tok: token.IMPORT}
		f.Decls = append([]dst.Decl{decl}, f.Decls...)
	}
	if at < 0 {
		at = len(decl.Specs)
		spec.Decs.Before = dst.EmptyLine // a group of its own
	}
	decl.Lparen = true
	decl.Specs = append(decl.Specs[:at], append([]dst.Spec{spec}, decl.Specs[at:]...)...)
	f.Imports = append(f.Imports, spec)
}
