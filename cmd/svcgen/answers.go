package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/svcgen/svcgen/generator"
)

type pflagFlag = pflag.Flag

// questions are the answers a user must give (or accept defaults for with
// --yes), in prompt order. Ports and features are derived: ports have
// fixed defaults, features come from the preset.
var questions = []string{"name", "module", "description", "owner", "go", "preset", "license"}

// answerKey maps a flag name to its answers key ("http-port" → "http_port").
func answerKey(flag string) string { return strings.ReplaceAll(flag, "-", "_") }

// collectAnswers merges, by precedence, flags > answers file > DIR > prompts
// > defaults. It reports whether any prompt was shown.
func collectAnswers(opts *NewOptions) (generator.Answers, bool, error) {
	a, given, err := readAnswersFile(opts.AnswersFile)
	if err != nil {
		return a, false, err
	}
	overlayFlags(&a, given, opts)
	if !given["name"] && opts.Dir != "" {
		abs, err := filepath.Abs(opts.Dir)
		if err != nil {
			return a, false, fmt.Errorf("resolve %s: %w", opts.Dir, err)
		}
		a.Name, given["name"] = filepath.Base(abs), true
	}
	var missing []string
	for _, q := range questions {
		if !given[q] {
			missing = append(missing, q)
		}
	}
	interactive := len(missing) > 0 && !opts.Yes
	if interactive && !opts.IO.Interactive {
		return a, false, usageErrorf(fmt.Errorf("missing %s: pass the flag, put it in --answers FILE, or use --yes to take defaults (no terminal to prompt on)", flagList(missing)))
	}
	for _, q := range missing {
		def := generator.DefaultFor(q, a)
		if q == "name" && !interactive {
			return a, false, usageErrorf(fmt.Errorf("missing --name: pass it or a DIR argument (no default exists)"))
		}
		if !interactive {
			*a.StringField(q) = def
			continue
		}
		if err := ask(opts.Prompter, &a, q, def); err != nil {
			return a, true, err
		}
	}
	if interactive && !given["features"] {
		if err := askFeatures(opts.Prompter, &a); err != nil {
			return a, true, err
		}
	}
	if interactive && a.Resolve().Has("observability") {
		if err := askObjectives(opts.Prompter, &a, given); err != nil {
			return a, true, err
		}
	}
	return a.Resolve(), interactive, nil
}

func overlayFlags(a *generator.Answers, given map[string]bool, opts *NewOptions) {
	for key := range opts.Given {
		given[key] = true
		switch key {
		case "features":
			a.Features = opts.Answers.Features
		case "http_port":
			a.HTTPPort = opts.Answers.HTTPPort
		case "admin_port":
			a.AdminPort = opts.Answers.AdminPort
		case "slo_excluded_routes":
			a.SLOExcludedRoutes = opts.Answers.SLOExcludedRoutes
		default:
			if dst := a.StringField(key); dst != nil {
				*dst = *opts.Answers.StringField(key)
			}
		}
	}
}

func flagList(keys []string) string {
	flags := make([]string, len(keys))
	for i, k := range keys {
		flags[i] = generator.FlagFor(k)
	}
	return strings.Join(flags, ", ")
}

// readAnswersFile decodes an answers file strictly (unknown keys are
// errors) and reports which keys it set.
func readAnswersFile(path string) (generator.Answers, map[string]bool, error) {
	var a generator.Answers
	given := map[string]bool{}
	if path == "" {
		return a, given, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return a, given, usageErrorf(fmt.Errorf("invalid --answers %q: %w", path, unwrapPath(err)))
	}
	var keys map[string]yaml.Node
	if err := yaml.Unmarshal(data, &keys); err != nil {
		return a, given, usageErrorf(fmt.Errorf("invalid --answers %q: %s", path, oneLineErr(err)))
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		return a, given, usageErrorf(fmt.Errorf("invalid --answers %q: %s", path, oneLineErr(err)))
	}
	for k := range keys {
		given[k] = true
	}
	if given["features"] {
		a.Features = generator.ParseFeatures(strings.Join(a.Features, ","))
	}
	return a, given, nil
}

func unwrapPath(err error) error {
	if pe := (*os.PathError)(nil); errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func oneLineErr(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
