package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/shlex"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
)

func testIO(interactive bool) (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: &bytes.Buffer{}, Out: out, ErrOut: errOut, Interactive: interactive}, out, errOut
}

// TestNewFlagsToOptions checks the flag → NewOptions level.
func TestNewFlagsToOptions(t *testing.T) {
	tests := []struct {
		name      string
		args      string
		wantDir   string
		wantGiven []string
		want      generator.Answers
		wantYes   bool
		wantDry   bool
	}{
		{"dir only", "svc", "svc", []string{}, generator.Answers{}, false, false},
		{"all answers", "--name n1 --module m/x --description 'd e' --owner o --go 1.26 --preset full --license MIT",
			"", []string{"description", "go", "license", "module", "name", "owner", "preset"},
			generator.Answers{Name: "n1", Module: "m/x", Description: "d e", Owner: "o", GoVersion: "1.26", Preset: "full", License: "MIT"}, false, false},
		{"features and ports", "x --features k8s,httpclient --http-port 81 --admin-port 82 -y --dry-run",
			"x", []string{"admin_port", "features", "http_port", "yes", "dry_run"},
			generator.Answers{Features: []string{"httpclient", "k8s"}, HTTPPort: 81, AdminPort: 82}, true, true},
		{"features none", "x --features none", "x", []string{"features"}, generator.Answers{Features: []string{}}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _ := testIO(false)
			var got *NewOptions
			cmd := newNewCmd(ios, nil, nil, func(_ context.Context, o *NewOptions) error { got = o; return nil })
			args, err := shlex.Split(tt.args)
			require.NoError(t, err)
			cmd.SetArgs(args)
			require.NoError(t, cmd.Execute())
			assert.Equal(t, tt.wantDir, got.Dir)
			assert.Equal(t, tt.want, got.Answers)
			assert.Equal(t, tt.wantYes, got.Yes)
			assert.Equal(t, tt.wantDry, got.DryRun)
			for _, k := range tt.wantGiven {
				assert.True(t, got.Given[k], "given %s", k)
			}
			assert.Len(t, got.Given, len(tt.wantGiven))
		})
	}
}

// scriptedPrompter answers prompts from a script and records what was asked.
type scriptedPrompter struct {
	t       *testing.T
	answers map[string]string // message → answer
	asked   []string
	shown   map[string][]Option // message → the options a MultiSelect showed
}

func (s *scriptedPrompter) next(message string) string {
	s.asked = append(s.asked, message)
	a, ok := s.answers[message]
	if !ok {
		s.t.Fatalf("unexpected prompt %q", message)
	}
	return a
}

func (s *scriptedPrompter) Input(message, _, def string, validate func(string) error) (string, error) {
	a := s.next(message)
	if a == "" {
		a = def
	}
	if err := validate(a); err != nil {
		return "", fmt.Errorf("scripted answer rejected: %w", err)
	}
	return a, nil
}

func (s *scriptedPrompter) Select(message, _ string, options []string, def string) (string, error) {
	a := s.next(message)
	if a == "" {
		return def, nil
	}
	if !contains(options, a) {
		return "", fmt.Errorf("%q not in %v", a, options)
	}
	return a, nil
}

func (s *scriptedPrompter) MultiSelect(message, _ string, options []Option, defs []string) ([]string, error) {
	if s.shown == nil {
		s.shown = map[string][]Option{}
	}
	s.shown[message] = options
	if a := s.next(message); a != "" {
		return generator.ParseFeatures(a), nil
	}
	return defs, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestRunNewPromptsOnlyForMissingAnswers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "orders")
	p := &scriptedPrompter{t: t, answers: map[string]string{
		"Go module path":       "github.com/acme/orders",
		"One-line description": "Takes orders.",
		"Owning team":          "acme/payments",
		"Go version":           "",
		"Preset":               "full",
		"License":              "MIT",
		"Features":             "k8s",
	}}
	ios, out, errOut := testIO(true)
	opts := &NewOptions{IO: ios, Prompter: p, Dir: dir, Given: map[string]bool{"http_port": true}, Answers: generator.Answers{HTTPPort: 8181}}
	require.NoError(t, runNew(context.Background(), opts))

	assert.Equal(t, []string{"Go module path", "One-line description", "Owning team", "Go version", "Preset", "License", "Features"}, p.asked,
		"name comes from DIR; the port flag is not asked")
	m, err := manifest.Read(dir, generator.CheckRecorded)
	require.NoError(t, err)
	assert.Equal(t, manifest.Answers{
		Name: "orders", Module: "github.com/acme/orders", Description: "Takes orders.", Owner: "acme/payments",
		GoVersion: generator.GoVersions[0], Preset: "full", Features: []string{"k8s"}, License: "MIT",
		HTTPPort: 8181, AdminPort: generator.DefaultAdminPort,
	}, m.Answers)
	assert.Contains(t, out.String(), "Created orders")
	assert.Contains(t, errOut.String(), "svcgen new "+dir+" --name orders --module github.com/acme/orders --description 'Takes orders.' --owner acme/payments --go 1.26 --preset full --features k8s --license MIT --yes")
}

// TestFeaturesPromptDescribesEachFeature: the features prompt shows every
// feature with its one-line summary, not bare names.
func TestFeaturesPromptDescribesEachFeature(t *testing.T) {
	p := &scriptedPrompter{t: t, answers: map[string]string{"Features": ""}}
	a := generator.Answers{Preset: "full"}
	require.NoError(t, askFeatures(p, &a))
	shown := p.shown["Features"]
	require.Len(t, shown, len(generator.Features()))
	for i, f := range generator.Features() {
		assert.Equal(t, Option{Value: f.Name, Description: f.Summary}, shown[i])
		assert.NotEmpty(t, shown[i].Description, "feature %s has no description", f.Name)
	}
	assert.Equal(t, []string{"catalog", "grpc", "httpclient", "k8s", "observability", "postgres"}, a.Features, "the preset's features are the defaults")
}

func TestRunNewRejectedPromptAnswerWritesNothing(t *testing.T) {
	parent := t.TempDir()
	p := &scriptedPrompter{t: t, answers: map[string]string{"Service name": "Bad_Name"}}
	ios, _, _ := testIO(true)
	err := runNew(context.Background(), &NewOptions{IO: ios, Prompter: p, Given: map[string]bool{}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `invalid --name "Bad_Name"`)
	es, _ := os.ReadDir(parent)
	assert.Empty(t, es)
}

func TestEquivalentCommandQuotes(t *testing.T) {
	a := generator.Answers{Name: "x1", Module: "m.io/x", Description: "it's \"quoted\"", Owner: "o",
		GoVersion: "1.26", Preset: "minimal", Features: []string{}, License: "none"}
	got := equivalentCommand("my dir", a)
	words, err := shlex.Split(got)
	require.NoError(t, err)
	assert.Equal(t, []string{"svcgen", "new", "my dir", "--name", "x1", "--module", "m.io/x", "--description", `it's "quoted"`,
		"--owner", "o", "--go", "1.26", "--preset", "minimal", "--features", "none", "--license", "none", "--yes"}, words)
}

// TestNextStepsPerFeatures: a postgres service gets a database before
// `make run`; any other service runs as it is.
func TestNextStepsPerFeatures(t *testing.T) {
	tests := []struct {
		name     string
		features []string
		want     []string
	}{
		{"no features", []string{}, []string{"cd 'my svc'", "make run", "make test"}},
		{"k8s without postgres", []string{"k8s"}, []string{"cd 'my svc'", "make run", "make test"}},
		{"postgres", []string{"postgres"}, []string{"cd 'my svc'", `eval "$(make -s db-local)"`, `# or, with Docker: eval "$(make -s db-up)"`, "make run", "make test"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := generator.Answers{Name: "orders-api", Features: tt.features, HTTPPort: 8081, AdminPort: 9091}
			var got []string
			for _, s := range nextSteps("my svc", a) {
				got = append(got, s.command)
			}
			assert.Equal(t, tt.want, got)
		})
	}
	pg := nextSteps("x", generator.Answers{Name: "orders-api", Features: []string{"postgres"}, HTTPPort: 8081, AdminPort: 9091})
	assert.Contains(t, pg[1].comment, "ORDERS_API_DATABASE_URL")
	assert.Equal(t, "serves :8081, admin :9091; applies the migrations", pg[3].comment)
}
