package generator_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
)

// settingRead matches a variable read through env.Vars in Go code:
// v.Duration("SHUTDOWN_DELAY", ...).
var settingRead = regexp.MustCompile(`\bv\.(Addr|OneOf|Bool|Duration|Millis|Int|Int64|String)\("([A-Z0-9_]+)"`)

// TestEverySettingIsInTheReadme: every variable a package of the full
// service reads (each package reads its own) has a row in README.md's
// configuration table, so moving a setting between packages cannot drop
// it from the documentation.
func TestEverySettingIsInTheReadme(t *testing.T) {
	tree, err := generator.Generate(generator.Answers{
		Name: "orders", Module: "example.com/orders", Description: "Takes orders.", Owner: "acme/payments",
		GoVersion: generator.GoVersions[0], Preset: "full", License: "none",
		Features: generator.FeatureNames(),
	}.Resolve())
	require.NoError(t, err)
	readme := string(renderedFile(t, tree, "README.md"))
	seen := 0
	for _, f := range tree.Files {
		if !strings.HasSuffix(f.Path, ".go") || strings.HasSuffix(f.Path, "_test.go") {
			continue
		}
		for line := range strings.Lines(string(f.Data)) {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue // examples in doc comments
			}
			for _, m := range settingRead.FindAllStringSubmatch(line, -1) {
				seen++
				name := m[2]
				if !strings.HasPrefix(name, "OTEL_") {
					name = "_" + name
				}
				assert.Contains(t, readme, "`"+name+"`", "%s reads %s: README.md does not list it", f.Path, m[2])
			}
		}
	}
	assert.Greater(t, seen, 40, "variables found")
}
