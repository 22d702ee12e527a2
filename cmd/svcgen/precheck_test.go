package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMissingGoModIsRefusedByUpdateAndAdd: update and add share one rule
// for a service without go.mod. Both write Go code that imports the
// recorded module, and without go.mod nothing says that module is this
// directory (the team may have moved the module root up, into a
// monorepo): both refuse, exit 2, nothing written.
func TestMissingGoModIsRefusedByUpdateAndAdd(t *testing.T) {
	for _, args := range [][]string{{"update", "--allow-dirty"}, {"add", "resource", "order"}} {
		t.Run(args[0], func(t *testing.T) {
			dir := service(t, 0, "standard", false)
			if args[0] == "update" {
				dir = service(t, 1, "standard", false)
			}
			require.NoError(t, os.Remove(filepath.Join(dir, "go.mod")))
			before := snapshot(t, dir)
			code, _, stderr := runCmd(t, 20*time.Second, append(append([]string{}, args...), dir)...)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, "no go.mod")
			assert.Equal(t, before, snapshot(t, dir), "nothing written")
		})
	}
}

// TestOtherModuleIsRefusedByUpdateAndAdd: a go.mod that declares another
// module than the manifest records is refused by both, with one message.
func TestOtherModuleIsRefusedByUpdateAndAdd(t *testing.T) {
	for _, args := range [][]string{{"update", "--allow-dirty"}, {"add", "resource", "order"}} {
		t.Run(args[0], func(t *testing.T) {
			dir := service(t, 0, "standard", false)
			if args[0] == "update" {
				dir = service(t, 1, "standard", false)
			}
			name := filepath.Join(dir, "go.mod")
			data, err := os.ReadFile(name)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(name, append([]byte("module example.com/other\n"), data[len("module "):]...), 0o644))
			code, _, stderr := runCmd(t, 20*time.Second, append(append([]string{}, args...), dir)...)
			assert.Equal(t, exitUsage, code, stderr)
			assert.Contains(t, stderr, `go.mod declares module "example.com/other" but .svcgen.yaml records`)
		})
	}
}
