// Package policy checks delivery files — GitHub Actions workflows,
// Dockerfiles, Kubernetes manifests and Backstage catalog entries — against
// svcgen's conventions. The checks are pure functions of the file contents,
// so they serve the generator's tests and `svcgen check` alike.
package policy

import (
	"fmt"
	"sort"
)

// Finding is one violated rule. Line is 1-based; 0 means the whole file.
type Finding struct {
	Path    string
	Line    int
	Rule    string
	Message string
}

// String formats the finding as path:line: rule: message.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", f.Path, f.Line, f.Rule, f.Message)
}

// Rule identifiers reported in Finding.Rule.
const (
	RuleSyntax         = "syntax"
	RulePinnedAction   = "pinned-action"
	RulePermissions    = "permissions"
	RulePRTarget       = "pull-request-target"
	RuleEventInRun     = "event-in-run"
	RuleMultiStage     = "multi-stage"
	RuleNonRootUser    = "nonroot-user"
	RuleImageTag       = "image-tag"
	RuleExecEntrypoint = "exec-entrypoint"
	RuleKind           = "kind"
	RuleSecurityCtx    = "security-context"
	RuleProbes         = "probes"
	RuleResources      = "resources"
	RuleGracePeriod    = "grace-period"
	RuleAdminPort      = "admin-port"
	RuleSAToken        = "service-account-token"
	RuleGoMemLimit     = "gomemlimit"
	RuleCatalog        = "catalog"
)

// findings collects findings for one file.
type findings struct {
	path string
	list []Finding
}

func (fs *findings) addf(line int, rule, format string, args ...any) {
	fs.list = append(fs.list, Finding{Path: fs.path, Line: line, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// sorted returns the findings ordered by line, then rule, for stable output.
func (fs *findings) sorted() []Finding {
	sort.SliceStable(fs.list, func(i, j int) bool {
		if fs.list[i].Line != fs.list[j].Line {
			return fs.list[i].Line < fs.list[j].Line
		}
		return fs.list[i].Rule < fs.list[j].Rule
	})
	return fs.list
}
