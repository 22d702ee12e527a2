package check

import (
	"fmt"
	"go/ast"
	"slices"
	"strings"
)

// logMethods are logger methods that may take an error directly.
var logMethods = []string{
	"Error", "Errorf", "Errorw", "Warn", "Warnf", "Warnw", "Info", "Infof", "Infow",
	"Debug", "Debugf", "Debugw", "Print", "Printf", "Println",
}

// logAndReturnRule reports an error that is logged and then returned (or
// returned wrapped) by the same block of statements.
func logAndReturnRule(p *pass) {
	for _, f := range p.pkg.files {
		if f.test {
			continue
		}
		forEachFunc(f.ast, func(body *ast.BlockStmt) {
			inspectOwn(body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BlockStmt:
					p.scanLogReturn(f, n.List)
				case *ast.CaseClause:
					p.scanLogReturn(f, n.Body)
				case *ast.CommClause:
					p.scanLogReturn(f, n.Body)
				}
				return true
			})
		})
	}
}

// scanLogReturn looks, after each logging statement of list, for a later
// statement of the same list that returns the logged identifier, stopping at
// an assignment to it. A log inside an if block that does not end the block's
// flow (no return, break, continue, goto or panic after it) is followed the
// same way into the statements after the if.
func (p *pass) scanLogReturn(f *file, list []ast.Stmt) {
	for i, s := range list {
		if ifs, ok := s.(*ast.IfStmt); ok {
			p.scanIfBlock(f, ifs, list[i+1:])
			continue
		}
		call := exprCall(s)
		if call == nil {
			continue
		}
		for _, x := range loggedIdents(f, call) {
			p.findReturn(f, call, x, list[i+1:])
		}
	}
}

// scanIfBlock reports an error logged in the body of ifs and returned by
// one of the statements after it.
func (p *pass) scanIfBlock(f *file, ifs *ast.IfStmt, after []ast.Stmt) {
	body := ifs.Body.List
	if len(body) == 0 || terminates(body[len(body)-1]) {
		return
	}
	for j, s := range body {
		call := exprCall(s)
		if call == nil {
			continue
		}
		for _, x := range loggedIdents(f, call) {
			// An x declared by the if's init is not the x after the block;
			// an x assigned later in the block is not the logged value.
			if (ifs.Init != nil && assignsIn(ifs.Init, x)) || slices.ContainsFunc(body[j+1:], func(s ast.Stmt) bool { return assignsIn(s, x) }) {
				continue
			}
			p.findReturn(f, call, x, after)
		}
	}
}

// findReturn reports the first statement of later that returns x, unless x
// is assigned first.
func (p *pass) findReturn(f *file, call *ast.CallExpr, x string, later []ast.Stmt) {
	for _, s := range later {
		ret, reassigned := returning(f, s, x)
		if ret != nil {
			line := p.fset.Position(ret.Pos()).Line
			p.report(call.Pos(), fmt.Sprintf("%s is logged here and returned at line %d; handle it once: log or return", x, line))
			return
		}
		if reassigned {
			return
		}
	}
}

func exprCall(s ast.Stmt) *ast.CallExpr {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, _ := es.X.(*ast.CallExpr)
	return call
}

// terminates reports statements after which the block's flow does not go on.
func terminates(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		call, ok := s.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := call.Fun.(*ast.Ident)
		return ok && id.Name == "panic"
	}
	return false
}

// loggedIdents returns the identifiers call logs.
func loggedIdents(f *file, call *ast.CallExpr) []string {
	var out []string
	for _, a := range call.Args {
		if field, ok := a.(*ast.CallExpr); ok {
			if x := fieldIdent(f, field); x != "" {
				out = append(out, x)
			}
		}
	}
	if !isLogCall(f, call) {
		return out
	}
	for _, a := range call.Args {
		if id, ok := a.(*ast.Ident); ok && errorName(id.Name) && !slices.Contains(out, id.Name) {
			out = append(out, id.Name)
		}
	}
	return out
}

// fieldIdent returns x for a structured-logging field carrying an error:
// zap.Error(x), zap.NamedError(k, x), zap.Any(k, x), slog.Any(k, x).
func fieldIdent(f *file, call *ast.CallExpr) string {
	var arg ast.Expr
	switch {
	case f.is(call.Fun, pathZap, "Error") && len(call.Args) == 1:
		arg = call.Args[0]
	case (f.is(call.Fun, pathZap, "NamedError", "Any") || f.is(call.Fun, "log/slog", "Any")) && len(call.Args) == 2:
		arg = call.Args[1]
	default:
		return ""
	}
	id, ok := arg.(*ast.Ident)
	if !ok || (!errorName(id.Name) && !f.is(call.Fun, pathZap, "Error", "NamedError")) {
		return ""
	}
	return id.Name
}

// isLogCall reports functions of the log and log/slog packages and logging
// methods on a receiver whose name contains "log" (logger, h.log, s.logger).
func isLogCall(f *file, call *ast.CallExpr) bool {
	if p, _, ok := f.qualified(call.Fun); ok {
		return p == "log" || p == "log/slog"
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !slices.Contains(logMethods, sel.Sel.Name) {
		return false
	}
	switch x := ast.Unparen(sel.X).(type) {
	case *ast.Ident:
		return strings.Contains(strings.ToLower(x.Name), "log")
	case *ast.SelectorExpr:
		return strings.Contains(strings.ToLower(x.Sel.Name), "log")
	case *ast.CallExpr:
		return f.is(x.Fun, pathZap, "L", "S")
	}
	return false
}

// errorName reports names that conventionally hold errors: err, errX, xErr.
func errorName(name string) bool {
	return strings.HasPrefix(name, "err") || strings.HasSuffix(name, "Err")
}

// assignsIn reports whether s assigns or declares x anywhere, outside
// function literals.
func assignsIn(s ast.Stmt, x string) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		found = assignsNode(n, x)
		return !found
	})
	return found
}

// assignsNode reports whether n itself assigns or declares x: x = ..., x :=
// ..., var x, or a range over into x.
func assignsNode(n ast.Node, x string) bool {
	isX := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && id.Name == x
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		return slices.ContainsFunc(n.Lhs, isX)
	case *ast.ValueSpec:
		return slices.ContainsFunc(n.Names, func(id *ast.Ident) bool { return id.Name == x })
	case *ast.RangeStmt:
		return n.Key != nil && isX(n.Key) || n.Value != nil && isX(n.Value)
	}
	return false
}

// returning finds, in source order, a return statement in s (outside
// function literals) that returns x or wraps it. It stops at the first
// assignment to x, whether it replaces the value (if v, err = fallback();
// ...) or declares a new, shadowing x (if err := sleep(); ...), and then
// reports reassigned.
func returning(f *file, s ast.Stmt, x string) (ret *ast.ReturnStmt, reassigned bool) {
	inspectOwn(s, func(n ast.Node) bool {
		if ret != nil || reassigned {
			return false
		}
		switch n := n.(type) {
		case *ast.ReturnStmt:
			if slices.ContainsFunc(n.Results, func(e ast.Expr) bool { return carries(f, e, x) }) {
				ret = n
			}
		default:
			reassigned = assignsNode(n, x)
		}
		return true
	})
	return ret, reassigned
}

// carries reports whether e is x or wraps x (fmt.Errorf, errors.Join, or
// Wrap/Wrapf/WithMessage/WithStack of github.com/pkg/errors).
func carries(f *file, e ast.Expr, x string) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name == x
	case *ast.CallExpr:
		wraps := f.is(e.Fun, "fmt", "Errorf") || f.is(e.Fun, "errors", "Join") ||
			f.is(e.Fun, "github.com/pkg/errors", "Wrap", "Wrapf", "WithMessage", "WithStack")
		return wraps && slices.ContainsFunc(e.Args, func(a ast.Expr) bool {
			id, ok := a.(*ast.Ident)
			return ok && id.Name == x
		})
	}
	return false
}
