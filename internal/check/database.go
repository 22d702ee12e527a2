package check

import (
	"go/ast"
	"go/token"
	"strings"
)

// Import paths and the package of the postgres feature.
const (
	pathPgx     = "github.com/jackc/pgx/v5"
	pathPgxpool = "github.com/jackc/pgx/v5/pgxpool"
	dirDatabase = "internal/database"
)

// queryMethods take the SQL text as their first argument after the context.
var queryMethods = map[string]bool{"Query": true, "QueryRow": true, "Exec": true}

// sqlRule (database) reports, outside tests: a *pgxpool.Pool created outside
// internal/database (one pool per service, configured and observed in one
// place), and SQL built with + or fmt.Sprintf passed to a query method in
// a file that uses pgx (values belong in $n parameters; identifiers, which
// cannot be parameters, go through pgx.Identifier.Sanitize).
func sqlRule(p *pass) {
	for _, f := range p.pkg.files {
		if f.test || !usesPgx(f) {
			continue
		}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if f.is(call.Fun, pathPgxpool, "New", "NewWithConfig") && !under(p.pkg.dir, dirDatabase) {
				p.report(call.Pos(), "pgxpool pool created outside "+dirDatabase+": take the service's *pgxpool.Pool from fx")
			}
			if sql := queryText(call); sql != nil && builtSQL(f, sql) {
				p.report(sql.Pos(), "SQL built with + or fmt.Sprintf: pass values as $1, $2 parameters (identifiers through pgx.Identifier.Sanitize)")
			}
			return true
		})
	}
}

func usesPgx(f *file) bool {
	for _, path := range f.imports {
		if path == pathPgx || strings.HasPrefix(path, pathPgx+"/") {
			return true
		}
	}
	return false
}

// queryText returns the SQL argument of x.Query(ctx, sql, ...) and the like.
func queryText(call *ast.CallExpr) ast.Expr {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !queryMethods[sel.Sel.Name] || len(call.Args) < 2 {
		return nil
	}
	return call.Args[1]
}

// builtSQL reports SQL text assembled at run time: fmt.Sprintf, or + with
// an operand that is neither a literal nor a Sanitize() call.
func builtSQL(f *file, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		return f.is(e.Fun, "fmt", "Sprintf", "Sprint")
	case *ast.BinaryExpr:
		return e.Op == token.ADD && (!safeOperand(f, e.X) || !safeOperand(f, e.Y))
	}
	return false
}

func safeOperand(f *file, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.BinaryExpr:
		return !builtSQL(f, e)
	case *ast.CallExpr:
		sel, ok := e.Fun.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Sanitize"
	}
	return false
}
