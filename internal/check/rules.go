package check

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
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

// Rule is one convention's check of the Go code, in the shape of
// go/analysis.Analyzer: a name, a one-line doc and a run function. Every
// finding a rule reports carries its Name, so a rule can only ever report
// under its own id, and that id is what waivers name and `svcgen explain`
// explains.
type Rule struct {
	// Name is the id of the rule's findings: a convention id.
	Name string
	// Doc says in one line what the rule reports. The full reference, with
	// the exceptions, is the rule's row in internal/convention/check.md and
	// the "How check enforces it" section of its convention.
	Doc string
	// Run reports the departures of one package through p.report.
	Run func(p *pass)
}

// rules is the registry: every rule runs on every package, in this order
// (findings are sorted afterwards, so the order shows only in the docs).
//
// Adding a rule is one value here plus its run function: a Name that is a
// convention id (internal/convention/text/<id>.md, whose "How check enforces
// it" section says `Rule <id>`), a one-line Doc, and a row for it in the
// table of internal/convention/check.md. TestRegistry holds all three
// together; a fixture under testdata/<id>/ with `// want "<id>"` comments on
// the offending lines proves the rule (TestFixtures). A new check for a
// convention that has a rule goes into that rule's run function: names are
// unique, and one convention is one rule.
var rules = []Rule{
	{Name: "standard-handler", Run: standardHandlerRule,
		Doc: "gin engines and routes outside internal/httpserver; global loggers, providers and Prometheus registries"},
	{Name: "server-hardening", Run: serverHardeningRule,
		Doc: "gin.Default(), http.Server literals without ReadHeaderTimeout, and http.ListenAndServe/Serve with a zero server"},
	{Name: "context", Run: contextRule,
		Doc: "context.Background()/TODO() in packages that serve requests, http.DefaultClient and http.Get/Head/Post/PostForm"},
	{Name: "errors", Run: errorsRule,
		Doc: "an error logged and then returned by the same code, and zap.String(k, err.Error())"},
	{Name: "database", Run: databaseRule,
		Doc: "pgx pools outside internal/database, built SQL, queries without the caller's context, transactions never rolled back"},
	{Name: "pooled-buffers", Run: poolRule,
		Doc: "sync.Pool Puts of growable buffers without a size cap, and pooled buffers never Reset"},
	{Name: "config", Run: configRule,
		Doc: "os.Getenv/LookupEnv/Environ outside internal/config and main packages"},
	{Name: "fx-modules", Run: fxModulesRule,
		Doc: "os.Exit outside main packages"},
	{Name: "lint", Run: lintRule,
		Doc: "fmt.Print*, log.Print*/Fatal*/Panic*, fmt.Fprint* to os.Stdout/os.Stderr outside main, and time.Tick"},
	{Name: "runtime", Run: runtimeRule,
		Doc: "imports of net/http/pprof outside internal/httpserver"},
	{Name: "health", Run: readyOrderRule,
		Doc: "an fx.Invoke listed after httpserver.Module: its OnStart hooks would run after the service is marked ready"},
	{Name: ruleGRPC, Run: grpcRule,
		Doc: "generated New…Handler calls outside httpserver.RPC constructors, google.golang.org/grpc outside tests and internal/rpcclient; stale or edited generated code (internal/gen/gen.sum)"},
}

// Rules returns the registry of Go rules, in the order they run.
func Rules() []Rule { return slices.Clone(rules) }

// RuleHelp lists the Go rules for `svcgen check --help`, one indented
// "name  doc" line each, from the registry.
func RuleHelp() string {
	width := 0
	for _, r := range rules {
		width = max(width, len(r.Name))
	}
	var b strings.Builder
	for _, r := range rules {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, r.Name, r.Doc)
	}
	return b.String()
}

// pass runs the rules over the packages of a service, one package at a
// time, and collects findings, as go/analysis's Pass; what several rules
// need (the member uses, the source lines) is computed once per package.
type pass struct {
	fset     *token.FileSet
	root     string // the service directory, for the few rules that read a source line
	grpc     bool   // the service has the grpc feature
	pkg      *pkg   // the package being checked
	rule     *Rule  // the rule running: its Name is the id of what it reports
	findings []Finding
	sources  map[string][]byte // files read by reasonedNolint, by slash path
	members  []member          // see uses; the array is reused from package to package
	indexed  bool              // members holds pkg's uses
}

// run runs every rule of the registry over pk and appends the findings to
// out.
func (p *pass) run(pk *pkg, out []Finding) []Finding {
	p.pkg, p.findings, p.members, p.indexed = pk, out, p.members[:0], false
	for i := range rules {
		p.rule = &rules[i]
		p.rule.Run(p)
	}
	return p.findings
}

// report records a finding of the running rule at pos.
func (p *pass) report(pos token.Pos, msg string) {
	position := p.fset.Position(pos)
	p.findings = append(p.findings, Finding{Rule: p.rule.Name, Path: position.Filename, Line: position.Line, Message: msg})
}

// The rules that combine several checks.

func standardHandlerRule(p *pass) { globalsRule(p); routeRule(p) }
func serverHardeningRule(p *pass) { zeroServerRule(p); serverLiteralRule(p) }
func errorsRule(p *pass)          { errorStringRule(p); logAndReturnRule(p) }
func databaseRule(p *pass)        { sqlRule(p); queryContextRule(p); rollbackRule(p) }

// runtimeRule reports imports with side effects on global state: pprof's
// handlers on http.DefaultServeMux.
func runtimeRule(p *pass) {
	if p.pkg.dir == dirHTTPServer {
		return
	}
	for _, f := range p.pkg.files {
		if f.test {
			continue
		}
		for _, spec := range f.ast.Imports {
			if spec.Path.Value == `"`+pathPprof+`"` {
				p.report(spec.Pos(), "net/http/pprof registers on http.DefaultServeMux; serve pprof from the admin listener in "+dirHTTPServer)
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
			p.report(lit.Pos(), "http.Server without ReadHeaderTimeout is open to Slowloris; set ReadHeaderTimeout (and Read/Write/Idle timeouts)")
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
