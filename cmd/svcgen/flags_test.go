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

// The flags → options level of every command but new (new_test.go): each
// command line is parsed by the real cobra command, and runF receives the
// options instead of the command running.

// execute runs cmd with the shell-split args and fails unless runF ran.
func execute(t *testing.T, cmd *cobra.Command, args string, ran *bool) {
	t.Helper()
	split, err := shlex.Split(args)
	require.NoError(t, err)
	cmd.SetArgs(split)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	require.NoError(t, cmd.Execute())
	require.True(t, *ran, "runF was not called")
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
			var got *UpdateOptions
			ran := false
			cmd := newUpdateCmd(ios, journal.Options{}, func(_ context.Context, o *UpdateOptions) error { got, ran = o, true; return nil })
			execute(t, cmd, tt.args, &ran)
			want := tt.want
			want.IO, want.LockWait = ios, got.LockWait
			assert.Equal(t, &want, got)
		})
	}
}

func TestAddResourceFlagsToOptions(t *testing.T) {
	tests := []struct {
		name string
		args string
		want AddOptions
	}{
		{"name only", "resource order", AddOptions{Name: "order", Dir: ".", Fields: generator.DefaultFields}},
		{"all flags", "resource invoice ./svc --path /v2/invoices --fields number:string,paid:bool --dry-run",
			AddOptions{Name: "invoice", Dir: "./svc", Path: "/v2/invoices", Fields: "number:string,paid:bool", DryRun: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _ := testIO(false)
			var got *AddOptions
			ran := false
			cmd := newAddCmd(ios, journal.Options{}, func(_ context.Context, o *AddOptions) error { got, ran = o, true; return nil })
			execute(t, cmd, tt.args, &ran)
			want := tt.want
			want.IO = ios
			assert.Equal(t, &want, got)
		})
	}
}

func TestCheckFlagsToOptions(t *testing.T) {
	tests := []struct {
		name           string
		args           string
		dir            string
		wantJSON, diff bool
	}{
		{"defaults", "", ".", false, false},
		{"dir and JSON", "svc --json", "svc", true, false},
		{"diff", "--diff", ".", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _ := testIO(false)
			var got *CheckOptions
			ran := false
			cmd := newCheckCmd(ios, func(_ context.Context, o *CheckOptions) error { got, ran = o, true; return nil })
			execute(t, cmd, tt.args, &ran)
			assert.Equal(t, tt.dir, got.Dir)
			assert.Equal(t, tt.wantJSON, got.JSON)
			assert.Equal(t, tt.diff, got.Diff)
			assert.NotNil(t, got.Now, "the clock is a dependency")
		})
	}
}

func TestExplainFlagsToOptions(t *testing.T) {
	for args, topic := range map[string]string{"": "", "pooled-buffers": "pooled-buffers"} {
		ios, _, _ := testIO(false)
		var got *ExplainOptions
		ran := false
		cmd := newExplainCmd(ios, func(_ context.Context, o *ExplainOptions) error { got, ran = o, true; return nil })
		execute(t, cmd, args, &ran)
		assert.Equal(t, &ExplainOptions{IO: ios, Topic: topic}, got, "args %q", args)
	}
}

func TestFeaturesFlagsToOptions(t *testing.T) {
	for args, wantJSON := range map[string]bool{"": false, "--json": true} {
		ios, _, _ := testIO(false)
		var got *FeaturesOptions
		ran := false
		cmd := newFeaturesCmd(ios, func(_ context.Context, o *FeaturesOptions) error { got, ran = o, true; return nil })
		execute(t, cmd, args, &ran)
		assert.Equal(t, &FeaturesOptions{IO: ios, JSON: wantJSON}, got, "args %q", args)
	}
}

func TestVersionFlagsToOptions(t *testing.T) {
	ios, _, _ := testIO(false)
	var got *VersionOptions
	ran := false
	cmd := newVersionCmd(ios, func(_ context.Context, o *VersionOptions) error { got, ran = o, true; return nil })
	execute(t, cmd, "", &ran)
	assert.Equal(t, &VersionOptions{IO: ios}, got)
}

// TestFlagsRefusedBeforeRunF: an unknown flag or too many arguments never
// reach the command (exit 2 from cobra, through usageArgs and the flag
// error func).
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
