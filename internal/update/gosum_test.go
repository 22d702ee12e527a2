package update

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
)

const (
	sumA1 = "example.com/a v1.1.0 h1:a1=\nexample.com/a v1.1.0/go.mod h1:a1mod=\n"
	sumA2 = "example.com/a v1.2.0 h1:a2=\nexample.com/a v1.2.0/go.mod h1:a2mod=\n"
	sumB  = "example.com/b v1.0.0 h1:b=\nexample.com/b v1.0.0/go.mod h1:bmod=\n"
	modA2 = "module example.com/svc\n\ngo 1.26.0\n\nrequire (\n\texample.com/a v1.2.0\n\texample.com/b v1.0.0\n)\n"
)

// TestCoverGoSumAddsTheirsLines: the team lowered example.com/a to v1.1.0
// and tidied go.sum; the template left go.sum as it was (so go.sum alone
// would be "kept"), but the merged go.mod takes the template's floor
// v1.2.0, so its lines must come back (issue 20, item 3).
func TestCoverGoSumAddsTheirsLines(t *testing.T) {
	p := &Plan{Actions: []Action{
		{Path: "go.mod", Status: StatusMerged, Write: []byte(modA2)},
		{Path: "go.sum", Status: StatusKept, old: []byte(sumA1 + sumB)},
	}}
	p.coverGoSum(map[string][]byte{"go.sum": []byte(sumA2 + sumB)},
		map[string]generator.File{"go.sum": {Data: []byte(sumA2 + sumB)}}, true)
	sum := p.Actions[1]
	assert.Equal(t, StatusMerged, sum.Status, sum.Reason)
	assert.Equal(t, sumA1+sumA2+sumB, string(sum.Write))
	assert.Nil(t, sum.Conflict)
}

// TestCoverGoSumMissingIsConflict: no side has a line for a version the
// merged go.mod requires: not a success (exit 3), and the reason names it.
func TestCoverGoSumMissingIsConflict(t *testing.T) {
	p := &Plan{Actions: []Action{
		{Path: "go.mod", Status: StatusMerged, Write: []byte(modA2)},
		{Path: "go.sum", Status: StatusKept, old: []byte(sumA1 + sumB)},
	}}
	p.coverGoSum(map[string][]byte{"go.sum": []byte(sumA1 + sumB)},
		map[string]generator.File{"go.sum": {Data: []byte(sumA1 + sumB)}}, true)
	sum := p.Actions[1]
	assert.Equal(t, StatusConflict, sum.Status)
	require.NotNil(t, sum.Conflict)
	assert.Contains(t, sum.Reason, "example.com/a@v1.2.0")
	assert.Nil(t, sum.Write, "the team's go.sum is kept")
}

// TestDecideGoModCRLF: a CRLF go.mod merged by module stays CRLF (item 6).
func TestDecideGoModCRLF(t *testing.T) {
	base := "module example.com/svc\n\ngo 1.26.0\n\nrequire example.com/a v1.1.0\n"
	ours := "// team\r\nmodule example.com/svc\r\n\r\ngo 1.26.0\r\n\r\nrequire example.com/a v1.1.0\r\n"
	theirs := "module example.com/svc\n\ngo 1.26.0\n\nrequire example.com/a v1.2.0\n"
	f := state(generator.ClassManaged, base, ours, theirs)
	f.path = "go.mod"
	a, _ := decide(f, testLabels)
	assert.Equal(t, StatusMerged, a.Status, a.Reason)
	assert.Equal(t, "// team\r\nmodule example.com/svc\r\n\r\ngo 1.26.0\r\n\r\nrequire example.com/a v1.2.0\r\n", string(a.Write))
}
