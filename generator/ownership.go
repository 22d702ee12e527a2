package generator

import "strings"

// managedPaths are owned by the platform team: `svcgen check` reports any
// drift from what the templates render. A trailing "/" matches a folder.
// Everything else is scaffold: the service team's from the first commit.
var managedPaths = []string{
	".dockerignore",
	".github/workflows/",
	".github/dependabot.yml",
	".golangci.yml",
	".goreleaser.yaml",
	"Dockerfile",
	"Makefile",
	// Built from the answers and features (generator/dashboard.go).
	"deploy/monitoring/dashboard.json",
	// Feature observability: the SLO rules and their tests follow the
	// objectives in the answers, so update must be able to re-render them.
	// team-rules*.yaml next to them are the team's.
	"deploy/monitoring/rules.yaml",
	"deploy/monitoring/rules_slow_test.yaml",
	"deploy/monitoring/rules_test.yaml",
	"deploy/k8s/prometheusrule.yaml",
	"docs/CONVENTIONS.md",
	// Feature observability: the alerts' runbook_url anchors, with the
	// objectives' numbers; update must be able to add and fix sections.
	"docs/alerts.md",
	// How to load and read deploy/monitoring/dashboard.json (feature observability).
	"docs/dashboard.md",
	// The platform's extension API, documented: it changes with the templates.
	"docs/extending.md",
	"internal/httpclient/",
	"internal/httpserver/",
	"internal/platform/",
	"internal/telemetry/",
	// The Makefile's db-local target runs it: platform tooling, like the Makefile.
	"scripts/db-local.sh",
}

// fuzzCorpus holds Go fuzz corpora. They are scaffold even inside a managed
// package: the corpus is the team's (`go test -fuzz` writes each new
// failing input there, to be committed as a regression test), and a corpus
// file must start with "go test fuzz v1", so it cannot carry the managed
// marker. A service recorded with them managed (release 5 and earlier) moves
// them to scaffold on update: update takes the new render's class.
const fuzzCorpus = "testdata/fuzz/"

func classOf(p string) string {
	if strings.HasPrefix(p, fuzzCorpus) || strings.Contains(p, "/"+fuzzCorpus) {
		return ClassScaffold
	}
	for _, m := range managedPaths {
		if p == m || (strings.HasSuffix(m, "/") && strings.HasPrefix(p, m)) {
			return ClassManaged
		}
	}
	return ClassScaffold
}
