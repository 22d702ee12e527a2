package main

import (
	"fmt"
	"strings"

	"github.com/AlecAivazis/survey/v2"

	"github.com/svcgen/svcgen/generator"
)

// Prompter asks the user for answers. survey/v2 is archived upstream; this
// seam keeps it replaceable, and tests script it.
type Prompter interface {
	// Input asks for free text; validate rejects an answer and re-asks.
	Input(message, help, def string, validate func(string) error) (string, error)
	// Select asks for one of options.
	Select(message, help string, options []string, def string) (string, error)
	// MultiSelect asks for any subset of options, each shown with its
	// description; it returns the chosen values.
	MultiSelect(message, help string, options []Option, defs []string) ([]string, error)
}

// Option is one choice of a MultiSelect: the value returned when it is
// chosen, and a one-line description shown beside it.
type Option struct {
	Value       string
	Description string
}

// featureOptions are the features with their summaries, as the features
// prompt shows them (the same text as `svcgen features`).
func featureOptions() []Option {
	fs := generator.Features()
	out := make([]Option, len(fs))
	for i, f := range fs {
		out[i] = Option{Value: f.Name, Description: f.Summary}
	}
	return out
}

// prompts are the wording of each question.
var prompts = map[string]struct{ message, help string }{
	"name":        {"Service name", "lower-case letters, digits and '-', 2-40 characters"},
	"module":      {"Go module path", "e.g. github.com/acme/orders-api"},
	"description": {"One-line description", "shown in README, catalog and --help; up to 200 characters"},
	"owner":       {"Owning team", "GitHub org/team (CODEOWNERS, catalog owner)"},
	"go":          {"Go version", "the go directive of the service's go.mod"},
	"preset":      {"Preset", "minimal, standard or full; features can be changed next"},
	"license":     {"License", "LICENSE file of the service"},
	"slo_availability": {"Availability objective (%)",
		"share of requests without a 5xx over 30 days, 90 to 99.999; 99.9 allows 43 minutes of errors a month"},
	"slo_latency_threshold": {"Latency objective: bound (seconds)",
		"a request slower than this counts against the latency objective; one of the histogram's buckets"},
	"slo_latency_target": {"Latency objective (%)", "share of requests faster than the bound over 30 days, 90 to 99.999"},
}

// askObjectives prompts for the objectives of feature observability that
// flags and the answers file left empty.
func askObjectives(p Prompter, a *generator.Answers, given map[string]bool) error {
	for _, key := range generator.SLOAnswerKeys {
		if given[key] {
			continue
		}
		if err := ask(p, a, key, generator.DefaultFor(key, *a)); err != nil {
			return err
		}
	}
	return nil
}

// ask prompts for one answer and stores it.
func ask(p Prompter, a *generator.Answers, key, def string) error {
	q := prompts[key]
	dst := a.StringField(key)
	var (
		v   string
		err error
	)
	switch key {
	case "go":
		v, err = p.Select(q.message, q.help, generator.GoVersions, def)
	case "preset":
		v, err = p.Select(q.message, q.help, generator.PresetNames(), def)
	case "license":
		v, err = p.Select(q.message, q.help, generator.Licenses, def)
	case "slo_latency_threshold":
		v, err = p.Select(q.message, q.help, generator.LatencyBuckets, def)
	default:
		v, err = p.Input(q.message, q.help, def, func(s string) error {
			probe := *a
			*probe.StringField(key) = s
			return probe.CheckField(key)
		})
	}
	if err != nil {
		return fmt.Errorf("prompt %s: %w", key, err)
	}
	*dst = v
	return nil
}

func askFeatures(p Prompter, a *generator.Answers) error {
	defs := a.Resolve().Features
	chosen, err := p.MultiSelect("Features", "space toggles; the preset chose the defaults", featureOptions(), defs)
	if err != nil {
		return fmt.Errorf("prompt features: %w", err)
	}
	a.Features = generator.ParseFeatures(strings.Join(chosen, ","))
	return nil
}

// surveyPrompter is the terminal Prompter.
type surveyPrompter struct{ opts []survey.AskOpt }

func newSurveyPrompter() Prompter {
	return &surveyPrompter{}
}

func (s *surveyPrompter) Input(message, help, def string, validate func(string) error) (string, error) {
	var out string
	v := func(ans any) error { return validate(fmt.Sprint(ans)) }
	err := survey.AskOne(&survey.Input{Message: message, Help: help, Default: def}, &out, append(s.opts, survey.WithValidator(v))...)
	return out, err
}

func (s *surveyPrompter) Select(message, help string, options []string, def string) (string, error) {
	var out string
	err := survey.AskOne(&survey.Select{Message: message, Help: help, Options: options, Default: def}, &out, s.opts...)
	return out, err
}

func (s *surveyPrompter) MultiSelect(message, help string, options []Option, defs []string) ([]string, error) {
	out := []string{}
	err := survey.AskOne(multiSelectQuestion(message, help, options, defs), &out, s.opts...)
	return out, err
}

// multiSelectQuestion is the survey question for a MultiSelect: each
// option is shown as "value - description".
func multiSelectQuestion(message, help string, options []Option, defs []string) *survey.MultiSelect {
	values := make([]string, len(options))
	for i, o := range options {
		values[i] = o.Value
	}
	return &survey.MultiSelect{Message: message, Help: help, Options: values, Default: defs,
		Description: func(_ string, i int) string { return options[i].Description }}
}

// equivalentCommand is the non-interactive command that reproduces a run.
func equivalentCommand(dir string, a generator.Answers) string {
	features := strings.Join(a.Features, ",")
	if features == "" {
		features = "none"
	}
	parts := []string{"svcgen new", shellQuote(dir),
		"--name", shellQuote(a.Name), "--module", shellQuote(a.Module),
		"--description", shellQuote(a.Description), "--owner", shellQuote(a.Owner),
		"--go", a.GoVersion, "--preset", a.Preset, "--features", features,
		"--license", a.License}
	if a.Has("observability") {
		parts = append(parts, "--slo-availability", a.SLOAvailability,
			"--slo-latency-threshold", a.SLOLatencyThreshold, "--slo-latency-target", a.SLOLatencyTarget)
		if len(a.SLOExcludedRoutes) > 0 {
			parts = append(parts, "--slo-excluded-routes", shellQuote(strings.Join(a.SLOExcludedRoutes, ",")))
		}
	}
	return strings.Join(append(parts, "--yes"), " ")
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, needsQuote) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func joinOr(options []string) string { return strings.Join(options, ", ") }

// needsQuote reports whether r is special to a POSIX shell.
func needsQuote(r rune) bool {
	safe := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@,+=", r)
	return !safe
}
