package update

import (
	"errors"
	"io/fs"

	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/refusal"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// checkProposals refuses to write a proposal FILE.svcgen-new over a file of
// that name which is not svcgen's: one svcgen wrote is recorded as a
// proposal conflict of FILE in the manifest; any other is the team's.
func (p *Plan) checkProposals() error {
	for _, a := range p.Actions {
		if a.Proposal == nil {
			continue
		}
		name := a.Path + manifest.ProposalSuffix
		_, _, exists, err := readOurs(p.Dir, name)
		var re *refusal.Error
		if errors.As(err, &re) || (err == nil && exists && !p.ownProposal(a.Path)) {
			return refusal.Errorf("%s: the template's version of %s goes to %s, but a file of that name is already there and svcgen did not write it: "+
				"nothing was written; move it away (it is yours), then run svcgen update again", p.Dir, a.Path, name)
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// ownProposal reports whether the last update left a proposal for path.
func (p *Plan) ownProposal(path string) bool {
	for _, c := range p.oldManifest.Conflicts {
		if c.Path == path && c.Kind == manifest.ConflictProposal {
			return true
		}
	}
	return false
}

// keepModes gives every file the update rewrites the mode it has in the
// service: a tracked +x stays, a 0600 is not widened. The templates decide
// modes by a rule of the path that every release shares (generator's
// modeOf), so the template's mode of a file never changes between base and
// theirs; a file new in the templates takes the template's mode.
func (p *Plan) keepModes() error {
	sfs, err := svcfs.Open(p.Dir)
	if err != nil {
		return err
	}
	defer func() { _ = sfs.Close() }()
	for i, a := range p.Actions {
		if a.Write == nil || a.old == nil {
			continue
		}
		info, err := sfs.Lstat(a.Path)
		if err != nil {
			return refusal.Confined(err)
		}
		p.Actions[i].Mode = info.Mode().Perm()
	}
	return nil
}
