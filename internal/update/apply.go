package update

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sync"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// ApplyOptions are for tests.
type ApplyOptions struct {
	// BeforeOp runs before each rename or delete once the journal is
	// written; an error stops Apply right there, as a crash would.
	BeforeOp func(i int, path string) error
}

// HalfAppliedError is an apply that stopped after its journal was
// written: part of the tree is updated, and the journal holds the rest.
// Running svcgen update again completes it (exit code 1).
type HalfAppliedError struct {
	Dir         string
	Path        string // the step that failed
	Done, Total int
	Err         error
}

func (e *HalfAppliedError) Error() string {
	return fmt.Sprintf("%s: %v: the update stopped half applied (%d of %d steps done, the manifest not yet written); "+
		"%s/%s holds the rest: fix the cause, then run svcgen update in %s to complete it",
		e.Path, e.Err, e.Done, e.Total, e.Dir, journalDir, e.Dir)
}

func (e *HalfAppliedError) Unwrap() error { return e.Err }

// Apply writes the plan. Every file is staged in DIR/.svcgen-update first;
// a cancelled ctx before the journal is written leaves the tree as it was.
// Before anything is staged it checks that every file still holds what
// the plan read, that no directory on the way is a symbolic link and that
// every directory to change is writable (a *RefusedError otherwise,
// nothing written). Once the journal is written the renames run to the
// end (ctx is no longer consulted), the manifest last; a crash in between
// is completed by Recover.
func (p *Plan) Apply(ctx context.Context, opts ApplyOptions) error {
	if p.UpToDate() {
		return nil
	}
	ops, data := p.ops()
	return apply(ctx, p.Dir, ops, data, opts)
}

// ops are the steps of the plan, with the data of each write. The pre-image
// of a file the plan read is what it read; of a proposal and the manifest,
// what is on disk when the apply starts.
func (p *Plan) ops() ([]op, [][]byte) {
	var ops []op
	var data [][]byte
	for _, a := range p.Actions {
		pre := absent
		if a.old != nil {
			pre = digest(a.old)
		}
		switch {
		case a.Write != nil:
			ops = append(ops, op{write: true, path: a.Path, mode: a.Mode, pre: pre})
			data = append(data, a.Write)
		case a.Delete:
			ops = append(ops, op{path: a.Path, pre: pre})
			data = append(data, nil)
		}
		if a.Proposal != nil {
			ops = append(ops, op{write: true, path: a.Path + generator.ProposalSuffix, mode: a.Mode})
			data = append(data, a.Proposal)
		}
	}
	if p.manifest != nil {
		ops = append(ops, op{write: true, path: generator.ManifestName, mode: 0o644})
		data = append(data, p.manifest)
	}
	return ops, data
}

// ApplyWrites writes files (slash path → content; new files 0644, an
// existing file keeps its mode) and then the manifest into dir with the
// same checks, staging, journal and renames as Apply, the manifest last.
// `svcgen add resource` uses it, so a service is never left half-added:
// Ctrl-C before the journal leaves the old tree, and Recover (run by the
// next `svcgen update`) completes a journal.
func ApplyWrites(ctx context.Context, dir string, files map[string][]byte, manifest []byte, opts ApplyOptions) error {
	paths := slices.Sorted(maps.Keys(files))
	ops := make([]op, 0, len(paths)+1)
	data := make([][]byte, 0, len(paths)+1)
	for _, p := range paths {
		ops = append(ops, op{write: true, path: p, mode: 0o644})
		data = append(data, files[p])
	}
	if manifest != nil {
		ops = append(ops, op{write: true, path: generator.ManifestName, mode: 0o644})
		data = append(data, manifest)
	}
	return apply(ctx, dir, ops, data, opts)
}

func apply(ctx context.Context, dir string, ops []op, data [][]byte, opts ApplyOptions) error {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return err
	}
	defer func() { _ = sfs.Close() }()
	if err := preflight(sfs, ops); err != nil {
		return err
	}
	if err := stage(ctx, sfs, ops, data); err != nil {
		_ = sfs.RemoveAll(journalDir) // the tree itself is untouched
		return err
	}
	// preflight compared every file with its pre-image just before.
	return runJournal(sfs, ops, opts, false)
}

// stage writes every new file under the journal dir, then the journal.
// Every staged file is synced before the journal is written, so the
// journal never names a file the disk does not hold yet; they are written
// several at a time, which overlaps the waits.
func stage(ctx context.Context, sfs *svcfs.FS, ops []op, data [][]byte) error {
	if err := sfs.RemoveAll(journalDir); err != nil {
		return err
	}
	if err := stageFiles(ctx, sfs, ops, data); err != nil {
		return err
	}
	return writeJournal(sfs, ops)
}

// stagers is how many staged files are written at once: file creation
// waits on the file system's journal, so several in flight overlap it.
const stagers = 8

func stageFiles(ctx context.Context, sfs *svcfs.FS, ops []op, data [][]byte) error {
	for _, o := range ops {
		if o.write {
			if err := sfs.MkdirAll(path.Dir(staged(o.path))); err != nil {
				return fmt.Errorf("stage %s: %w", o.path, err)
			}
		}
	}
	next := make(chan int, len(ops))
	for i := range ops {
		next <- i
	}
	close(next)
	errs := make([]error, len(ops))
	var wg sync.WaitGroup
	for range min(stagers, len(ops)) {
		wg.Go(func() {
			for i := range next {
				if errs[i] = ctx.Err(); errs[i] != nil || !ops[i].write {
					continue
				}
				// A file that exists keeps exactly the mode decided for it
				// (the team's); a new one is filtered by the umask.
				exact := ops[i].pre != absent
				if err := writeSynced(sfs, staged(ops[i].path), data[i], ops[i].mode, exact); err != nil {
					errs[i] = fmt.Errorf("stage %s: %w", ops[i].path, err)
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func writeSynced(sfs *svcfs.FS, name string, data []byte, mode fs.FileMode, exact bool) error {
	f, err := sfs.Create(name, mode.Perm())
	if err != nil {
		return err
	}
	if exact {
		err = f.Chmod(mode.Perm())
	}
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// runJournal performs the ops; each is idempotent, so Recover can run
// them again after a crash. With verify it first refuses (a
// *ChangedError, nothing done) when a file a remaining step would replace
// or delete no longer holds what the update planned from. The journal dir
// goes last.
func runJournal(sfs *svcfs.FS, ops []op, opts ApplyOptions, verify bool) error {
	if verify {
		if err := checkPre(sfs, ops, true); err != nil {
			return err
		}
	}
	for i, o := range ops {
		if opts.BeforeOp != nil {
			if err := opts.BeforeOp(i, o.path); err != nil {
				return &HalfAppliedError{Dir: sfs.Dir(), Path: o.path, Done: i, Total: len(ops), Err: err}
			}
		}
		if err := runOp(sfs, o); err != nil {
			return &HalfAppliedError{Dir: sfs.Dir(), Path: o.path, Done: i, Total: len(ops), Err: err}
		}
	}
	return sfs.RemoveAll(journalDir)
}

// pending reports whether o is still to be done: its staged file is there
// (a write), or the file is (a delete).
func pending(sfs *svcfs.FS, o op) (bool, error) {
	if o.write {
		return sfs.Exists(staged(o.path))
	}
	return sfs.Exists(o.path)
}

func runOp(sfs *svcfs.FS, o op) error {
	todo, err := pending(sfs, o)
	if err != nil || !todo {
		return err // done before a crash
	}
	if !o.write {
		if err := sfs.Remove(o.path); err != nil {
			return err
		}
		sfs.RemoveEmptyParents(o.path)
		return nil
	}
	return sfs.Rename(staged(o.path), o.path)
}

// ChangedError is an update that will not replace or delete files which
// changed since it was planned (or since it was interrupted). Nothing was
// written by the run that reports it (exit code 2).
type ChangedError struct {
	Dir       string
	Paths     []string
	Recovered bool // completing an interrupted update
}

func (e *ChangedError) Error() string {
	if !e.Recovered {
		return fmt.Sprintf("%s: %d file(s) changed while the update was being planned (%s): nothing was written; run svcgen update again",
			e.Dir, len(e.Paths), listSome(e.Paths))
	}
	return fmt.Sprintf("%s: an interrupted update must be completed, but %d file(s) it still has to replace or delete changed since it was interrupted (%s): "+
		"completing it would overwrite that change, so nothing was written; save your change elsewhere, "+
		"restore each file (git checkout -- FILE), run svcgen update to complete the update, then make the change again",
		e.Dir, len(e.Paths), listSome(e.Paths))
}

// checkPre refuses when a step's file no longer holds its pre-image;
// with onlyPending, only the steps not done yet count.
func checkPre(sfs *svcfs.FS, ops []op, onlyPending bool) error {
	var changed []string
	for _, o := range ops {
		if o.pre == "" {
			continue // an old journal: nothing to compare with
		}
		if onlyPending {
			todo, err := pending(sfs, o)
			if err != nil {
				return err
			}
			if !todo {
				continue
			}
		}
		now, err := preImage(sfs, o.path)
		if err != nil {
			return err
		}
		if now != o.pre {
			changed = append(changed, o.path)
		}
	}
	if len(changed) > 0 {
		return &ChangedError{Dir: sfs.Dir(), Paths: changed}
	}
	return nil
}

// preImage is the digest of the regular file at p, or absent.
func preImage(sfs *svcfs.FS, p string) (string, error) {
	data, _, err := sfs.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return absent, nil
	}
	if err != nil {
		return "", err
	}
	return digest(data), nil
}

// journalPending reports whether dir holds an update that was interrupted
// after its journal was written.
func journalPending(dir string) (bool, error) {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return false, err
	}
	defer func() { _ = sfs.Close() }()
	return sfs.Exists(path.Join(journalDir, journalFile))
}

// Recover completes an update that was interrupted after its journal was
// written, and removes the staging of one interrupted before (which had
// not touched the tree). It reports whether it completed one. A file that
// changed since the interruption is never overwritten: Recover then
// refuses with a *ChangedError and changes nothing.
func Recover(dir string) (bool, error) {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return false, nil //nolint:nilerr // no directory: Prepare says so
	}
	defer func() { _ = sfs.Close() }()
	pendingJournal, err := sfs.Exists(path.Join(journalDir, journalFile))
	if err != nil {
		return false, err
	}
	if !pendingJournal {
		return false, sfs.RemoveAll(journalDir)
	}
	ops, err := readJournal(sfs)
	if err != nil {
		return false, err
	}
	err = runJournal(sfs, ops, ApplyOptions{}, true)
	var ce *ChangedError
	if errors.As(err, &ce) {
		ce.Recovered = true
		return false, err
	}
	return err == nil, err
}

// Interrupted reports whether dir holds an update (or add) that was
// interrupted after its journal was written: run svcgen update to
// complete it.
func Interrupted(dir string) (bool, error) { return journalPending(dir) }
