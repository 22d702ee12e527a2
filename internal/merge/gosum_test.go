package merge

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGoSum(t *testing.T) {
	const (
		a    = "example.com/a v1.0.0 h1:a=\nexample.com/a v1.0.0/go.mod h1:amod=\n"
		a2   = "example.com/a v1.2.0 h1:a2=\nexample.com/a v1.2.0/go.mod h1:a2mod=\n"
		b    = "example.com/b v1.9.0 h1:b=\nexample.com/b v1.9.0/go.mod h1:bmod=\n"
		b10  = "example.com/b v1.10.0 h1:b10=\nexample.com/b v1.10.0/go.mod h1:b10mod=\n"
		user = "example.com/user v0.1.0 h1:u=\nexample.com/user v0.1.0/go.mod h1:umod=\n"
	)
	tests := []struct {
		name, base, ours, theirs, want string
		tidy                           bool
	}{
		{name: "unchanged", base: a + b, ours: a + b, theirs: a + b, want: a + b},
		{name: "template bump", base: a + b, ours: a + b, theirs: a2 + b, want: a2 + b},
		{name: "user addition kept, template bump applied", base: a + b, ours: a + b + user, theirs: a2 + b, want: a2 + b + user, tidy: true},
		{name: "semver order, not text order", base: b, ours: b, theirs: b + b10, want: b + b10},
		{name: "both removed", base: a + b, ours: b, theirs: b, want: b},
		{name: "one side removed", base: a + b, ours: b, theirs: a + b, want: b},
		{name: "both added the same, CRLF ours", base: a, ours: strings.ReplaceAll(a+user, "\n", "\r\n"), theirs: a + user, want: a + user},
		{name: "user kept the version the template dropped", base: a + b, ours: a + b + user, theirs: a, want: a + user, tidy: true},
		{name: "all empty", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, tidy := GoSum([]byte(tt.base), []byte(tt.ours), []byte(tt.theirs))
			assert.Equal(t, tt.want, string(got))
			assert.Equal(t, tt.tidy, tidy, "tidyNeeded")
		})
	}
}

// TestGoSumOrderMatchesGoCommand shuffles svcgen's own go.sum, written by the
// go command, and expects GoSum to restore its order exactly.
func TestGoSumOrderMatchesGoCommand(t *testing.T) {
	sum, err := os.ReadFile("../../go.sum")
	require.NoError(t, err)
	lines := strings.SplitAfter(string(sum), "\n")
	lines = lines[:len(lines)-1] // after the final newline
	require.Greater(t, len(lines), 20, "a real go.sum")
	rng := rand.New(rand.NewPCG(3, 4)) //nolint:gosec // G404: reproducible test input.
	rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	got, _ := GoSum(nil, []byte(strings.Join(lines, "")), nil)
	assert.Equal(t, string(sum), string(got))
}
