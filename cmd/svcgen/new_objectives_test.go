package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
)

// TestRunNewPromptsForObjectives: with feature observability the
// objectives are asked after the features (defaults offered), a flag
// skips its question, and the equivalent command carries them.
func TestRunNewPromptsForObjectives(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "orders")
	p := &scriptedPrompter{t: t, answers: map[string]string{
		"Go module path": "github.com/acme/orders", "One-line description": "Takes orders.", "Owning team": "acme/payments",
		"Go version": "", "Preset": "minimal", "License": "MIT", "Features": "observability",
		"Availability objective (%)":         "99.95",
		"Latency objective: bound (seconds)": "0.5",
	}}
	ios, _, errOut := testIO(true)
	opts := &NewOptions{IO: ios, Prompter: p, Dir: dir, Given: map[string]bool{"slo_latency_target": true},
		Answers: generator.Answers{SLOLatencyTarget: "99.5"}}
	require.NoError(t, runNew(context.Background(), opts))

	assert.Equal(t, []string{"Go module path", "One-line description", "Owning team", "Go version", "Preset", "License", "Features",
		"Availability objective (%)", "Latency objective: bound (seconds)"}, p.asked)
	m, err := manifest.Read(dir, generator.CheckRecorded)
	require.NoError(t, err)
	assert.Equal(t, "99.95", m.Answers.SLOAvailability)
	assert.Equal(t, "0.5", m.Answers.SLOLatencyThreshold)
	assert.Equal(t, "99.5", m.Answers.SLOLatencyTarget)
	assert.Contains(t, errOut.String(), "--features observability --license MIT --slo-availability 99.95 --slo-latency-threshold 0.5 --slo-latency-target 99.5 --yes")
}

// TestRunNewAsksNoObjectivesWithoutObservability: a team that opts out of
// the feature is not asked, and its manifest records no objectives.
func TestRunNewAsksNoObjectivesWithoutObservability(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "orders")
	p := &scriptedPrompter{t: t, answers: map[string]string{
		"Go module path": "github.com/acme/orders", "One-line description": "Takes orders.", "Owning team": "acme/payments",
		"Go version": "", "Preset": "minimal", "License": "MIT", "Features": "k8s",
	}}
	ios, _, _ := testIO(true)
	require.NoError(t, runNew(context.Background(), &NewOptions{IO: ios, Prompter: p, Dir: dir, Given: map[string]bool{}}))
	m, err := manifest.Read(dir, generator.CheckRecorded)
	require.NoError(t, err)
	assert.Empty(t, m.Answers.SLOAvailability)
}
