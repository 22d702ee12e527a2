package check

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// metricsContractRule (metrics-contract) collects, from every package, the
// metrics the team's own Go code registers: a prometheus.CounterOpts,
// GaugeOpts, HistogramOpts, SummaryOpts or UntypedOpts literal whose Name
// and Subsystem are string literals and whose Namespace is a string literal
// or a MetricsNamespace constant (config's or telemetry's, the one
// convention of the service), and a prometheus.NewDesc whose name is a
// literal or a BuildFQName of such parts. A name built any other way cannot
// be known without running the code and is left out: a query of it is then
// a finding the team waives. The queries are checked once every package has
// run (contractFindings), so this Run reports nothing itself.
func metricsContractRule(p *pass) {
	for _, f := range p.pkg.files {
		if f.test {
			continue
		}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				p.addOptsMetric(f, n)
			case *ast.CallExpr:
				if f.is(n.Fun, pathPrometheus, "NewDesc") && len(n.Args) > 0 {
					if name, ok := p.fqName(f, n.Args[0]); ok {
						// A const metric of this desc may be a histogram or a
						// summary: accept their series too.
						p.addMetric(name, "", "_sum", "_count", "_bucket")
					}
				}
			}
			return true
		})
	}
}

// addOptsMetric records the metric an Opts literal names, if it is one
// whose name is known from the syntax.
func (p *pass) addOptsMetric(f *file, lit *ast.CompositeLit) {
	_, kind, ok := f.qualified(lit.Type)
	if !ok || !f.is(lit.Type, pathPrometheus, "CounterOpts", "GaugeOpts", "HistogramOpts", "SummaryOpts", "UntypedOpts") {
		return
	}
	parts := map[string]ast.Expr{}
	for _, e := range lit.Elts {
		if kv, isKV := e.(*ast.KeyValueExpr); isKV {
			if id, isIdent := kv.Key.(*ast.Ident); isIdent {
				parts[id.Name] = kv.Value
			}
		}
	}
	name, ok := p.joinName(f, parts["Namespace"], parts["Subsystem"], parts["Name"])
	if !ok {
		return
	}
	switch kind {
	case "HistogramOpts":
		p.addMetric(name, "_bucket", "_sum", "_count")
	case "SummaryOpts":
		p.addMetric(name, "", "_sum", "_count")
	default:
		p.addMetric(name, "")
	}
}

// fqName resolves a NewDesc name: a literal or BuildFQName(ns, sub, name).
func (p *pass) fqName(f *file, e ast.Expr) (string, bool) {
	if call, ok := e.(*ast.CallExpr); ok && f.is(call.Fun, pathPrometheus, "BuildFQName") && len(call.Args) == 3 {
		return p.joinName(f, call.Args[0], call.Args[1], call.Args[2])
	}
	return p.metricPart(f, e)
}

// joinName is prometheus.BuildFQName over parts known from the syntax: the
// non-empty ones joined by "_", nothing without a name.
func (p *pass) joinName(f *file, namespace, subsystem, name ast.Expr) (string, bool) {
	var out []string
	for _, e := range []ast.Expr{namespace, subsystem, name} {
		if e == nil {
			continue
		}
		s, ok := p.metricPart(f, e)
		if !ok {
			return "", false
		}
		if s != "" {
			out = append(out, s)
		}
	}
	if name == nil || len(out) == 0 {
		return "", false
	}
	return strings.Join(out, "_"), true
}

// metricPart resolves a string literal or a MetricsNamespace constant
// (config.MetricsNamespace, telemetry.MetricsNamespace, or MetricsNamespace
// inside those packages).
func (p *pass) metricPart(f *file, e ast.Expr) (string, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.Ident:
		return p.namespace, e.Name == "MetricsNamespace"
	case *ast.SelectorExpr:
		_, _, imported := f.qualified(e)
		return p.namespace, imported && e.Sel.Name == "MetricsNamespace"
	}
	return "", false
}

// addMetric records name with each of the suffixes ("" for the name itself).
func (p *pass) addMetric(name string, suffixes ...string) {
	if p.registered == nil {
		p.registered = map[string]bool{}
	}
	for _, s := range suffixes {
		p.registered[name+s] = true
	}
}
