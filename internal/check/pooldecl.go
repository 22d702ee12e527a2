package check

import (
	"go/ast"
	"go/token"
)

// poolNames maps the names of sync.Pool values of the package (variables and
// struct fields) to their kind.
func poolNames(pk *pkg) map[string]int {
	c := poolCollector{pools: map[string]int{}, newFuncs: map[string]int{}}
	for _, f := range pk.files {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			c.visit(f, n)
			return true
		})
	}
	// A New assigned after the declaration (p.New = func...) decides the kind
	// of a pool whose literal was not seen.
	for name, kind := range c.newFuncs {
		if old, ok := c.pools[name]; ok && old == poolUnknown {
			c.pools[name] = kind
		}
	}
	return c.pools
}

type poolCollector struct {
	pools    map[string]int
	newFuncs map[string]int // kinds of functions assigned to p.New
}

// note records a pool; a buffer sighting wins over the others.
func (c *poolCollector) note(name string, kind int) {
	if old, ok := c.pools[name]; !ok || old < kind {
		c.pools[name] = kind
	}
}

func (c *poolCollector) visit(f *file, n ast.Node) {
	switch n := n.(type) {
	case *ast.ValueSpec:
		for i, id := range n.Names {
			if len(n.Values) == len(n.Names) {
				if kind, ok := poolLiteral(f, n.Values[i]); ok {
					c.note(id.Name, kind)
					continue
				}
			}
			if n.Type != nil && isPoolType(f, n.Type) {
				c.note(id.Name, poolUnknown)
			}
		}
	case *ast.Field:
		if isPoolType(f, n.Type) {
			for _, id := range n.Names {
				c.note(id.Name, poolUnknown)
			}
		}
	case *ast.KeyValueExpr:
		if id, ok := n.Key.(*ast.Ident); ok {
			if kind, ok := poolLiteral(f, n.Value); ok {
				c.note(id.Name, kind)
			}
		}
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i, lhs := range n.Lhs {
				c.assign(f, lhs, n.Rhs[i])
			}
		}
	}
}

func (c *poolCollector) assign(f *file, lhs, rhs ast.Expr) {
	if name, ok := newField(lhs); ok {
		c.newFuncs[name] = max(c.newFuncs[name], buildKind(f, rhs))
		return
	}
	kind, ok := poolLiteral(f, rhs)
	if !ok {
		return
	}
	switch l := lhs.(type) {
	case *ast.Ident:
		c.note(l.Name, kind)
	case *ast.SelectorExpr:
		c.note(l.Sel.Name, kind)
	}
}

// newField returns p for an assignment target p.New or x.p.New.
func newField(lhs ast.Expr) (string, bool) {
	sel, ok := lhs.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "New" {
		return "", false
	}
	switch x := sel.X.(type) {
	case *ast.Ident:
		return x.Name, true
	case *ast.SelectorExpr:
		return x.Sel.Name, true
	}
	return "", false
}

func isPoolType(f *file, t ast.Expr) bool {
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	return f.is(t, "sync", "Pool")
}

// poolLiteral reports whether e is a sync.Pool literal (or its address) and
// what its New function builds.
func poolLiteral(f *file, e ast.Expr) (int, bool) {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok || !f.is(lit.Type, "sync", "Pool") {
		return 0, false
	}
	if len(lit.Elts) == 0 {
		return poolUnknown, true
	}
	return buildKind(f, lit), true
}

// buildKind reports poolBuffer when n builds a growable buffer (a
// bytes.Buffer, a strings.Builder, or a []byte other than make([]byte, n)),
// else poolFixed. A make([]byte, n) of a fixed length is a fixed-size object,
// such as a copy buffer for io.CopyBuffer: its size never grows, so it needs
// no cap.
func buildKind(f *file, n ast.Node) int {
	kind := poolFixed
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if fixedMake(n) {
				return false
			}
		case *ast.SelectorExpr:
			if f.is(n, "bytes", "Buffer", "NewBuffer", "NewBufferString") || f.is(n, "strings", "Builder") {
				kind = poolBuffer
			}
		case *ast.ArrayType:
			if isByteSlice(n) {
				kind = poolBuffer
			}
		}
		return kind != poolBuffer
	})
	return kind
}

// fixedMake reports make([]byte, n) without a capacity, n not 0.
func fixedMake(call *ast.CallExpr) bool {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != "make" || len(call.Args) != 2 {
		return false
	}
	t, ok := call.Args[0].(*ast.ArrayType)
	if !ok || !isByteSlice(t) {
		return false
	}
	lit, ok := call.Args[1].(*ast.BasicLit)
	return !ok || lit.Value != "0"
}

func isByteSlice(t *ast.ArrayType) bool {
	id, ok := t.Elt.(*ast.Ident)
	return ok && t.Len == nil && (id.Name == "byte" || id.Name == "uint8")
}
