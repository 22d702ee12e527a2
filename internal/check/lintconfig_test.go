package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLintConfigEditsSayWhatTheyTurnedOff: on a generated service, each
// edit of .golangci.yml that switches off a linter or setting a convention
// relies on is drift plus a lint finding naming it.
func TestLintConfigEditsSayWhatTheyTurnedOff(t *testing.T) {
	tests := []struct{ name, old, new, want string }{
		{"linter removed", "    - errorlint\n", "", "no longer enables errorlint"},
		{"linter disabled", "  enable:\n", "  disable:\n    - errcheck\n  enable:\n", "no longer enables errcheck"},
		{"forbidigo pattern removed", "        - pattern: ^time\\.Tick$\n          msg: use time.NewTicker and Stop it\n", "", `no longer configures forbidigo "^time\\.Tick$"`},
		{"revive rule removed", "        - name: errorf\n", "", `no longer configures revive "errorf"`},
		{"close errors excluded", "  exclusions:\n", "  exclusions:\n    presets: [std-error-handling]\n", "std-error-handling hides unchecked Close"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeGenerated(t, answers("standard"))
			p := filepath.Join(dir, lintConfigName)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), tt.old) {
				t.Fatalf("%s has no %q", lintConfigName, tt.old)
			}
			if err := os.WriteFile(p, []byte(strings.Replace(string(data), tt.old, tt.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			r := analyze(t, dir, currentOptions(t))
			if got := brief(r.Findings); !strings.HasPrefix(got, "lint .golangci.yml\ndrift .golangci.yml:") || strings.Count(got, "\n") != 2 {
				t.Fatalf("findings:\n%s", got)
			}
			if !strings.Contains(r.Findings[0].Message, tt.want) {
				t.Errorf("message = %q, want %q in it", r.Findings[0].Message, tt.want)
			}
		})
	}
}
