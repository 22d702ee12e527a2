package main

import (
	"context"
	"testing"

	"github.com/google/shlex"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/journal"
)

// The flags → options level of every command but new (new_test.go): the
// real cobra command parses a command line, and its runF receives the
// options instead of the command running.

// parse runs the command newCmd makes (with runF) on args and returns the
// options runF got; it fails when runF was not called.
func parse[O any](t *testing.T, newCmd func(runF func(context.Context, *O) error) *cobra.Command, args string) *O {
	t.Helper()
	var got *O
	cmd := newCmd(func(_ context.Context, o *O) error { got = o; return nil })
	split, err := shlex.Split(args)
	require.NoError(t, err)
	cmd.SetArgs(split)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	require.NoError(t, cmd.Execute())
	require.NotNil(t, got, "runF was not called")
	return got
}

func TestUpdateFlagsToOptions(t *testing.T) {
	tests := []struct {
		name string
		args string
		want UpdateOptions
	}{
		{"defaults", "", UpdateOptions{Dir: "."}},
		{"dir and dry run with diff", "svc --dry-run --diff", UpdateOptions{Dir: "svc", DryRun: true, Diff: true}},
		{"check as JSON", "--check --json", UpdateOptions{Dir: ".", Check: true, JSON: true}},
		{"features given empty", "--features ''", UpdateOptions{Dir: ".", FeaturesGiven: true}},
		{"answer changes", "--add-feature k8s --add-feature postgres --remove-feature httpclient --set owner=a/b --set http_port=81",
			UpdateOptions{Dir: ".", AddFeatures: []string{"k8s", "postgres"}, RemoveFeatures: []string{"httpclient"}, Set: []string{"owner=a/b", "http_port=81"}}},
		{"resolved and dirty", "--resolved Makefile --resolved go.sum --allow-dirty",
			UpdateOptions{Dir: ".", Resolved: []string{"Makefile", "go.sum"}, AllowDirty: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _ := testIO(false)
			got := parse(t, func(runF func(context.Context, *UpdateOptions) error) *cobra.Command {
				return newUpdateCmd(ios, journal.Options{}, runF)
			}, tt.args)
			want := tt.want
			want.IO, want.LockWait = ios, got.LockWait
			assert.Equal(t, &want, got)
		})
	}
}

func TestAddResourceFlagsToOptions(t *testing.T) {
	ios, _, _ := testIO(false)
	add := func(runF func(context.Context, *AddOptions) error) *cobra.Command {
		return newAddCmd(ios, journal.Options{}, runF)
	}
	assert.Equal(t, &AddOptions{IO: ios, Name: "order", Dir: ".", Fields: generator.DefaultFields}, parse(t, add, "resource order"))
	assert.Equal(t, &AddOptions{IO: ios, Name: "invoice", Dir: "./svc", Path: "/v2/invoices", Fields: "number:string,paid:bool", DryRun: true},
		parse(t, add, "resource invoice ./svc --path /v2/invoices --fields number:string,paid:bool --dry-run"))
}

func TestCheckFlagsToOptions(t *testing.T) {
	tests := []struct {
		args       string
		dir        string
		json, diff bool
	}{
		{"", ".", false, false},
		{"svc --json", "svc", true, false},
		{"--diff", ".", false, true},
	}
	for _, tt := range tests {
		ios, _, _ := testIO(false)
		got := parse(t, func(runF func(context.Context, *CheckOptions) error) *cobra.Command { return newCheckCmd(ios, runF) }, tt.args)
		assert.Equal(t, []any{tt.dir, tt.json, tt.diff}, []any{got.Dir, got.JSON, got.Diff}, "args %q", tt.args)
		assert.NotNil(t, got.Now, "the clock is a dependency")
	}
}

// TestSmallCommandsFlagsToOptions: explain, features and version.
func TestSmallCommandsFlagsToOptions(t *testing.T) {
	ios, _, _ := testIO(false)
	explain := func(runF func(context.Context, *ExplainOptions) error) *cobra.Command {
		return newExplainCmd(ios, runF)
	}
	assert.Equal(t, &ExplainOptions{IO: ios}, parse(t, explain, ""))
	assert.Equal(t, &ExplainOptions{IO: ios, Topic: "pooled-buffers"}, parse(t, explain, "pooled-buffers"))
	features := func(runF func(context.Context, *FeaturesOptions) error) *cobra.Command {
		return newFeaturesCmd(ios, runF)
	}
	assert.Equal(t, &FeaturesOptions{IO: ios}, parse(t, features, ""))
	assert.Equal(t, &FeaturesOptions{IO: ios, JSON: true}, parse(t, features, "--json"))
	version := func(runF func(context.Context, *VersionOptions) error) *cobra.Command {
		return newVersionCmd(ios, runF)
	}
	assert.Equal(t, &VersionOptions{IO: ios}, parse(t, version, ""))
}

// TestFlagsRefusedBeforeRunF: too many arguments never reach the command
// (exit 2, through usageArgs).
func TestFlagsRefusedBeforeRunF(t *testing.T) {
	ios, _, _ := testIO(false)
	ran := false
	cmd := newVersionCmd(ios, func(context.Context, *VersionOptions) error { ran = true; return nil })
	cmd.SetArgs([]string{"extra"})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	require.Error(t, err)
	assert.Equal(t, exitUsage, exitCode(err))
	assert.False(t, ran)
}
