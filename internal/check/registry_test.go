package check

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/svcgen/svcgen/internal/convention"
)

// TestRegistry: every rule has a unique name that is a convention id, whose
// page documents it, and a one-line doc; the reference of `svcgen check`
// (internal/convention/check.md, rendered into docs/conventions/README.md)
// lists exactly the registry, in its order.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	var names []string
	for _, r := range Rules() {
		names = append(names, r.Name)
		if seen[r.Name] {
			t.Errorf("rule %q registered twice", r.Name)
		}
		seen[r.Name] = true
		if r.Doc == "" || strings.Contains(r.Doc, "\n") || r.Run == nil {
			t.Errorf("rule %q: want a one-line Doc and a Run function", r.Name)
		}
		c, ok := convention.Lookup(r.Name)
		if !ok {
			t.Errorf("rule %q is not a convention id", r.Name)
			continue
		}
		if !strings.Contains(c.Body, "Rule `"+r.Name+"`") {
			t.Errorf("convention %s does not document rule %q in How check enforces it", r.Name, r.Name)
		}
	}
	if len(names) < 10 {
		t.Fatalf("registry holds only %d rules", len(names))
	}
	if got := referenceRules(t); !slices.Equal(got, names) {
		t.Errorf("internal/convention/check.md lists rules\n%q\nthe registry holds\n%q", got, names)
	}
}

// referenceRules returns the rule ids of the table "What is enforced, and by
// what" of check's reference, in order.
func referenceRules(t *testing.T) []string {
	t.Helper()
	_, table, ok := strings.Cut(convention.Index(), "### What is enforced, and by what\n")
	if !ok {
		t.Fatal("check reference has no section \"What is enforced, and by what\"")
	}
	table, _, _ = strings.Cut(table, "\n### ")
	var ids []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z-]+)` \\|").FindAllStringSubmatch(table, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// TestEveryRuleHasAFixture: each rule's findings are proved by a fixture
// that wants them, and a fixture wants only ids that exist: a rule of the
// registry or one of the Rule constants.
func TestEveryRuleHasAFixture(t *testing.T) {
	wanted := map[string]bool{}
	for _, dir := range fixtureDirs(t) {
		for _, e := range readWants(t, dir) {
			wanted[e.rule] = true
		}
	}
	known := []string{RuleTemplateLag, RuleDrift, RuleWaiver, RuleParse}
	for _, r := range Rules() {
		if !wanted[r.Name] {
			t.Errorf("rule %q: no fixture under testdata wants a finding of it", r.Name)
		}
		known = append(known, r.Name)
	}
	for id := range wanted {
		if !slices.Contains(known, id) {
			t.Errorf("a fixture wants %q, which is no rule id", id)
		}
	}
}

// TestRuleHelp: `svcgen check --help` lists every rule of the registry with
// its doc, one line each.
func TestRuleHelp(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(RuleHelp(), "\n"), "\n")
	if len(lines) != len(Rules()) {
		t.Fatalf("RuleHelp has %d lines for %d rules:\n%s", len(lines), len(Rules()), RuleHelp())
	}
	for i, r := range Rules() {
		name, doc, _ := strings.Cut(strings.TrimSpace(lines[i]), " ")
		if name != r.Name || strings.TrimSpace(doc) != r.Doc {
			t.Errorf("line %d = %q, want rule %s with its doc", i+1, lines[i], r.Name)
		}
	}
}
