package check

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// routeMethods are the gin router methods that add routes or middleware.
var routeMethods = []string{
	"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "Any", "Match",
	"Handle", "Group", "Use", "NoRoute", "NoMethod", "Static", "StaticFile", "StaticFS",
}

// registerFunc reports the functions where a resource registers its
// routes: Register, RegisterRoutes, Register<Something>Routes.
func registerFunc(name string) bool {
	rest, ok := strings.CutPrefix(name, "Register")
	if !ok || rest == "" {
		return ok
	}
	mid, ok := strings.CutSuffix(rest, "Routes")
	for i := range len(mid) {
		if c := mid[i]; (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return ok
}

// routeRule reports route registrations outside the standard chain: calls of
// routeMethods on a gin router value, or those methods taken as values
// (get := e.GET), outside internal/httpserver and outside RegisterRoutes-style
// functions. Function literals in package-level variables (fx.Invoke(func(e
// *gin.Engine) {...}) in a var Module) are inspected too: that is where fx
// wiring lives.
func routeRule(p *pass) {
	if p.pkg.dir == dirHTTPServer {
		return
	}
	fields := routerFields(p.pkg)
	for _, f := range p.pkg.files {
		if f.test {
			continue
		}
		r := &routers{f: f, fields: fields, idents: map[string]bool{}}
		// Package-level router variables are visible in every function.
		for _, d := range f.ast.Decls {
			if g, ok := d.(*ast.GenDecl); ok {
				r.scan(g)
			}
		}
		for _, d := range f.ast.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body == nil || registerFunc(d.Name.Name) {
					continue
				}
				local := r.clone()
				local.scan(d.Type)
				p.inspectRoutes(local, d.Body)
			case *ast.GenDecl:
				if d.Tok == token.VAR {
					p.inspectRoutes(r.clone(), d)
				}
			}
		}
	}
}

// inspectRoutes reports the route registrations under n.
func (p *pass) inspectRoutes(local *routers, n ast.Node) {
	called := map[*ast.SelectorExpr]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		local.scan(n)
		switch n := n.(type) {
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if ok && slices.Contains(routeMethods, sel.Sel.Name) && local.isRouter(sel.X) {
				called[sel] = true
				p.report(n.Pos(), "route registration ."+sel.Sel.Name+" outside "+dirHTTPServer+" and a Register/RegisterRoutes function can bypass the standard chain")
			}
		case *ast.SelectorExpr:
			if !called[n] && slices.Contains(routeMethods, n.Sel.Name) && local.isRouter(n.X) {
				p.report(n.Pos(), "route method value ."+n.Sel.Name+" outside "+dirHTTPServer+" and a Register/RegisterRoutes function can register routes that bypass the standard chain")
			}
		}
		return true
	})
}

// routers tracks which expressions of one function are gin router values.
type routers struct {
	f      *file
	fields map[string]bool // struct fields of router type in the package
	idents map[string]bool // identifiers known to hold a router
}

func (r *routers) clone() *routers {
	c := *r
	c.idents = make(map[string]bool, len(r.idents))
	for k, v := range r.idents {
		c.idents[k] = v
	}
	return &c
}

// scan records the router identifiers n declares: typed parameters and
// variables, and assignments from router expressions.
func (r *routers) scan(n ast.Node) {
	switch n := n.(type) {
	case *ast.FuncType:
		for _, list := range []*ast.FieldList{n.Params, n.Results} {
			if list == nil {
				continue
			}
			for _, fld := range list.List {
				r.addNames(fld.Names, fld.Type, nil)
			}
		}
	case *ast.GenDecl:
		for _, s := range n.Specs {
			if vs, ok := s.(*ast.ValueSpec); ok {
				r.addNames(vs.Names, vs.Type, vs.Values)
			}
		}
	case *ast.DeclStmt:
		r.scan(n.Decl)
	case *ast.AssignStmt:
		if len(n.Lhs) != len(n.Rhs) {
			return
		}
		for i, lhs := range n.Lhs {
			if id, ok := lhs.(*ast.Ident); ok && r.isRouter(n.Rhs[i]) {
				r.idents[id.Name] = true
			}
		}
	}
}

func (r *routers) addNames(names []*ast.Ident, typ ast.Expr, values []ast.Expr) {
	for i, id := range names {
		if (typ != nil && isRouterType(r.f, typ)) || (i < len(values) && len(values) == len(names) && r.isRouter(values[i])) {
			r.idents[id.Name] = true
		}
	}
}

// isRouter reports whether e is a gin router value.
func (r *routers) isRouter(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return r.idents[e.Name]
	case *ast.SelectorExpr:
		return r.fields[e.Sel.Name] && !isPackage(r.f, e.X)
	case *ast.CallExpr:
		if r.f.is(e.Fun, pathGin, "New", "Default") {
			return true
		}
		sel, ok := e.Fun.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Group" && r.isRouter(sel.X)
	}
	return false
}

func isPackage(f *file, e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && f.imports[id.Name] != ""
}

// isRouterType reports *gin.Engine, *gin.RouterGroup, gin.IRouter and gin.IRoutes.
func isRouterType(f *file, t ast.Expr) bool {
	if star, ok := t.(*ast.StarExpr); ok {
		return f.is(star.X, pathGin, "Engine", "RouterGroup")
	}
	return f.is(t, pathGin, "IRouter", "IRoutes")
}

// routerFields collects the names of struct fields of router type declared in
// the package.
func routerFields(pk *pkg) map[string]bool {
	fields := map[string]bool{}
	for _, f := range pk.files {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			for _, fld := range st.Fields.List {
				if isRouterType(f, fld.Type) {
					for _, id := range fld.Names {
						fields[id.Name] = true
					}
				}
			}
			return true
		})
	}
	return fields
}
