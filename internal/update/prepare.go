package update

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"golang.org/x/mod/modfile"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/journal"
	"github.com/svcgen/svcgen/internal/refusal"
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
	if _, err := os.Stat(dir); err != nil {
		return nil, refusal.Errorf("%s: no such directory", dir)
	}
	if pending, err := journal.Pending(dir); err != nil || pending {
		if err == nil {
			err = refusal.Errorf("%s: an earlier update was interrupted: run svcgen update (without --dry-run or --check) to complete it", dir)
		}
		return nil, err
	}
	m, err := generator.ReadManifest(dir)
	if err != nil {
		return nil, refusal.Wrap(err)
	}
	if m.TemplateVersion == "" {
		return nil, refusal.Errorf("%s: template_version is empty: the manifest is damaged", generator.ManifestName)
	}
	p := &Plan{Dir: dir, Old: m.Answers, oldManifest: m}
	if err := p.checkConflicts(opts.Resolved); err != nil {
		return nil, err
	}
	if err := p.checkGit(opts); err != nil {
		return nil, err
	}
	if err := p.resolveVersions(); err != nil {
		return nil, err
	}
	if err := p.newAnswers(opts.Change); err != nil {
		return nil, err
	}
	if err := checkModule(dir, m.Answers.Module); err != nil {
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
	to, err := generator.CurrentRelease()
	if err != nil {
		return err
	}
	p.To = to
	from, err := generator.FindRelease(p.oldManifest.TemplateRelease, p.oldManifest.TemplateVersion)
	switch {
	case err == nil && from.Number > to.Number:
		return refusal.Errorf("%s: recorded %s is newer than this svcgen's %s: a downgrade is refused; install a newer svcgen", generator.ManifestName, from, to)
	case err == nil:
		p.From, p.FromKnown = from, true
	case errors.Is(err, generator.ErrNewerRelease):
		return refusal.Errorf("%s: %w", generator.ManifestName, err)
	default:
		p.From = generator.Release{Digest: p.oldManifest.TemplateVersion, Number: p.oldManifest.TemplateRelease}
		p.Notes = append(p.Notes, fmt.Sprintf("%s: %v: no file has a base, so every file you changed is a conflict", generator.ManifestName, err))
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

// checkModule refuses a service whose go.mod declares another module than
// the answers: every import of the templates would be wrong.
func checkModule(dir, module string) error {
	data, _, exists, err := readOurs(dir, "go.mod")
	if err != nil || !exists {
		return err
	}
	got := modfile.ModulePath(data)
	if got != module {
		return refusal.Errorf("go.mod declares module %q but %s records %q: make them agree before updating", got, generator.ManifestName, module)
	}
	return nil
}

// checkConflicts refuses while conflicts of the last update remain. A
// markers conflict is resolved when no marker is left in the file, a
// proposal when FILE.svcgen-new is gone, an orphan when the file is gone;
// --resolved PATH marks any of them resolved, if its markers are gone.
func (p *Plan) checkConflicts(resolved []string) error {
	var left []string
	for _, c := range p.oldManifest.Conflicts {
		if !c.Remains(p.Dir) {
			continue
		}
		if slices.Contains(resolved, c.Path) && c.Kind != generator.ConflictMarkers {
			continue // the team keeps their file as it is
		}
		left = append(left, c.Path+" ("+c.Kind+")")
	}
	for _, r := range resolved {
		if !slices.ContainsFunc(p.oldManifest.Conflicts, func(c generator.Conflict) bool { return c.Path == r }) {
			return refusal.Errorf("--resolved %s: not a recorded conflict", r)
		}
	}
	if len(left) > 0 {
		return refusal.Errorf("%d unresolved conflict(s) from the last update: %s: resolve them (docs/update.md), or mark them with --resolved PATH", len(left), refusal.ListSome(left))
	}
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
