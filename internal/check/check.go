// Package check implements `svcgen check`: it reads a service's manifest
// (.svcgen.yaml) and reports template lag, drift of managed files from the
// current templates, and Go code that departs from the conventions of package
// convention. Waivers recorded in the manifest silence matching findings.
//
// The Go rules work on syntax only (go/parser and go/ast, no type checking and
// no shelling out), resolve packages by import path so aliases are seen, skip
// vendor/, testdata/ and directories starting with "." or "_", and leave
// _test.go files out unless a rule says otherwise. Each rule is a Rule value
// of one registry (rules.go; Rules lists it), named by the convention it
// enforces and documented in the "How check enforces it" section of that
// convention; docs/architecture.md says how to add one.
package check

import (
	"cmp"
	"fmt"
	"go/token"
	"slices"
	"time"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
)

// Rule ids that are not convention ids.
const (
	RuleTemplateLag = "template-lag" // the service was generated from an older template version
	RuleDrift       = "drift"        // a managed file differs from the current templates or is missing
	RuleWaiver      = "waiver"       // an expired or invalid waiver
	RuleParse       = "parse"        // a Go file that does not parse
)

// Options are the inputs of Analyze besides the directory.
type Options struct {
	// Now is the time waivers are checked against; zero means time.Now().
	Now time.Time
	// TemplateVersion is the current template version; empty skips the
	// template lag check.
	TemplateVersion string
	// Render renders the current templates for the recorded answers, keyed
	// by slash path; nil skips the drift check.
	Render func(generator.Answers) (map[string][]byte, error)
	// Diff adds a unified diff to each drift finding of a changed file.
	Diff bool
}

// ManifestError reports a directory that is not a svcgen service or whose
// manifest is invalid (exit code 2 in the CLI).
type ManifestError struct{ Err error }

func (e *ManifestError) Error() string { return e.Err.Error() }
func (e *ManifestError) Unwrap() error { return e.Err }

// Analyze checks the service in dir.
func Analyze(dir string, opts Options) (*Report, error) {
	m, err := manifest.Read(dir, generator.CheckRecorded)
	if err != nil {
		return nil, &ManifestError{Err: err}
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	lines := manifestLines(dir)
	r := newReport(dir)
	if opts.TemplateVersion != "" && m.TemplateVersion != opts.TemplateVersion {
		r.TemplateLag = &TemplateLag{Recorded: m.TemplateVersion, Current: opts.TemplateVersion}
		r.Findings = append(r.Findings, Finding{
			Rule: RuleTemplateLag, Path: manifest.Name, Line: lines.templateVersion,
			Message: fmt.Sprintf("generated from template version %s, current is %s: run svcgen update", m.TemplateVersion, opts.TemplateVersion),
		})
	}
	r.Findings = append(r.Findings, checkConflicts(dir, m)...)
	if opts.Render != nil {
		drift, err := checkDrift(dir, m, opts)
		if err != nil {
			return nil, err
		}
		r.Findings = append(r.Findings, drift...)
	}
	grpc := slices.Contains(m.Answers.Features, ruleGRPC)
	code, err := checkCode(dir, grpc)
	if err != nil {
		return nil, err
	}
	r.Findings = append(r.Findings, code...)
	generated, err := checkGenerated(dir, grpc)
	if err != nil {
		return nil, err
	}
	r.Findings = append(r.Findings, generated...)
	r.applyWaivers(m.Waivers, lines.waivers, opts.Now)
	sortFindings(r.Findings)
	slices.SortFunc(r.Waived, func(a, b Waived) int { return compareFindings(a.Finding, b.Finding) })
	return r, nil
}

// checkCode parses the Go files under dir and runs every rule.
func checkCode(dir string, grpc bool) ([]Finding, error) {
	fset := token.NewFileSet()
	pkgs, findings, err := load(dir, fset)
	if err != nil {
		return nil, fmt.Errorf("read go files: %w", err)
	}
	p := &pass{fset: fset, root: dir, grpc: grpc}
	for _, pk := range pkgs {
		findings = p.run(pk, findings)
	}
	return findings, nil
}

func sortFindings(fs []Finding) { slices.SortFunc(fs, compareFindings) }

func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}
