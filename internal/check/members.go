package check

import (
	"go/ast"
	"strings"
)

// member is one use of an imported package's member, pkg.Name: called, or
// taken as a value (var register = prometheus.MustRegister), since every use
// goes through the selector. Aliases are resolved by import path.
type member struct {
	f          *file
	sel        *ast.SelectorExpr
	path, name string        // import path and member name
	call       *ast.CallExpr // the call of the member; nil for a value
}

// uses returns the package's member uses in source order, test files
// included. One walk collects them for every rule that bans members.
func (p *pass) uses() []member {
	if p.indexed {
		return p.members
	}
	p.indexed = true
	for _, f := range p.pkg.files {
		// A call is visited just before its function, so pkg.Name(...)
		// and (pkg.Name)(...) find their call here.
		var call *ast.CallExpr
		ast.Inspect(f.ast, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				call = n
			case *ast.SelectorExpr:
				if path, name, ok := f.qualified(n); ok {
					m := member{f: f, sel: n, path: path, name: name}
					if call != nil && ast.Unparen(call.Fun) == n {
						m.call = call
					}
					p.members = append(p.members, m)
				}
			}
			return true
		})
	}
	return p.members
}

// globalsRule (standard-handler) reports engines and global state that
// bypass the standard chain and the injected telemetry: promauto's and
// prometheus' global registry (tests too: it makes them order-dependent),
// gin.New outside internal/httpserver, and zap's and OpenTelemetry's
// globals outside internal/telemetry.
func globalsRule(p *pass) {
	dir := p.pkg.dir
	for _, m := range p.uses() {
		pos, path, name := m.sel.Pos(), m.path, m.name
		switch {
		case path == pathPromauto && strings.HasPrefix(name, "New"):
			p.report(pos, "promauto."+name+" registers on the global Prometheus registry; use promauto.With(reg) with the injected registerer")
		case path == pathPrometheus && (name == "MustRegister" || name == "Register"):
			p.report(pos, "prometheus."+name+" registers on the global Prometheus registry; register on the injected registerer")
		case path == pathPrometheus && name == "DefaultRegisterer":
			p.report(pos, "prometheus.DefaultRegisterer is the global registry; use the injected registerer")
		case m.f.test:
			// The rules below do not apply to tests.
		case path == pathGin && name == "New" && dir != dirHTTPServer:
			p.report(pos, "gin engine created outside "+dirHTTPServer+": its routes bypass the standard chain")
		case (path == pathZap && (name == "L" || name == "S" || name == "ReplaceGlobals")) ||
			(path == pathOTel && (name == "Tracer" || name == "Meter" || name == "GetTracerProvider" || name == "GetMeterProvider")):
			if !under(dir, dirTelemetry) {
				p.report(pos, defaultName(path)+"."+name+" is a global logger or provider; inject the *zap.Logger, TracerProvider or MeterProvider from "+dirTelemetry)
			}
		}
	}
}

// zeroServerRule (server-hardening) reports gin's default engine and the
// net/http functions that serve with a zero http.Server.
func zeroServerRule(p *pass) {
	for _, m := range p.uses() {
		switch {
		case m.f.test:
		case m.path == pathGin && m.name == "Default":
			p.report(m.sel.Pos(), "gin.Default() adds gin's own logger and recovery outside the standard chain; use gin.New() in "+dirHTTPServer)
		case m.path == pathHTTP && (m.name == "ListenAndServe" || m.name == "ListenAndServeTLS" || m.name == "Serve" || m.name == "ServeTLS"):
			p.report(m.sel.Pos(), "http."+m.name+" serves with a zero http.Server: no timeouts, no header limit; use the hardened server of "+dirHTTPServer)
		}
	}
}

// contextRule reports calls that drop the request context or carry no
// deadline.
func contextRule(p *pass) {
	for _, m := range p.uses() {
		switch {
		case m.f.test:
		case m.path == pathHTTP && m.name == "DefaultClient":
			p.report(m.sel.Pos(), "http.DefaultClient has no timeout; use a client with timeouts and NewRequestWithContext")
		case m.path == pathHTTP && (m.name == "Get" || m.name == "Head" || m.name == "Post" || m.name == "PostForm"):
			p.report(m.sel.Pos(), "http."+m.name+" uses http.DefaultClient: no timeout and no request context; use a client with timeouts and NewRequestWithContext")
		case m.path == "context" && (m.name == "Background" || m.name == "TODO") && requestDir(p.pkg.dir):
			p.report(m.sel.Pos(), "context."+m.name+"() in a request-handling package drops cancellation and the trace; pass the request context")
		}
	}
}

// requestDir reports packages that serve requests: everything under
// internal/ except the start-up packages.
func requestDir(dir string) bool {
	return under(dir, "internal") && !under(dir, startupDirs...)
}

// lintRule reports what forbidigo forbids in the generated .golangci.yml:
// unstructured output, exits and panics past fx, and time.Tick.
func lintRule(p *pass) {
	for _, m := range p.uses() {
		pos, path, name := m.sel.Pos(), m.path, m.name
		switch {
		case m.f.test:
		case (path == "fmt" || path == "log") && (name == "Print" || name == "Printf" || name == "Println"):
			// main too, as forbidigo in the generated .golangci.yml; like
			// golangci-lint, a main package may print on a line whose nolint
			// directive for forbidigo gives a reason (a CLI printing its
			// version).
			if !m.f.main() || !p.reasonedNolint(pos, "forbidigo") {
				p.report(pos, path+"."+name+" writes unstructured output; use the injected zap logger")
			}
		case path == "fmt" && (name == "Fprint" || name == "Fprintf" || name == "Fprintln") && m.call != nil &&
			len(m.call.Args) > 0 && m.f.is(m.call.Args[0], "os", "Stdout", "Stderr") && !m.f.main():
			p.report(m.call.Pos(), "fmt.Fprint* to os.Stdout/os.Stderr outside a main package writes unstructured output; use the injected zap logger")
		case path == "log" && (strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic")):
			p.report(pos, "log."+name+" exits or panics past fx's shutdown; return the error (only main exits)")
		case path == "time" && name == "Tick":
			p.report(pos, "time.Tick cannot be stopped; use time.NewTicker with defer Stop and select on ctx.Done()")
		}
	}
}

// fxModulesRule reports exits outside main, which skip fx's OnStop hooks.
func fxModulesRule(p *pass) {
	for _, m := range p.uses() {
		if !m.f.test && m.path == "os" && m.name == "Exit" && !m.f.main() {
			p.report(m.sel.Pos(), "os.Exit outside a main package skips fx's OnStop hooks and deferred calls; return the error and let main exit")
		}
	}
}

// configRule reports the environment read outside the config package.
func configRule(p *pass) {
	for _, m := range p.uses() {
		if !m.f.test && m.path == "os" && (m.name == "Getenv" || m.name == "LookupEnv" || m.name == "Environ") &&
			!under(p.pkg.dir, dirConfig) && !m.f.main() {
			p.report(m.sel.Pos(), "os."+m.name+" outside "+dirConfig+": read configuration once, in the config package")
		}
	}
}

// errorStringRule (errors) reports zap.String(k, err.Error()), which logs
// the text and loses the error value.
func errorStringRule(p *pass) {
	for _, m := range p.uses() {
		if m.f.test || m.call == nil || m.path != pathZap || m.name != "String" || len(m.call.Args) != 2 {
			continue
		}
		if x := errorCallOf(m.call.Args[1]); x != nil {
			p.report(m.call.Pos(), "zap.String of "+exprString(m.call.Args[1])+" loses the error value and its type; use zap.Error("+exprString(x)+")")
		}
	}
}

// errorCallOf returns x for x.Error() with no arguments, else nil.
func errorCallOf(e ast.Expr) ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" {
		return sel.X
	}
	return nil
}
