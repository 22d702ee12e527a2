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
	// The grpc feature's toolchain: buf's configuration and the go:generate
	// directives. The .proto files are the team's; tools/buf/go.mod and
	// go.sum, like the service's own go.mod, cannot carry a marker and are
	// the team's (dependabot bumps them).
	"api/generate.go",
	"buf.gen.yaml",
	"buf.yaml",
	".goreleaser.yaml",
	"Dockerfile",
	"Makefile",
	"docs/CONVENTIONS.md",
	// The platform's extension API, documented: it changes with the templates.
	"docs/extending.md",
	"docs/grpc.md",
	"internal/httpclient/",
	"internal/httpserver/",
	"internal/platform/",
	"internal/rpcclient/",
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

// classOf: under generatedDir (internal/gen/) is code protoc plugins
// generate from the service's protos (feature grpc), and its freshness
// record gensum.Name: class generated. Every Go file a template renders
// there must carry the standard "Code generated ... DO NOT EDIT." header
// and no ownership marker (TestOwnershipMarker): it is neither the
// platform's nor the team's, it is its proto's.
func classOf(p string) string {
	if strings.HasPrefix(p, generatedDir+"/") {
		return ClassGenerated
	}
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
