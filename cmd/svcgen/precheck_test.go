package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoModRuleIsOneForUpdateAndAdd: update and add share one rule for
// go.mod (internal/precheck). Both write Go code that imports the
// recorded module, so go.mod must be there and declare it. Without go.mod
// nothing says this directory is that module (the team may have moved
// the module root up, into a monorepo): both refuse a missing one as they
// refuse another module, exit 2, nothing written.
func TestGoModRuleIsOneForUpdateAndAdd(t *testing.T) {
	tests := []struct {
		name  string
		goMod string // "": no go.mod
		want  string
	}{
		{"missing", "", "no go.mod: the code svcgen writes imports example.com/acme/orders/internal/..."},
		{"another module", "module example.com/other\n\ngo 1.26\n", `go.mod declares module "example.com/other" but .svcgen.yaml records "example.com/acme/orders"`},
	}
	commands := map[string][]string{"update": {"update", "--allow-dirty"}, "add": {"add", "resource", "order"}}
	for _, tt := range tests {
		for cmdName, args := range commands {
			t.Run(tt.name+"/"+cmdName, func(t *testing.T) {
				dir := service(t, map[string]int{"update": 1}[cmdName], "standard", false)
				name := filepath.Join(dir, "go.mod")
				require.NoError(t, os.Remove(name))
				if tt.goMod != "" {
					require.NoError(t, os.WriteFile(name, []byte(tt.goMod), 0o644))
				}
				before := snapshot(t, dir)
				code, _, stderr := runCmd(t, 20*time.Second, append(append([]string{}, args...), dir)...)
				assert.Equal(t, exitUsage, code, stderr)
				assert.Contains(t, stderr, tt.want)
				assert.Equal(t, before, snapshot(t, dir), "nothing written")
			})
		}
	}
}
