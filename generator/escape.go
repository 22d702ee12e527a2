package generator

import (
	"strconv"
	"strings"
	"text/template"
	"unicode"

	"github.com/svcgen/svcgen/internal/convention"
	"github.com/svcgen/svcgen/internal/manifest"
)

// templateFuncs are the template functions, shared read-only by every
// template. User text must pass through one of the escapers for the context
// it lands in; names, modules and slugs are validated to be safe everywhere.
var templateFuncs = template.FuncMap{
	"goString":   strconv.Quote,
	"goComment":  oneLine,
	"yamlString": yamlString,
	"mdText":     mdText,
	"oneLine":    oneLine,
	"action":     actionRef,
	// Feature observability: the SLO rules and their promtool tests, built
	// in Go from the objectives (observability_rules.go).
	"promRules":     promRules,
	"promRuleTests": promRuleTests,
	"promRuleSpec":  promRuleSpec,
	// rawDesc is the example's raw protobuf descriptor (rawdesc.go).
	"rawDesc": rawDesc,
	// wrapComment wraps a comment as protoc-gen-connect-go does (rawdesc.go).
	"wrapComment": wrapComment,
	// conventionTour is docs/CONVENTIONS.md: the same text as svcgen
	// explain and this repository's docs/conventions, one source.
	"conventionTour": convention.Tour,
	// grafanaDashboard is deploy/monitoring/dashboard.json, built in Go
	// (dashboard.go).
	"grafanaDashboard": grafanaDashboard,
}

// oneLine folds text to a single line of printable characters: control and
// line-separator characters become spaces and runs of spaces collapse. The
// result is safe in a //, # or Makefile comment.
func oneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// yamlString quotes s as a YAML double-quoted scalar (the manifest's
// quoting: everything outside printable Unicode is escaped).
func yamlString(s string) string { return manifest.Quote(s) }

// mdSpecial are the characters that start Markdown or HTML syntax inline.
const mdSpecial = "\\`*_{}[]()<>#+-.!|~&"

// mdText renders s as one line of literal Markdown text: syntax characters
// are backslash-escaped, so no answer can open a code span, link or tag.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		if strings.ContainsRune(mdSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
