package check

import (
	"go/ast"
	"go/token"
)

// ctxMethods are the pgx methods (of pgxpool.Pool, pgx.Conn and pgx.Tx)
// whose first argument is the context.
var ctxMethods = map[string]bool{
	"Query": true, "QueryRow": true, "Exec": true, "Begin": true, "BeginTx": true,
	"SendBatch": true, "CopyFrom": true,
}

// queryContextRule reports, outside tests, in a file that uses pgx, a call
// of a query method (see ctxMethods) on a value (not a package) whose first
// argument is, by its syntax alone:
//   - nil, or an expression that cannot be a context.Context: a literal, an
//     operator expression or fmt.Sprint* (the SQL where the context belongs,
//     as database/sql's context-less methods take it);
//   - context.Background() or context.TODO() in a function that has the
//     caller's context in hand: a context.Context, *http.Request or
//     *gin.Context parameter, its own or an enclosing function's. Packages
//     that serve requests are left to the context rule, which reports every
//     context.Background() there.
//
// Without type checking, a variable or a call of any other function may be
// a context; those are not reported. A call with no arguments cannot be
// pgx's (url.URL.Query() is not a query) and is not reported either.
func queryContextRule(p *pass) {
	for _, f := range p.pkg.files {
		if f.test || !usesPgx(f) {
			continue
		}
		ast.PreorderStack(f.ast, nil, func(n ast.Node, stack []ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				p.checkQueryContext(f, call, stack)
			}
			return true
		})
	}
}

func (p *pass) checkQueryContext(f *file, call *ast.CallExpr, stack []ast.Node) {
	method, ok := valueMethod(f, call, ctxMethods)
	if !ok || len(call.Args) == 0 {
		return
	}
	arg := ast.Unparen(call.Args[0])
	switch {
	case isNil(arg):
		p.report(arg.Pos(), method+" with a nil context: pass the caller's context (pgx reads its deadline and cancellation)")
	case notContext(f, arg):
		p.report(arg.Pos(), method+" without a context: its first argument "+exprString(arg)+" is not a context.Context; pass the caller's context first (pgx's methods take it; database/sql's need the ...Context variants)")
	case isBackground(f, arg) && !requestDir(p.pkg.dir) && ctxInHand(f, stack):
		p.report(arg.Pos(), method+" with "+exprString(arg)+" where the caller's context is in hand: pass it, so the query ends with the request and joins its trace")
	}
}

// valueMethod returns the method name of x.M(...) when M is one of names
// and x is not an imported package.
func valueMethod(f *file, call *ast.CallExpr, names map[string]bool) (string, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !names[sel.Sel.Name] {
		return "", false
	}
	if id, ok := sel.X.(*ast.Ident); ok {
		if _, isPkg := f.imports[id.Name]; isPkg {
			return "", false
		}
	}
	return sel.Sel.Name, true
}

func isNil(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}

// notContext reports expressions whose value is never a context.Context:
// literals (no basic type has methods), operator expressions (none yields
// an interface) and fmt.Sprint* (a string).
func notContext(f *file, e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit, *ast.BinaryExpr:
		return true
	case *ast.UnaryExpr:
		return e.Op != token.AND && e.Op != token.ARROW // &x may be a *T with methods; <-ch a context
	case *ast.CallExpr:
		return f.is(e.Fun, "fmt", "Sprint", "Sprintf", "Sprintln")
	}
	return false
}

func isBackground(f *file, e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	return ok && len(call.Args) == 0 && f.is(call.Fun, "context", "Background", "TODO")
}

// ctxInHand reports whether a function enclosing the node (stack, outermost
// first) has a parameter carrying the caller's context.
func ctxInHand(f *file, stack []ast.Node) bool {
	for _, n := range stack {
		var ft *ast.FuncType
		switch n := n.(type) {
		case *ast.FuncDecl:
			ft = n.Type
		case *ast.FuncLit:
			ft = n.Type
		default:
			continue
		}
		for _, field := range ft.Params.List {
			if contextType(f, field.Type) {
				return true
			}
		}
	}
	return false
}

// contextType reports context.Context, *http.Request and *gin.Context.
func contextType(f *file, t ast.Expr) bool {
	if f.is(t, "context", "Context") {
		return true
	}
	star, ok := t.(*ast.StarExpr)
	return ok && (f.is(star.X, pathHTTP, "Request") || f.is(star.X, pathGin, "Context"))
}
