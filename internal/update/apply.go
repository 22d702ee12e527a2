package update

import (
	"context"

	"github.com/svcgen/svcgen/internal/journal"
	"github.com/svcgen/svcgen/internal/manifest"
)

// Apply writes the plan with the journaled writer (package journal):
// every file is staged in DIR/.svcgen-update first, so a cancelled ctx
// before the journal is written leaves the tree as it was. Before
// anything is staged it checks that every file still holds what the plan
// read, that no directory on the way is a symbolic link and that every
// directory to change is writable (a *refusal.Error otherwise, nothing
// written). Once the journal is written the renames run to the end, the
// manifest last; a crash in between is completed by journal.Recover.
func (p *Plan) Apply(ctx context.Context) error {
	return p.apply(ctx, journal.Options{})
}

func (p *Plan) apply(ctx context.Context, opts journal.Options) error {
	if p.UpToDate() {
		return nil
	}
	return journal.Write(ctx, p.Dir, p.Steps(), opts)
}

// Steps are the steps of the plan for journal.Write, the manifest last.
// The pre-image of a file the plan read is what it read; a proposal and
// the manifest keep the mode of a file already there.
func (p *Plan) Steps() []journal.Change {
	var out []journal.Change
	for _, a := range p.Actions {
		pre := journal.Absent
		if a.old != nil {
			pre = manifest.Digest(a.old)
		}
		switch {
		case a.Write != nil:
			out = append(out, journal.Change{Path: a.Path, Data: a.Write, Mode: a.Mode, Pre: pre})
		case a.Delete:
			out = append(out, journal.Change{Path: a.Path, Delete: true, Pre: pre})
		}
		if a.Proposal != nil {
			out = append(out, journal.Change{Path: a.Path + manifest.ProposalSuffix, Data: a.Proposal, Mode: a.Mode, KeepMode: true})
		}
	}
	if p.manifest != nil {
		out = append(out, journal.Change{Path: manifest.Name, Data: p.manifest, Mode: 0o644, KeepMode: true})
	}
	return out
}
