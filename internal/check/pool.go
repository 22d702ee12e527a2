package check

import (
	"go/ast"
	"go/printer"
	"go/token"
	"strings"
)

// Kinds of sync.Pool values, by what their literal's New function builds.
const (
	poolUnknown = iota // declared, New not seen: checked
	poolFixed          // New builds something else: not checked
	poolBuffer         // New builds a bytes.Buffer, strings.Builder or []byte
)

// poolRule reports a .Put(x) on a sync.Pool value in a function that does not
// compare x.Cap() or cap(x) before the call.
func poolRule(p *pass) {
	pools := poolNames(p.pkg)
	if len(pools) == 0 {
		return
	}
	for _, f := range p.pkg.files {
		if f.test {
			continue
		}
		forEachFunc(f.ast, func(body *ast.BlockStmt) {
			ast.Inspect(body, func(n ast.Node) bool {
				if _, ok := n.(*ast.FuncLit); ok {
					return false // visited on its own
				}
				if as, ok := n.(*ast.AssignStmt); ok {
					p.checkReset(f, body, pools, as)
					return true
				}
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Put" || !isPool(pools, sel.X) {
					return true
				}
				if !capChecked(body, call.Args[0], call.Pos()) {
					p.report(call.Pos(), "sync.Pool Put of "+exprString(call.Args[0])+" without a size cap; drop buffers above a maximum capacity (golang/go#23199)")
				}
				return true
			})
		})
	}
}

// checkReset reports b := pool.Get().(*bytes.Buffer) (or *strings.Builder)
// in a function that never calls b.Reset(): the buffer still holds what the
// previous user wrote.
func (p *pass) checkReset(f *file, body *ast.BlockStmt, pools map[string]int, as *ast.AssignStmt) {
	if len(as.Rhs) != 1 || len(as.Lhs) == 0 {
		return
	}
	ta, ok := ast.Unparen(as.Rhs[0]).(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil {
		return
	}
	star, ok := ta.Type.(*ast.StarExpr)
	if !ok || !f.is(star.X, "bytes", "Buffer") && !f.is(star.X, "strings", "Builder") {
		return
	}
	get, ok := ast.Unparen(ta.X).(*ast.CallExpr)
	if !ok {
		return
	}
	sel, ok := get.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Get" || !isPool(pools, sel.X) {
		return
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok || id.Name == "_" || resets(body, id.Name) {
		return
	}
	p.report(as.Pos(), "pooled buffer "+id.Name+" from "+exprString(sel.X)+".Get is never Reset in this function; call "+id.Name+".Reset() before writing to it")
}

// resets reports a call x.Reset() anywhere in body.
func resets(body *ast.BlockStmt, x string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 0 {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Reset" {
				id, ok := sel.X.(*ast.Ident)
				found = found || ok && id.Name == x
			}
		}
		return !found
	})
	return found
}

// forEachFunc calls fn with the body of every function declaration and
// function literal in f.
func forEachFunc(f *ast.File, fn func(*ast.BlockStmt)) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				fn(n.Body)
			}
		case *ast.FuncLit:
			fn(n.Body)
		}
		return true
	})
}

// inspectOwn is ast.Inspect over a function's own statements: it does not
// descend into the function literals inside n, whose statements run when
// they are called (forEachFunc visits each of them as a function of its own).
func inspectOwn(n ast.Node, fn func(ast.Node) bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		return fn(n)
	})
}

func isPool(pools map[string]int, e ast.Expr) bool {
	var name string
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		name = e.Name
	case *ast.SelectorExpr:
		name = e.Sel.Name
	default:
		return false
	}
	kind, ok := pools[name]
	return ok && kind != poolFixed
}

// capChecked reports whether body compares the capacity of x before pos,
// directly (x.Cap() > max, cap(x) > max) or through a variable assigned from
// it (n := x.Cap(); if n > max).
func capChecked(body *ast.BlockStmt, x ast.Expr, pos token.Pos) bool {
	want := operand(x)
	isCap := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "cap" && len(call.Args) == 1 {
			return operand(call.Args[0]) == want
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Cap" && len(call.Args) == 0 && operand(sel.X) == want
	}
	capVars := map[string]bool{}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= pos {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && i < len(n.Rhs) && isCap(n.Rhs[i]) {
					capVars[id.Name] = true
				}
			}
		case *ast.BinaryExpr:
			switch n.Op {
			case token.LSS, token.LEQ, token.GTR, token.GEQ:
				found = mentionsCap(n, isCap, capVars)
			}
		}
		return true
	})
	return found
}

// operand renders e without a leading & or *, so cap(*b) is a check of b.
func operand(e ast.Expr) string {
	switch u := ast.Unparen(e).(type) {
	case *ast.StarExpr:
		return operand(u.X)
	case *ast.UnaryExpr:
		if u.Op == token.AND {
			return operand(u.X)
		}
	}
	return exprString(e)
}

func mentionsCap(e ast.Expr, isCap func(ast.Expr) bool, capVars map[string]bool) bool {
	hit := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			hit = hit || capVars[n.Name]
		case ast.Expr:
			hit = hit || isCap(n)
		}
		return !hit
	})
	return hit
}

// exprString prints an expression for a message. go/printer is already in
// the binary (go/format); go/types would add its weight to every svcgen start.
func exprString(e ast.Expr) string {
	var b strings.Builder
	if err := printer.Fprint(&b, token.NewFileSet(), e); err != nil {
		return "value"
	}
	return b.String()
}
