package add_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/add"
	"github.com/svcgen/svcgen/internal/refusal"
	"github.com/svcgen/svcgen/internal/release"
)

// TestPrepareRefusesOlderRelease: a service still at release 1 gets no
// current-release resource code it cannot compile (issue 20, item 10).
func TestPrepareRefusesOlderRelease(t *testing.T) {
	releases, err := release.All()
	require.NoError(t, err)
	a := generator.Answers{Name: "orders", Module: "example.com/acme/orders", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: generator.GoVersions[0], Preset: "standard", License: "MIT"}.Resolve()
	tree, err := release.Generate(releases[0], a)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "orders")
	require.NoError(t, generator.Write(context.Background(), dir, tree, generator.WriteOptions{}))
	before := snapshot(t, dir)

	_, err = add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	var refused *refusal.Error
	require.True(t, errors.As(err, &refused), "%v", err)
	assert.Contains(t, err.Error(), "template r1")
	assert.Contains(t, err.Error(), "run svcgen update first")
	assert.Equal(t, before, snapshot(t, dir))
}
