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
	"docs/CONVENTIONS.md",
	// The platform's extension API, documented: it changes with the templates.
	"docs/extending.md",
	"internal/httpclient/",
	"internal/httpserver/",
	"internal/platform/",
	"internal/telemetry/",
	// The Makefile's db-local target runs it: platform tooling, like the Makefile.
	"scripts/db-local.sh",
}

func classOf(p string) string {
	for _, m := range managedPaths {
		if p == m || (strings.HasSuffix(m, "/") && strings.HasPrefix(p, m)) {
			return ClassManaged
		}
	}
	return ClassScaffold
}
