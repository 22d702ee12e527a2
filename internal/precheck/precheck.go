// Package precheck is what `svcgen update` and `svcgen add resource` check
// before they plan a change of a service, in one place so both refuse the
// same states with the same words:
//
//   - DIR is a directory;
//   - no earlier write was interrupted after its journal (svcgen update
//     completes it first: journal.Recover);
//   - DIR/.svcgen.yaml is there and valid;
//   - no conflict the last update left remains (Unresolved);
//   - DIR/go.mod is there and declares the module the manifest records.
//
// Every refusal is a *refusal.Error: nothing was written (exit code 2).
// Service runs them in that order and returns the manifest.
package precheck

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"golang.org/x/mod/modfile"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/journal"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/merge"
	"github.com/svcgen/svcgen/internal/refusal"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// Options say which conflicts the caller lets pass.
type Options struct {
	// Resolved are recorded conflicts the team marked resolved (svcgen
	// update --resolved PATH): a proposal or orphan conflict among them no
	// longer counts; a markers conflict counts while its markers remain.
	// Each must name a recorded conflict.
	Resolved []string
}

// Service runs the checks on the service in dir and returns its manifest.
func Service(dir string, opts Options) (*manifest.Manifest, error) {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return nil, refusal.Errorf("%s: no such directory", dir)
	}
	defer func() { _ = sfs.Close() }()
	if pending, err := journal.Pending(dir); err != nil || pending {
		if err == nil {
			err = refusal.Errorf("%s: an earlier update or add was interrupted: run svcgen update (without --dry-run or --check) to complete it", dir)
		}
		return nil, err
	}
	m, err := manifest.Read(dir, generator.CheckRecorded)
	if errors.Is(err, manifest.ErrNotFound) {
		return nil, refusal.Errorf("%s: not a svcgen service (no %s found): run svcgen in a directory svcgen new created", dir, manifest.Name)
	}
	if err != nil {
		return nil, refusal.Wrap(err)
	}
	if err := checkConflicts(dir, m, opts.Resolved); err != nil {
		return nil, err
	}
	if err := checkModule(sfs, m.Answers.Module); err != nil {
		return nil, err
	}
	return m, nil
}

// checkConflicts refuses while conflicts of the last update remain, and a
// --resolved PATH that names no recorded conflict.
func checkConflicts(dir string, m *manifest.Manifest, resolved []string) error {
	for _, r := range resolved {
		if !slices.ContainsFunc(m.Conflicts, func(c manifest.Conflict) bool { return c.Path == r }) {
			return refusal.Errorf("--resolved %s: not a recorded conflict", r)
		}
	}
	var left []string
	for _, c := range Unresolved(dir, m.Conflicts) {
		if slices.Contains(resolved, c.Path) && c.Kind != manifest.ConflictMarkers {
			continue // the team keeps their file as it is
		}
		left = append(left, c.Path+" ("+c.Kind+")")
	}
	if len(left) > 0 {
		return refusal.Errorf("%d unresolved conflict(s) from the last update: %s: resolve them (docs/update.md), or mark them with --resolved PATH", len(left), refusal.ListSome(left))
	}
	return nil
}

// Unresolved are the conflicts that remain in the service at dir, in the
// order recorded: diff3 markers left in the file (markers), the
// template's version still beside it (proposal), or the file the
// templates dropped still there (orphan). It looks only inside dir and
// reads only regular files: a FIFO or a link at a path is never opened.
func Unresolved(dir string, conflicts []manifest.Conflict) []manifest.Conflict {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return nil
	}
	defer func() { _ = sfs.Close() }()
	var out []manifest.Conflict
	for _, c := range conflicts {
		if remains(sfs, c) {
			out = append(out, c)
		}
	}
	return out
}

func remains(sfs *svcfs.FS, c manifest.Conflict) bool {
	switch c.Kind {
	case manifest.ConflictMarkers:
		data, _, err := sfs.ReadFile(c.Path)
		return err == nil && merge.HasMarkers(data)
	case manifest.ConflictProposal:
		ok, _ := sfs.Exists(c.Path + manifest.ProposalSuffix)
		return ok
	default:
		ok, _ := sfs.Exists(c.Path)
		return ok
	}
}

// checkModule is the one rule for go.mod: it must be there, a regular
// file inside the service, and declare the module the manifest records.
// update and add both write Go code that imports that module; without
// go.mod nothing says this directory is it (the team may have moved the
// module root up), so a missing one is refused like another module.
func checkModule(sfs *svcfs.FS, module string) error {
	data, _, err := sfs.ReadFile("go.mod")
	if errors.Is(err, fs.ErrNotExist) {
		return refusal.Errorf("%s: no go.mod: the code svcgen writes imports %s/internal/...: restore go.mod (git checkout -- go.mod), or run svcgen where the module's go.mod is", sfs.Dir(), module)
	}
	if err != nil {
		return refusal.Confined(fmt.Errorf("read go.mod: %w", err))
	}
	if got := modfile.ModulePath(data); got != module {
		return refusal.Errorf("go.mod declares module %q but %s records %q: make them agree before updating", got, manifest.Name, module)
	}
	return nil
}
