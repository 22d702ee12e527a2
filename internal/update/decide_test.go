package update

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
)

var testLabels = labels{ours: "service", base: "template r1", theirs: "template r2"}

// state is a file present in base, ours and theirs.
func state(class, base, ours, theirs string) fileState {
	return fileState{path: "f.txt", class: class, inBase: true, baseOK: true, base: []byte(base),
		inTheirs: true, theirs: []byte(theirs), oursExists: true, ours: []byte(ours)}
}

func TestDecide(t *testing.T) {
	const m, s = generator.ClassManaged, generator.ClassScaffold
	tests := []struct {
		name     string
		f        fileState
		status   Status
		write    string // "" = nothing written
		proposal bool
		conflict string
		deleteIt bool
	}{
		{"nobody changed it", state(m, "a\n", "a\n", "a\n"), StatusUnchanged, "", false, "", false},
		{"template only", state(m, "a\n", "a\n", "b\n"), StatusUpdated, "b\n", false, "", false},
		{"template only, CRLF file stays CRLF", state(m, "a\nb\n", "a\r\nb\r\n", "a\nc\n"), StatusUpdated, "a\r\nc\r\n", false, "", false},
		{"line endings only: no change", state(m, "a\n", "a\r\n", "a\n"), StatusUnchanged, "", false, "", false},
		{"service only", state(s, "a\n", "b\n", "a\n"), StatusKept, "", false, "", false},
		{"same change both sides", state(m, "a\n", "b\n", "b\n"), StatusUnchanged, "", false, "", false},
		{"both, apart", state(s, "a\nb\nc\nd\n", "A\nb\nc\nd\n", "a\nb\nc\nD\n"), StatusMerged, "A\nb\nc\nD\n", false, "", false},
		{"both, same hunk, managed", state(m, "a\n", "b\n", "c\n"), StatusConflict,
			"<<<<<<< service\nb\n||||||| template r1\na\n=======\nc\n>>>>>>> template r2\n", false, manifest.ConflictMarkers, false},
		{"both, same hunk, scaffold", state(s, "a\n", "b\n", "c\n"), StatusConflict, "", true, manifest.ConflictProposal, false},
		{"binary on both sides", state(m, "\x00a", "\x00b", "\x00c"), StatusConflict, "", true, manifest.ConflictProposal, false},
		{"no base", func() fileState { f := state(m, "", "b\n", "c\n"); f.baseOK = false; return f }(),
			StatusConflict, "", true, manifest.ConflictProposal, false},
		{"managed deleted by the team", func() fileState { f := state(m, "a\n", "", "b\n"); f.oursExists = false; return f }(),
			StatusRestored, "b\n", false, "", false},
		{"scaffold deleted by the team", func() fileState { f := state(s, "a\n", "", "b\n"); f.oursExists = false; return f }(),
			StatusKept, "", false, "", false},
		{"dropped, unchanged", func() fileState { f := state(s, "a\n", "a\n", ""); f.inTheirs = false; return f }(),
			StatusDeleted, "", false, "", true},
		{"dropped, changed", func() fileState { f := state(s, "a\n", "b\n", ""); f.inTheirs = false; return f }(),
			StatusConflict, "", false, manifest.ConflictOrphan, false},
		{"new, path in use", func() fileState { f := state(m, "", "mine\n", "theirs\n"); f.inBase = false; return f }(),
			StatusConflict, "", true, manifest.ConflictProposal, false},
		{"new", func() fileState { f := state(m, "", "", "t\n"); f.inBase, f.oursExists = false, false; return f }(),
			StatusAdded, "t\n", false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := decide(tt.f, testLabels)
			assert.Equal(t, tt.status, a.Status, a.Reason)
			assert.Equal(t, tt.write, string(a.Write))
			assert.Equal(t, tt.proposal, a.Proposal != nil)
			assert.Equal(t, tt.deleteIt, a.Delete)
			if tt.conflict == "" {
				assert.Nil(t, a.Conflict)
			} else if assert.NotNil(t, a.Conflict) {
				assert.Equal(t, tt.conflict, a.Conflict.Kind)
			}
		})
	}
}
