package journal

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseOpBothJournalFormats(t *testing.T) {
	o, err := parseOp("write 644 docs/a b.md", false)
	require.NoError(t, err)
	assert.Equal(t, op{write: true, mode: 0o644, path: "docs/a b.md"}, o)
	o, err = parseOp("write 600 - docs/a b.md", true)
	require.NoError(t, err)
	assert.Equal(t, op{write: true, mode: 0o600, pre: Absent, path: "docs/a b.md"}, o)
	o, err = parseOp("delete abc x.go", true)
	require.NoError(t, err)
	assert.Equal(t, op{pre: "abc", path: "x.go"}, o)
	_, err = parseOp("delete - ../x", true)
	require.Error(t, err)
}
