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
			ast.Inspect(body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false // visited on its own
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
// an assignment to it.
func (p *pass) scanLogReturn(f *file, list []ast.Stmt) {
	for i, s := range list {
		es, ok := s.(*ast.ExprStmt)
		if !ok {
			continue
		}
		call, ok := es.X.(*ast.CallExpr)
		if !ok {
			continue
		}
		for _, x := range loggedIdents(f, call) {
			for _, later := range list[i+1:] {
				if assigns(later, x) {
					break
				}
				if ret := returning(f, later, x); ret != nil {
					line := p.fset.Position(ret.Pos()).Line
					p.report("errors", call.Pos(), fmt.Sprintf("%s is logged here and returned at line %d; handle it once: log or return", x, line))
					break
				}
			}
		}
	}
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

// assigns reports whether s is an assignment to x.
func assigns(s ast.Stmt, x string) bool {
	as, ok := s.(*ast.AssignStmt)
	if !ok {
		return false
	}
	return slices.ContainsFunc(as.Lhs, func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && id.Name == x
	})
}

// returning finds a return statement in s, outside function literals, that
// returns x or wraps it.
func returning(f *file, s ast.Stmt, x string) *ast.ReturnStmt {
	var found *ast.ReturnStmt
	ast.Inspect(s, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if slices.ContainsFunc(n.Results, func(e ast.Expr) bool { return carries(f, e, x) }) {
				found = n
			}
		}
		return true
	})
	return found
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
