package policy

import (
	"slices"
	"testing"
)

// ruleSet returns the distinct rules of fs, sorted.
func ruleSet(tb testing.TB, fs []Finding) []string {
	tb.Helper()
	rules := make([]string, 0, len(fs))
	for _, f := range fs {
		rules = append(rules, f.Rule)
	}
	slices.Sort(rules)
	return slices.Compact(rules)
}

// assertRules fails unless fs reports exactly the rules in want.
func assertRules(tb testing.TB, fs []Finding, want ...string) {
	tb.Helper()
	slices.Sort(want)
	if got := ruleSet(tb, fs); !slices.Equal(got, want) {
		tb.Errorf("rules = %v, want %v; findings:", got, want)
		for _, f := range fs {
			tb.Errorf("  %s", f)
		}
	}
}
