package check

import (
	"go/ast"
	"strings"
)

const pathFx = "go.uber.org/fx"

// readyOrderRule reports an fx.Invoke written directly into a composition
// (the arguments of fx.Options or fx.Module) after httpserver.Module, in
// any package. httpserver.Module marks the service ready with an invoke of
// the composition that lists it, which fx runs after every module's invokes
// but in list order among the composition's own: an fx.Invoke after it
// appends its OnStart hooks after the readiness hook, so what it starts is
// not running yet when traffic arrives. In an fx.Module of its own (or
// listed before httpserver.Module) it starts before readiness. It is the
// one order readiness still depends on.
func readyOrderRule(p *pass) {
	for _, f := range p.pkg.files {
		if f.test {
			continue
		}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && f.is(call.Fun, pathFx, "Options", "Module") {
				p.invokesAfterServer(f, call.Args)
			}
			return true
		})
	}
}

// invokesAfterServer reports the fx.Invoke calls among args that follow
// httpserver.Module.
func (p *pass) invokesAfterServer(f *file, args []ast.Expr) {
	after := false
	for _, arg := range args {
		if pkgPath, name, ok := f.qualified(arg); ok && name == "Module" && strings.HasSuffix(pkgPath, "/"+dirHTTPServer) {
			after = true
			continue
		}
		if call, ok := ast.Unparen(arg).(*ast.CallExpr); ok && after && f.is(call.Fun, pathFx, "Invoke") {
			p.report(call.Pos(), "fx.Invoke after httpserver.Module: its OnStart hooks run after the service is marked ready; "+
				"move it into an fx.Module of its own or above httpserver.Module")
		}
	}
}
