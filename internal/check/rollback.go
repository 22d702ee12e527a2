package check

import (
	"go/ast"
	"slices"
)

// beginMethods start a pgx transaction (on a pgx.Tx: a savepoint).
var beginMethods = map[string]bool{"Begin": true, "BeginTx": true}

// rollbackRule reports, outside tests, in a file that uses pgx, an
// assignment tx, err := x.Begin(ctx) (or BeginTx, = as well as :=) in a
// function that neither defers the rollback nor hands the transaction on.
// Deferred forms: defer tx.Rollback(ctx); a deferred function literal that
// calls tx.Rollback or passes tx to a call (defer func() { _ =
// tx.Rollback(ctx) }()); a deferred call that takes tx (defer rollback(ctx,
// tx)). Handing on: returning tx, so the caller owns it. A defer inside a
// nested function literal runs when that literal returns and does not count.
// database.InTx, the generated helper, defers the rollback in a function
// literal; code that calls it has no Begin of its own. Passing a begun tx to
// InTx is not handing it on: InTx(ctx, tx, fn) opens and ends a savepoint,
// and tx itself still needs its rollback.
func rollbackRule(p *pass) {
	for _, f := range p.pkg.files {
		if f.test || !usesPgx(f) {
			continue
		}
		forEachFunc(f.ast, func(body *ast.BlockStmt) {
			inspectOwn(body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok {
					p.checkBegin(f, body, as)
				}
				return true
			})
		})
	}
}

func (p *pass) checkBegin(f *file, body *ast.BlockStmt, as *ast.AssignStmt) {
	if len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return // pgx's Begin takes the context
	}
	method, ok := valueMethod(f, call, beginMethods)
	if !ok {
		return
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return // a field or an element: owned beyond this function
	}
	if id.Name == "_" {
		p.report(as.Pos(), "transaction from "+method+" discarded: it can never be rolled back; use database.InTx")
		return
	}
	if rollsBack(body, id.Name) || returns(body, id.Name) {
		return
	}
	p.report(as.Pos(), "transaction "+id.Name+" from "+method+" without a deferred rollback: an early return or a panic leaves the connection and its locks busy; defer "+id.Name+".Rollback(ctx) right after the error check, or use database.InTx")
}

// rollsBack reports a defer in body (not in a nested function literal) that
// rolls tx back or hands it to a call.
func rollsBack(body *ast.BlockStmt, tx string) bool {
	found := false
	inspectOwn(body, func(n ast.Node) bool {
		if d, ok := n.(*ast.DeferStmt); ok {
			if lit, ok := d.Call.Fun.(*ast.FuncLit); ok {
				found = found || callsWith(lit.Body, tx)
			} else {
				found = found || takesTx(d.Call, tx)
			}
		}
		return !found
	})
	return found
}

// callsWith reports a call in n of tx.Rollback or of anything taking tx.
func callsWith(n ast.Node, tx string) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			found = found || takesTx(call, tx)
		}
		return !found
	})
	return found
}

// takesTx reports tx.Rollback(...) or a call with tx among its arguments.
func takesTx(call *ast.CallExpr, tx string) bool {
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Rollback" && isIdent(sel.X, tx) {
		return true
	}
	for _, a := range call.Args {
		if isIdent(a, tx) {
			return true
		}
	}
	return false
}

// returns reports a return statement of body (not of a nested function
// literal) with tx among its results.
func returns(body *ast.BlockStmt, tx string) bool {
	found := false
	inspectOwn(body, func(n ast.Node) bool {
		if r, ok := n.(*ast.ReturnStmt); ok {
			found = found || slices.ContainsFunc(r.Results, func(e ast.Expr) bool { return isIdent(e, tx) })
		}
		return !found
	})
	return found
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == name
}
