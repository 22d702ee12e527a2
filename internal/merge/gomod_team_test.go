package merge

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoModKeepsTeamComments: the team's comments survive a merge that
// starts from the template's layout (issue 20, item 6).
func TestGoModKeepsTeamComments(t *testing.T) {
	ours := `// TEAM-0 why this module exists
module example.com/svc

go 1.26.0

require (
	// TEAM-1 pinned: see incident 42
	github.com/gin-gonic/gin v1.10.0 // TEAM-2
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.25.0 // indirect
)

// TEAM-3 trailing note
`
	theirs := `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.11.0
	go.uber.org/zap v1.28.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.26.0 // indirect
)
`
	want := `// TEAM-0 why this module exists
module example.com/svc

go 1.26.0

require (
	// TEAM-1 pinned: see incident 42
	github.com/gin-gonic/gin v1.11.0 // TEAM-2
	go.uber.org/zap v1.28.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.26.0 // indirect
)

// TEAM-3 trailing note
`
	got, err := GoMod([]byte(baseMod), []byte(ours), []byte(theirs))
	require.NoError(t, err)
	assert.Equal(t, want, string(got))
	assertCanonical(t, got)
}

// TestGoModTeamDroppedIndirectStays: an indirect requirement the team's
// `go mod tidy` dropped (after a downgrade) stays when the template still
// needs it: the template's direct requirements need their indirect ones,
// and go.mod without them makes `go build` ask for `go mod tidy` (item 3).
func TestGoModTeamDroppedIndirectStays(t *testing.T) {
	ours := `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.9.0
	go.uber.org/zap v1.27.0
)

require golang.org/x/net v0.25.0 // indirect
`
	theirs := `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.11.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`
	want := `module example.com/svc

go 1.26.0

require (
	github.com/gin-gonic/gin v1.11.0
	go.uber.org/zap v1.27.0
)

require (
	github.com/bytedance/sonic v1.11.6 // indirect
	golang.org/x/net v0.25.0 // indirect
)
`
	got, err := GoMod([]byte(baseMod), []byte(ours), []byte(theirs))
	require.NoError(t, err)
	assert.Equal(t, want, string(got), "gin: the templates' floor v1.11.0 over the team's v1.9.0; sonic stays")
}
