package update

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/precheck"
	"github.com/svcgen/svcgen/internal/refusal"
	"github.com/svcgen/svcgen/internal/release"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// Options say what to update and how.
type Options struct {
	Dir string
	// Change edits the recorded answers (--features, --set); nil keeps them.
	Change func(*generator.Answers) error
	// Resolved are paths of recorded conflicts the team has resolved.
	Resolved []string
	// AllowDirty proceeds although tracked files have uncommitted changes.
	AllowDirty bool
	Git        Git // nil: ExecGit
}

// Prepare plans the update of opts.Dir in memory. It writes nothing.
func Prepare(opts Options) (*Plan, error) {
	dir := opts.Dir
	m, err := precheck.Service(dir, precheck.Options{Resolved: opts.Resolved})
	if err != nil {
		return nil, err
	}
	p := &Plan{Dir: dir, Old: generator.Answers(m.Answers), oldManifest: m}
	if err := p.checkGit(opts); err != nil {
		return nil, err
	}
	if err := p.resolveVersions(); err != nil {
		return nil, err
	}
	if err := p.newAnswers(opts.Change); err != nil {
		return nil, err
	}
	if err := p.plan(); err != nil {
		return nil, err
	}
	if err := p.checkProposals(); err != nil {
		return nil, err
	}
	if err := p.keepModes(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Plan) checkGit(opts Options) error {
	git := opts.Git
	if git == nil {
		git = ExecGit{}
	}
	files, ok, err := git.Modified(p.Dir)
	switch {
	case err != nil && !opts.AllowDirty:
		return refusal.Errorf("%s: %v: no dirty check is possible, so nothing was written: fix what git reports (for another owner: git config --global --add safe.directory DIR), or pass --allow-dirty", p.Dir, err)
	case err != nil:
		p.Notes = append(p.Notes, fmt.Sprintf("--allow-dirty: no dirty check was possible: %v", err))
	case !ok:
		p.Notes = append(p.Notes, "not a git work tree: no dirty check was possible")
	case len(files) > 0 && !opts.AllowDirty:
		return refusal.Errorf("%s: %d tracked file(s) have uncommitted changes (%s): commit or stash them, or pass --allow-dirty", p.Dir, len(files), refusal.ListSome(files))
	case len(files) > 0:
		p.Notes = append(p.Notes, fmt.Sprintf("--allow-dirty: %d tracked file(s) have uncommitted changes", len(files)))
	}
	return nil
}

// resolveVersions finds the recorded release and refuses a downgrade or a
// manifest newer than this svcgen. An unknown older version still updates:
// every file then has no base.
func (p *Plan) resolveVersions() error {
	to, err := release.Current()
	if err != nil {
		return err
	}
	p.To = to
	from, err := release.Find(p.oldManifest.TemplateRelease, p.oldManifest.TemplateVersion)
	switch {
	case err == nil && from.Number > to.Number:
		return refusal.Errorf("%s: recorded %s is newer than this svcgen's %s: a downgrade is refused; install a newer svcgen", manifest.Name, from, to)
	case err == nil:
		p.From, p.FromKnown = from, true
	case errors.Is(err, release.ErrNewer):
		return refusal.Errorf("%s: %w", manifest.Name, err)
	default:
		p.From = release.Release{Digest: p.oldManifest.TemplateVersion, Number: p.oldManifest.TemplateRelease}
		p.Notes = append(p.Notes, fmt.Sprintf("%s: %v: no file has a base, so every file you changed is a conflict", manifest.Name, err))
	}
	return nil
}

// newAnswers applies the answer changes and validates the result with the
// validation `svcgen new` uses.
func (p *Plan) newAnswers(change func(*generator.Answers) error) error {
	a := p.Old
	a.Features = slices.Clone(a.Features)
	if change != nil {
		if err := change(&a); err != nil {
			return err
		}
	}
	if err := a.Validate(); err != nil {
		return err
	}
	p.New = a
	return nil
}

// readOurs reads the service's file at p, or nil when it does not exist.
// Only a regular file is read, and only inside the service: a symbolic
// link to it or on its way, or a FIFO or device at p, is refused.
func readOurs(dir, p string) ([]byte, fs.FileMode, bool, error) {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return nil, 0, false, err
	}
	defer func() { _ = sfs.Close() }()
	data, mode, err := sfs.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, false, nil
	}
	if err != nil {
		return nil, 0, true, refusal.Confined(err)
	}
	return data, mode, true, nil
}
