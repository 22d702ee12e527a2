package merge

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/mod/modfile"
)

const baseMod = `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.10.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`

func TestGoMod(t *testing.T) {
	tests := []struct {
		name, ours, theirs, want string
	}{
		{
			name: "user-added module kept, template bump applied",
			ours: `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.10.0
	github.com/jackc/pgx/v5 v5.7.1
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	github.com/jackc/puddle/v2 v2.2.2 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`,
			theirs: `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.11.0
	go.uber.org/fx v1.23.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	go.uber.org/dig v1.18.0 // indirect
	golang.org/x/net v0.26.0 // indirect
)
`,
			want: `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.11.0
	github.com/jackc/pgx/v5 v5.7.1
	go.uber.org/fx v1.23.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	github.com/jackc/puddle/v2 v2.2.2 // indirect
	go.uber.org/dig v1.18.0 // indirect
	golang.org/x/net v0.26.0 // indirect
)
`,
		},
		{
			name: "user-raised version kept over a lower template bump",
			ours: `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.12.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.25.0 // indirect
)

require github.com/google/uuid v1.6.0
`,
			theirs: `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.11.0
	go.uber.org/zap v1.28.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`,
			want: `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.12.0
	github.com/google/uuid v1.6.0
	go.uber.org/zap v1.28.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`,
		},
		{
			name: "template-dropped module removed at the base version, kept when raised",
			ours: `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.10.0
	go.uber.org/zap v1.27.1
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`,
			theirs: `module example.com/svc

go 1.26.0

require go.uber.org/zap v1.27.0

require golang.org/x/net v0.25.0 // indirect
`,
			want: `module example.com/svc

go 1.26.0

require go.uber.org/zap v1.27.1

require golang.org/x/net v0.25.0 // indirect
`,
		},
		{
			name: "go and toolchain take the higher version",
			ours: `module example.com/svc

go 1.26.2

toolchain go1.26.8

require (
	github.com/gin-gonic/gin v1.10.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`,
			theirs: `module example.com/svc

go 1.26.1

toolchain go1.26.3

require (
	github.com/gin-gonic/gin v1.10.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`,
			want: `module example.com/svc

go 1.26.2

toolchain go1.26.8

require (
	github.com/gin-gonic/gin v1.10.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`,
		},
		{
			name: "user's replace, tool and godebug kept, module made direct by the user",
			ours: `module example.com/svc

go 1.26.0

godebug default=go1.21

require (
	github.com/bytedance/sonic v1.11.6
	github.com/gin-gonic/gin v1.10.0
	go.uber.org/zap v1.27.0
)

require golang.org/x/net v0.25.0 // indirect

replace go.uber.org/zap => ../zap

tool golang.org/x/tools/cmd/stringer
`,
			theirs: `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.10.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.7 // indirect
	golang.org/x/net v0.25.0 // indirect
)

exclude golang.org/x/net v0.24.0
`,
			// AddGodebug, like `go mod edit -godebug`, appends a new godebug line.
			want: `module example.com/svc

go 1.26.0

require (
	github.com/bytedance/sonic v1.11.7
	github.com/gin-gonic/gin v1.10.0
	go.uber.org/zap v1.27.0
)

require golang.org/x/net v0.25.0 // indirect

exclude golang.org/x/net v0.24.0

replace go.uber.org/zap => ../zap

tool golang.org/x/tools/cmd/stringer

godebug default=go1.21
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GoMod([]byte(baseMod), []byte(tt.ours), []byte(tt.theirs))
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
			assertCanonical(t, got)
		})
	}
}

// assertCanonical checks that data is in `go mod edit -fmt` form.
func assertCanonical(t *testing.T, data []byte) {
	t.Helper()
	f, err := modfile.Parse("go.mod", data, nil)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(modfile.Format(f.Syntax)), "not canonical")
}

func TestGoModUnchangedSide(t *testing.T) {
	theirs := []byte("module example.com/svc\n\ngo 1.27.0\n")
	ours := []byte("module example.com/svc\r\n\r\ngo   1.26.0\r\n") // not canonical, on purpose
	got, err := GoMod([]byte(baseMod), []byte(baseMod), theirs)
	require.NoError(t, err)
	assert.Equal(t, theirs, got, "ours unchanged: theirs as is")
	got, err = GoMod([]byte(baseMod), ours, []byte(baseMod))
	require.NoError(t, err)
	assert.Equal(t, ours, got, "theirs unchanged: ours as is")
}

func TestGoModConflicts(t *testing.T) {
	other := func(mod string) []byte { return []byte("module " + mod + "\n\ngo 1.26.0\n") }
	_, err := GoMod([]byte(baseMod), other("example.com/renamed"), other("example.com/svc"))
	var ce *ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "module", ce.Path)
	assert.Contains(t, ce.Error(), `"example.com/renamed"`)

	base := "module example.com/svc\n\ngo 1.26.0\n\nreplace example.com/x => example.com/y v1.0.0\n"
	_, err = GoMod([]byte(base),
		[]byte("module example.com/svc\n\ngo 1.26.0\n\nreplace example.com/x => example.com/y v1.1.0\n"),
		[]byte("module example.com/svc\n\ngo 1.26.0\n\nreplace example.com/x => ../x\n"))
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "replace example.com/x", ce.Path)
}

func TestGoModParseErrorNamesSide(t *testing.T) {
	_, err := GoMod([]byte(baseMod), []byte("module example.com/svc\nrequire (\n"), []byte("module example.com/svc\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "parse ours go.mod: ")
}

// TestMergeVersionsOrder: the go directive of the merge is the higher of
// ours and theirs in the go command's order, for every pair of the versions
// go.mod files carry: language versions, prereleases and releases.
func TestMergeVersionsOrder(t *testing.T) {
	ordered := []string{"1.20", "1.21", "1.21rc1", "1.21rc2", "1.21.0", "1.21.3", "1.21.10", "1.22", "1.22.0", "1.26", "1.26.0", "1.26.8", "2.0"}
	for i := range ordered {
		for j := range ordered {
			o, out := goModWith(t, "go "+ordered[i]), goModWith(t, "go "+ordered[j])
			require.NoError(t, mergeVersions(o, out))
			assert.Equal(t, ordered[max(i, j)], out.Go.Version, "ours %s, theirs %s", ordered[i], ordered[j])
		}
	}
}

// TestMergeVersionsToolchain: toolchain names compare by their version,
// numerically ("go1.26.10" is above "go1.26.8"); a custom suffix does not
// count, so theirs stays on a tie; a side without a toolchain takes the
// other's.
func TestMergeVersionsToolchain(t *testing.T) {
	tests := []struct{ ours, theirs, want string }{
		{"go1.26.8", "go1.26.3", "go1.26.8"},
		{"go1.26.8", "go1.26.10", "go1.26.10"},
		{"go1.26.10", "go1.26.8", "go1.26.10"},
		{"go1.27rc1", "go1.26.8", "go1.27rc1"},
		{"go1.27rc1", "go1.27.0", "go1.27.0"},
		{"go1.26.8-custom", "go1.26.8", "go1.26.8"},
		{"go1.26.9-custom", "go1.26.8", "go1.26.9-custom"},
		{"go1.26.8", "", "go1.26.8"},
		{"", "go1.26.8", "go1.26.8"},
	}
	for _, tt := range tests {
		o, out := goModWith(t, toolchainLine(tt.ours)), goModWith(t, toolchainLine(tt.theirs))
		require.NoError(t, mergeVersions(o, out))
		got := ""
		if out.Toolchain != nil {
			got = out.Toolchain.Name
		}
		assert.Equal(t, tt.want, got, "ours %q, theirs %q", tt.ours, tt.theirs)
	}
}

func toolchainLine(name string) string {
	if name == "" {
		return ""
	}
	return "toolchain " + name
}

// goModWith parses a go.mod of example.com/svc with the given directive.
func goModWith(t *testing.T, directive string) *modfile.File {
	t.Helper()
	f, err := modfile.Parse("go.mod", []byte("module example.com/svc\n\n"+directive+"\n"), nil)
	require.NoError(t, err)
	return f
}

func TestGoModTeamDropped(t *testing.T) {
	ours := `module example.com/svc

go 1.26.0

require github.com/gin-gonic/gin v1.10.0

require golang.org/x/net v0.25.0 // indirect
`
	theirs := `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.10.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.12.0 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`
	want := `module example.com/svc

go 1.26.0

require github.com/gin-gonic/gin v1.10.0

require (
	github.com/bytedance/sonic v1.12.0 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`
	got, err := GoMod([]byte(baseMod), []byte(ours), []byte(theirs))
	require.NoError(t, err)
	assert.Equal(t, want, string(got), "zap (unchanged by the template) goes, sonic (bumped) stays")
	assertCanonical(t, got)
}
