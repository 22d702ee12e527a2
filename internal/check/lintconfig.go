package check

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// lintConfigName is the generated golangci-lint configuration.
const lintConfigName = ".golangci.yml"

// lintRequirement is a part of the generated golangci-lint configuration
// that a convention relies on: check does not repeat these linters'
// type-aware analyses, it verifies the service's configuration still runs
// them.
type lintRequirement struct {
	linter     string // linter that must be enabled
	setting    string // forbidigo pattern or revive rule that must be present, if any
	convention string // the convention it enforces
	enforces   string // what it finds, for the message
}

// lintRequirements: every rule the conventions promise that the linters
// enforce. convention/check.md lists the same.
var lintRequirements = []lintRequirement{
	{"errcheck", "", "errors", "unchecked errors, such as an unchecked Close of a written file"},
	{"errorlint", "", "errors", "fmt.Errorf of an error without %w, and == or type switches on wrapped errors"},
	{"revive", "errorf", "errors", "errors.New(fmt.Sprintf(...))"},
	{"gosec", "", "server-hardening", "an http.Server without ReadHeaderTimeout (G112) and http.ListenAndServe without timeouts (G114)"},
	{"bodyclose", "", "context", "response bodies that are never closed"},
	{"noctx", "", "context", "outbound requests without a context"},
	{"contextcheck", "", "context", "calls that drop the request context"},
	{"forbidigo", `^fmt\.Print.*$`, "lint", "fmt.Print*"},
	{"forbidigo", `^log\.(Print|Fatal|Panic).*$`, "lint", "log.Print*, log.Fatal* and log.Panic*"},
	{"forbidigo", `^time\.Tick$`, "lint", "time.Tick"},
}

// standardLinters are what golangci-lint v2 enables with default: standard
// (or no default).
var standardLinters = []string{"errcheck", "govet", "ineffassign", "staticcheck", "unused"}

type lintConfig struct {
	Linters struct {
		Default  string   `yaml:"default"`
		Enable   []string `yaml:"enable"`
		Disable  []string `yaml:"disable"`
		Settings struct {
			Forbidigo struct {
				Forbid []struct {
					Pattern string `yaml:"pattern"`
				} `yaml:"forbid"`
			} `yaml:"forbidigo"`
			Revive struct {
				Rules []struct {
					Name     string `yaml:"name"`
					Disabled bool   `yaml:"disabled"`
				} `yaml:"rules"`
			} `yaml:"revive"`
		} `yaml:"settings"`
		Exclusions struct {
			Presets []string `yaml:"presets"`
		} `yaml:"exclusions"`
	} `yaml:"linters"`
}

// enabled reports whether the configuration runs linter.
func (c *lintConfig) enabled(linter string) bool {
	l := c.Linters
	if slices.Contains(l.Disable, linter) {
		return false
	}
	switch l.Default {
	case "all":
		return true
	case "none":
	default:
		if slices.Contains(standardLinters, linter) {
			return true
		}
	}
	return slices.Contains(l.Enable, linter)
}

func (c *lintConfig) has(linter, setting string) bool {
	s := c.Linters.Settings
	switch linter {
	case "forbidigo":
		return slices.ContainsFunc(s.Forbidigo.Forbid, func(f struct {
			Pattern string `yaml:"pattern"`
		}) bool {
			return f.Pattern == setting
		})
	case "revive":
		return slices.ContainsFunc(s.Revive.Rules, func(r struct {
			Name     string `yaml:"name"`
			Disabled bool   `yaml:"disabled"`
		}) bool {
			return r.Name == setting && !r.Disabled
		})
	}
	return true
}

// met reports whether the configuration meets req.
func (c *lintConfig) met(req lintRequirement) bool {
	return c.enabled(req.linter) && (req.setting == "" || c.has(req.linter, req.setting))
}

func (c *lintConfig) hidesCloseErrors() bool {
	return slices.Contains(c.Linters.Exclusions.Presets, "std-error-handling")
}

// lostLintRules explains a drifted .golangci.yml: the requirements that the
// rendered configuration (want) meets and the service's (got) no longer
// does. The file is managed, so the edit is drift anyway; these findings say
// what it switched off.
func lostLintRules(want, got []byte) []Finding {
	var w, g lintConfig
	if yaml.Unmarshal(want, &w) != nil {
		return nil
	}
	if err := yaml.Unmarshal(got, &g); err != nil {
		return []Finding{{Rule: "lint", Path: lintConfigName, Message: "golangci-lint configuration does not parse: " + firstLine(err.Error())}}
	}
	var out []Finding
	for _, req := range lintRequirements {
		if !w.met(req) || g.met(req) {
			continue
		}
		what := "no longer enables " + req.linter
		if g.enabled(req.linter) {
			what = fmt.Sprintf("no longer configures %s %q", req.linter, req.setting)
		}
		out = append(out, lintFinding(req, what))
	}
	if g.hidesCloseErrors() && !w.hidesCloseErrors() {
		out = append(out, Finding{Rule: "lint", Path: lintConfigName,
			Message: "golangci-lint exclusion preset std-error-handling hides unchecked Close, Flush and Remove errors (convention errors); the file is managed: restore it"})
	}
	return out
}

func lintFinding(req lintRequirement, what string) Finding {
	return Finding{Rule: "lint", Path: lintConfigName,
		Message: fmt.Sprintf("golangci-lint configuration %s, which enforces %s (convention %s); the file is managed: restore it", what, req.enforces, req.convention)}
}
