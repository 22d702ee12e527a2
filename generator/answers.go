package generator

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/mod/module"

	"github.com/svcgen/svcgen/internal/manifest"
)

// Limits and choices for answers.
const (
	MaxDescription = 200
	minName        = 2
	maxName        = 40
)

// GoVersions are the Go language versions a service may target; the first
// is the default. Each must be at least the go directive the pinned
// dependencies require: otel v1.47, client_golang v1.25 and x/net v0.62
// declare go 1.26.0, so 1.25 is not offered.
var GoVersions = []string{"1.26"}

// Licenses are the LICENSE choices; the first is the default.
var Licenses = []string{"Apache-2.0", "MIT", "none"}

// isSlug reports whether s is lower-case letters, digits and '-', neither
// starting nor ending with '-' (and, with letterFirst, starting with a
// letter): a DNS label, a GitHub org or team slug.
func isSlug(s string, letterFirst bool) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || letterFirst && (s[0] < 'a' || s[0] > 'z') {
		return false
	}
	for i := range len(s) {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// isOwner reports whether s is a slug or org/team slugs.
func isOwner(s string) bool {
	org, team, isTeam := strings.Cut(s, "/")
	return isSlug(org, false) && (!isTeam || isSlug(team, false))
}

// Answers are the user's choices, as given by flags, an answers file or
// prompts. The YAML keys are those of the answers file and the manifest,
// which records them (manifest.Answers is the same struct; convert with
// Answers(m.Answers)).
type Answers manifest.Answers

// CheckRecorded validates answers read from a manifest with the rules of
// `svcgen new` (Validate), naming the manifest's key: manifest.Read and
// manifest.Parse take it.
func CheckRecorded(a manifest.Answers) error {
	err := Answers(a).Validate()
	var fe *FieldError
	if errors.As(err, &fe) {
		return fmt.Errorf("answers.%s %q: %s", fe.Field, fe.Value, fe.Allow)
	}
	if err != nil {
		return fmt.Errorf("answers: %w", err)
	}
	return nil
}

// FieldError is an invalid answer: which one, the value, and what is allowed.
type FieldError struct {
	Field string // the answers-file key, e.g. "name"
	Value string
	Allow string // what to do instead
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", FlagFor(e.Field), e.Value, e.Allow)
}

// FlagFor returns the command-line flag for an answers key ("http_port" →
// "--http-port").
func FlagFor(field string) string {
	return "--" + strings.ReplaceAll(field, "_", "-")
}

// Validate checks every answer and returns the first problem as a
// *FieldError. Features must already be resolved (see Resolve).
func (a Answers) Validate() error {
	checks := []func() error{
		a.checkName, a.checkModule, a.checkDescription, a.checkOwner,
		a.checkGo, a.checkPreset, a.checkFeatures, a.checkLicense, a.checkPorts,
		a.checkSLOAvailability, a.checkSLOLatencyThreshold, a.checkSLOLatencyTarget, a.checkSLOExcludedRoutes,
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (a Answers) checkName() error {
	n := utf8.RuneCountInString(a.Name)
	if n < minName || n > maxName || !isSlug(a.Name, true) {
		return &FieldError{"name", a.Name, "use 2-40 lower-case letters, digits and '-', starting with a letter and not ending with '-'"}
	}
	return nil
}

func (a Answers) checkModule() error {
	if err := module.CheckPath(a.Module); err != nil {
		return &FieldError{"module", a.Module, "use a Go module path such as github.com/acme/" + a.Name}
	}
	return nil
}

func (a Answers) checkDescription() error {
	if !utf8.ValidString(a.Description) {
		return &FieldError{"description", a.Description, "use valid UTF-8 text"}
	}
	if strings.TrimSpace(a.Description) == "" || utf8.RuneCountInString(a.Description) > MaxDescription {
		return &FieldError{"description", a.Description, fmt.Sprintf("use 1-%d characters of text", MaxDescription)}
	}
	return nil
}

func (a Answers) checkOwner() error {
	if len(a.Owner) > 80 || !isOwner(a.Owner) {
		return &FieldError{"owner", a.Owner, "use a GitHub team as org/team-slug or a slug of lower-case letters, digits and '-'"}
	}
	return nil
}

func (a Answers) checkGo() error {
	if !slices.Contains(GoVersions, a.GoVersion) {
		return &FieldError{"go", a.GoVersion, "use one of " + strings.Join(GoVersions, ", ")}
	}
	return nil
}

func (a Answers) checkPreset() error {
	if _, ok := presetByName(a.Preset); !ok {
		return &FieldError{"preset", a.Preset, "use one of " + strings.Join(PresetNames(), ", ")}
	}
	return nil
}

func (a Answers) checkFeatures() error {
	for _, f := range a.Features {
		if _, ok := featureByName(f); !ok {
			return &FieldError{"features", f, "use a comma-separated list of " + strings.Join(FeatureNames(), ", ") + " (or none)"}
		}
	}
	if !slices.IsSorted(a.Features) || len(slices.Compact(slices.Clone(a.Features))) != len(a.Features) {
		return &FieldError{"features", strings.Join(a.Features, ","), "list each feature once, sorted"}
	}
	return nil
}

func (a Answers) checkLicense() error {
	if !slices.Contains(Licenses, a.License) {
		return &FieldError{"license", a.License, "use one of " + strings.Join(Licenses, ", ")}
	}
	return nil
}

func (a Answers) checkPorts() error {
	for _, p := range []struct {
		field string
		port  int
	}{{"http_port", a.HTTPPort}, {"admin_port", a.AdminPort}} {
		if p.port < 1 || p.port > 65535 {
			return &FieldError{p.field, fmt.Sprint(p.port), "use a TCP port from 1 to 65535"}
		}
	}
	if a.HTTPPort == a.AdminPort {
		return &FieldError{"admin_port", fmt.Sprint(a.AdminPort), "use a port different from --http-port"}
	}
	return nil
}

// StringField points at the string answer with the given answers key
// ("name", "module", "description", "owner", "go", "preset", "license",
// and the SLOAnswerKeys),
// or is nil for any other key.
func (a *Answers) StringField(key string) *string {
	switch key {
	case "name":
		return &a.Name
	case "module":
		return &a.Module
	case "description":
		return &a.Description
	case "owner":
		return &a.Owner
	case "go":
		return &a.GoVersion
	case "preset":
		return &a.Preset
	case "license":
		return &a.License
	case "slo_availability":
		return &a.SLOAvailability
	case "slo_latency_threshold":
		return &a.SLOLatencyThreshold
	case "slo_latency_target":
		return &a.SLOLatencyTarget
	}
	return nil
}

// CheckField validates one answer (by answers key) in the context of the
// others; prompts use it to re-ask on bad input.
func (a Answers) CheckField(field string) error {
	checks := map[string]func() error{
		"name": a.checkName, "module": a.checkModule, "description": a.checkDescription,
		"owner": a.checkOwner, "go": a.checkGo, "preset": a.checkPreset,
		"features": a.checkFeatures, "license": a.checkLicense, "http_port": a.checkPorts,
		"admin_port": a.checkPorts, "slo_availability": a.checkSLOAvailability,
		"slo_latency_threshold": a.checkSLOLatencyThreshold, "slo_latency_target": a.checkSLOLatencyTarget,
		"slo_excluded_routes": a.checkSLOExcludedRoutes,
	}
	if check, ok := checks[field]; ok {
		return check()
	}
	return fmt.Errorf("unknown answer %q", field)
}
