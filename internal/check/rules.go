package check

import (
	"go/ast"
	"go/token"
	"strings"
)

// Import paths the rules look for.
const (
	pathGin        = "github.com/gin-gonic/gin"
	pathPromauto   = "github.com/prometheus/client_golang/prometheus/promauto"
	pathPrometheus = "github.com/prometheus/client_golang/prometheus"
	pathZap        = "go.uber.org/zap"
	pathHTTP       = "net/http"
	pathPprof      = "net/http/pprof"
	pathOTel       = "go.opentelemetry.io/otel"
)

// Package directories with a special role in the generated service.
const (
	dirHTTPServer = "internal/httpserver"
	dirConfig     = "internal/config"
	dirTelemetry  = "internal/telemetry"
)

// startupDirs are the packages under internal/ that run at start-up, not per
// request, where context.Background() is legitimate. internal/database (the
// postgres feature) builds the pool and migrates at start-up; its one
// request-path helper, InTx, takes the caller's context.
var startupDirs = []string{"internal/app", dirConfig, "internal/database", dirTelemetry}

// pass runs the rules over one package and collects findings.
type pass struct {
	fset     *token.FileSet
	root     string // the service directory, for the few rules that read a source line
	pkg      *pkg
	findings []Finding
	sources  map[string][]byte // files read by reasonedNolint, by slash path
}

func (p *pass) report(rule string, pos token.Pos, msg string) {
	position := p.fset.Position(pos)
	p.findings = append(p.findings, Finding{Rule: rule, Path: position.Filename, Line: position.Line, Message: msg})
}

// rules run in this order on every package.
var rules = []func(*pass){
	callRules,
	importRules,
	serverLiteralRule,
	routeRule,
	poolRule,
	logAndReturnRule,
	databaseRule,
	queryContextRule,
	rollbackRule,
	readyOrderRule,
}

// callRules reports uses of banned package members: calls, and function
// values (var register = prometheus.MustRegister) alike, since every use
// goes through a pkg.Name selector. Rules that look at arguments run on the
// call.
func callRules(p *pass) {
	for _, f := range p.pkg.files {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				p.checkCallArgs(f, n)
			case *ast.SelectorExpr:
				p.checkMember(f, n)
			}
			return true
		})
	}
}

func (p *pass) checkMember(f *file, sel *ast.SelectorExpr) {
	pkgPath, name, ok := f.qualified(sel)
	if !ok {
		return
	}
	dir := p.pkg.dir
	switch {
	case pkgPath == pathPromauto && strings.HasPrefix(name, "New"):
		// Tests too: the global registry makes them order-dependent.
		p.report("standard-handler", sel.Pos(), "promauto."+name+" registers on the global Prometheus registry; use promauto.With(reg) with the injected registerer")
	case pkgPath == pathPrometheus && (name == "MustRegister" || name == "Register"):
		p.report("standard-handler", sel.Pos(), "prometheus."+name+" registers on the global Prometheus registry; register on the injected registerer")
	case pkgPath == pathPrometheus && name == "DefaultRegisterer":
		p.report("standard-handler", sel.Pos(), "prometheus.DefaultRegisterer is the global registry; use the injected registerer")
	case f.test:
		// The rules below do not apply to tests.
	case pkgPath == pathHTTP && name == "DefaultClient":
		p.report("context", sel.Pos(), "http.DefaultClient has no timeout; use a client with timeouts and NewRequestWithContext")
	case pkgPath == pathGin && name == "Default":
		p.report("server-hardening", sel.Pos(), "gin.Default() adds gin's own logger and recovery outside the standard chain; use gin.New() in "+dirHTTPServer)
	case pkgPath == pathGin && name == "New" && dir != dirHTTPServer:
		p.report("standard-handler", sel.Pos(), "gin engine created outside "+dirHTTPServer+": its routes bypass the standard chain")
	case pkgPath == pathHTTP && (name == "ListenAndServe" || name == "ListenAndServeTLS" || name == "Serve" || name == "ServeTLS"):
		p.report("server-hardening", sel.Pos(), "http."+name+" serves with a zero http.Server: no timeouts, no header limit; use the hardened server of "+dirHTTPServer)
	case (pkgPath == pathZap && (name == "L" || name == "S" || name == "ReplaceGlobals")) ||
		(pkgPath == pathOTel && (name == "Tracer" || name == "Meter" || name == "GetTracerProvider" || name == "GetMeterProvider")):
		if !under(dir, dirTelemetry) {
			p.report("standard-handler", sel.Pos(), defaultName(pkgPath)+"."+name+" is a global logger or provider; inject the *zap.Logger, TracerProvider or MeterProvider from "+dirTelemetry)
		}
	default:
		p.checkProcess(f, sel.Pos(), pkgPath, name)
	}
}

// checkProcess: output, exits, tickers, outbound calls, contexts and the
// environment.
func (p *pass) checkProcess(f *file, pos token.Pos, pkgPath, name string) {
	dir := p.pkg.dir
	switch {
	case (pkgPath == "fmt" || pkgPath == "log") && (name == "Print" || name == "Printf" || name == "Println"):
		// main too, as forbidigo in the generated .golangci.yml; like
		// golangci-lint, a main package may print on a line whose nolint
		// directive for forbidigo gives a reason (a CLI printing its
		// version).
		if !f.main() || !p.reasonedNolint(pos, "forbidigo") {
			p.report("lint", pos, pkgPath+"."+name+" writes unstructured output; use the injected zap logger")
		}
	case pkgPath == "log" && (strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic")):
		p.report("lint", pos, "log."+name+" exits or panics past fx's shutdown; return the error (only main exits)")
	case pkgPath == "os" && name == "Exit" && !f.main():
		p.report("fx-modules", pos, "os.Exit outside a main package skips fx's OnStop hooks and deferred calls; return the error and let main exit")
	case pkgPath == "time" && name == "Tick":
		p.report("lint", pos, "time.Tick cannot be stopped; use time.NewTicker with defer Stop and select on ctx.Done()")
	case pkgPath == pathHTTP && (name == "Get" || name == "Head" || name == "Post" || name == "PostForm"):
		p.report("context", pos, "http."+name+" uses http.DefaultClient: no timeout and no request context; use a client with timeouts and NewRequestWithContext")
	case pkgPath == "context" && (name == "Background" || name == "TODO") && requestDir(dir):
		p.report("context", pos, "context."+name+"() in a request-handling package drops cancellation and the trace; pass the request context")
	case pkgPath == "os" && (name == "Getenv" || name == "LookupEnv" || name == "Environ") && !under(dir, dirConfig) && !f.main():
		p.report("config", pos, "os."+name+" outside "+dirConfig+": read configuration once, in the config package")
	}
}

// checkCallArgs reports calls that are wrong by their arguments.
func (p *pass) checkCallArgs(f *file, call *ast.CallExpr) {
	if f.test {
		return
	}
	switch {
	case f.is(call.Fun, "fmt", "Fprint", "Fprintf", "Fprintln") && len(call.Args) > 0 &&
		f.is(call.Args[0], "os", "Stdout", "Stderr") && !f.main():
		p.report("lint", call.Pos(), "fmt.Fprint* to os.Stdout/os.Stderr outside a main package writes unstructured output; use the injected zap logger")
	case f.is(call.Fun, pathZap, "String") && len(call.Args) == 2:
		if x := errorCallOf(call.Args[1]); x != nil {
			p.report("errors", call.Pos(), "zap.String of "+exprString(call.Args[1])+" loses the error value and its type; use zap.Error("+exprString(x)+")")
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

// requestDir reports packages that serve requests: everything under
// internal/ except the start-up packages.
func requestDir(dir string) bool {
	return under(dir, "internal") && !under(dir, startupDirs...)
}

// importRules reports imports with side effects on global state.
func importRules(p *pass) {
	if p.pkg.dir == dirHTTPServer {
		return
	}
	for _, f := range p.pkg.files {
		if f.test {
			continue
		}
		for _, spec := range f.ast.Imports {
			if spec.Path.Value == `"`+pathPprof+`"` {
				p.report("runtime", spec.Pos(), "net/http/pprof registers on http.DefaultServeMux; serve pprof from the admin listener in "+dirHTTPServer)
			}
		}
	}
}

// serverLiteralRule reports http.Server literals without ReadHeaderTimeout.
func serverLiteralRule(p *pass) {
	for _, f := range p.pkg.files {
		if f.test {
			continue
		}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || !f.is(lit.Type, pathHTTP, "Server") || hasKey(lit, "ReadHeaderTimeout") {
				return true
			}
			p.report("server-hardening", lit.Pos(), "http.Server without ReadHeaderTimeout is open to Slowloris; set ReadHeaderTimeout (and Read/Write/Idle timeouts)")
			return true
		})
	}
}

func hasKey(lit *ast.CompositeLit, key string) bool {
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == key {
				return true
			}
		}
	}
	return false
}
