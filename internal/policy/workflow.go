package policy

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	shaRef     = regexp.MustCompile(`^[^@\s]+@[0-9a-f]{40}$`)
	tagComment = regexp.MustCompile(`^#\s*v[0-9]+\S*$`)
	// eventExpr matches an expression reading the attacker-controllable
	// github.event context, e.g. ${{ github.event.issue.title }}.
	eventExpr = regexp.MustCompile(`\$\{\{[^}]*\bgithub\.event\b`)
)

// CheckWorkflow checks a GitHub Actions workflow: every `uses:` is pinned to
// a full commit SHA with a `# vX` comment (local ./ and docker:// excluded),
// top-level `permissions:` is set, there is no pull_request_target trigger,
// and no `run:` script interpolates ${{ github.event.* }} (pass it through
// env: instead, so the shell never parses attacker-controlled text).
func CheckWorkflow(path string, data []byte) []Finding {
	fs := &findings{path: path}
	root, ok := parseYAML(fs, data)
	if !ok {
		return fs.sorted()
	}
	perms := mapValue(root, "permissions")
	switch {
	case perms == nil:
		fs.addf(1, RulePermissions, "missing top-level permissions: (start from `permissions: contents: read`)")
	case perms.Kind == yaml.ScalarNode && perms.Value == "write-all":
		fs.addf(perms.Line, RulePermissions, "top-level permissions: write-all; grant write scopes per job")
	}
	if on := mapValue(root, "on"); on != nil {
		checkTriggers(fs, on)
	}
	walkPairs(root, func(key, val *yaml.Node) {
		switch key.Value {
		case "uses":
			checkUses(fs, val)
		case "run":
			checkRun(fs, val)
		}
	})
	return fs.sorted()
}

func checkTriggers(fs *findings, on *yaml.Node) {
	var names []*yaml.Node
	switch on.Kind {
	case yaml.ScalarNode:
		names = []*yaml.Node{on}
	case yaml.SequenceNode:
		names = on.Content
	case yaml.MappingNode:
		for i := 0; i < len(on.Content); i += 2 {
			names = append(names, on.Content[i])
		}
	}
	for _, n := range names {
		if n.Value == "pull_request_target" {
			fs.addf(n.Line, RulePRTarget, "pull_request_target runs untrusted pull requests with repository secrets; use pull_request")
		}
	}
}

func checkUses(fs *findings, val *yaml.Node) {
	ref := val.Value
	if strings.HasPrefix(ref, "./") || strings.HasPrefix(ref, "docker://") {
		return
	}
	if !shaRef.MatchString(ref) {
		fs.addf(val.Line, RulePinnedAction, "%q is not pinned to a full 40-character commit SHA", ref)
		return
	}
	if !tagComment.MatchString(strings.TrimSpace(val.LineComment)) {
		fs.addf(val.Line, RulePinnedAction, "%q needs a `# vX.Y.Z` comment naming the pinned tag", ref)
	}
}

func checkRun(fs *findings, val *yaml.Node) {
	if val.Kind != yaml.ScalarNode {
		return
	}
	loc := eventExpr.FindStringIndex(val.Value)
	if loc == nil {
		return
	}
	line := val.Line + strings.Count(val.Value[:loc[0]], "\n")
	if val.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		line++ // block scalars start on the line after the indicator
	}
	fs.addf(line, RuleEventInRun, "run: interpolates github.event; pass the value through env: and quote \"$VAR\"")
}

// parseYAML decodes data into a node tree and returns its root mapping.
func parseYAML(fs *findings, data []byte) (*yaml.Node, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		fs.addf(0, RuleSyntax, "invalid YAML: %v", err)
		return nil, false
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		fs.addf(0, RuleSyntax, "not a YAML mapping")
		return nil, false
	}
	return doc.Content[0], true
}

// mapValue returns the value of key in mapping m, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// walkPairs calls fn for every key/value pair of every mapping under n.
func walkPairs(n *yaml.Node, fn func(key, val *yaml.Node)) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			fn(n.Content[i], n.Content[i+1])
		}
	}
	for _, c := range n.Content {
		walkPairs(c, fn)
	}
}
