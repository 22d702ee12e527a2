package update

import (
	"fmt"
	"slices"
	"strings"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/merge"
)

// coverGoSum makes the go.sum the update leaves cover every module version
// the go.mod it leaves requires. go.mod and go.sum are decided one file at
// a time, so a merged go.mod that keeps the template's version of a module
// the team had lowered would otherwise meet a go.sum the team's
// `go mod tidy` stripped of that version's lines, and `go build` would fail
// with "missing go.sum entry". The lines come from the three sides' go.sum;
// when one is still missing, go.sum becomes a conflict (exit 3), never a
// silent success.
//
// report is false for the pass before settleModules, which may still add
// the missing lines from the module cache.
func (p *Plan) coverGoSum(base map[string][]byte, theirs map[string]generator.File, report bool) {
	mod, sum := p.action("go.mod"), p.action("go.sum")
	if mod == nil || sum == nil {
		return
	}
	data, missing, err := merge.CoverGoSum(after(sum), after(mod), base["go.sum"], sum.old, theirs["go.sum"].Data)
	switch {
	case err != nil:
		missing = []string{err.Error()}
	case !merge.Equal(data, after(sum)):
		data = merge.ToEOL(data, merge.HasCRLF(sum.old))
		*sum = sum.write(StatusMerged, "merged line sets, with the lines the merged go.mod's versions need", data)
	}
	if len(missing) == 0 || !report {
		return
	}
	reason := fmt.Sprintf("go.sum has no checksum for %s, which the merged go.mod requires: "+
		"yours is kept, the merged go.sum is beside it; run `go mod tidy`, then delete go.sum%s",
		strings.Join(missing, ", "), manifest.ProposalSuffix)
	sum.Write = nil
	*sum = sum.proposal(reason, data)
}

// action is the planned action for path, or nil.
func (p *Plan) action(path string) *Action {
	i := slices.IndexFunc(p.Actions, func(a Action) bool { return a.Path == path })
	if i < 0 {
		return nil
	}
	return &p.Actions[i]
}
