package appedit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/appedit"
	"github.com/svcgen/svcgen/internal/merge"
)

// renderApp is the current templates' app.go for a service with features.
func renderApp(t *testing.T, features ...string) []byte {
	t.Helper()
	a := generator.Answers{Name: "orders", Module: "example.com/acme/orders", Description: "Takes orders.",
		Owner: "acme/payments", GoVersion: generator.GoVersions[0], Preset: "minimal", License: "MIT"}.Resolve()
	a.Features = features
	tree, err := generator.Generate(a)
	require.NoError(t, err)
	for _, f := range tree.Files {
		if f.Path == appedit.Path {
			return f.Data
		}
	}
	t.Fatalf("no %s rendered", appedit.Path)
	return nil
}

// TestAddModuleMergesWithFeatureChanges: after `add resource`, an update
// that adds or removes any feature merges app.go without a conflict, as
// docs/cli.md promises (issue 20, item 15).
func TestAddModuleMergesWithFeatureChanges(t *testing.T) {
	sets := [][]string{{}, {"httpclient"}, {"postgres"}, {"httpclient", "postgres"}, {"grpc"}, {"grpc", "httpclient", "postgres"}}
	for _, from := range sets {
		for _, to := range sets {
			base, theirs := renderApp(t, from...), renderApp(t, to...)
			if merge.Equal(base, theirs) {
				continue
			}
			ours, err := appedit.AddModule(base, "example.com/acme/orders/internal/order", "order")
			require.NoError(t, err)
			r := appedit.Merge(base, ours, theirs, "example.com/acme/orders", merge.Labels{Ours: "service", Base: "base", Theirs: "theirs"})
			assert.Zero(t, r.Conflicts, "features %v -> %v:\n%s", from, to, r.Data)
			assert.Contains(t, string(r.Data), "order.Module", "features %v -> %v", from, to)
		}
	}
}
