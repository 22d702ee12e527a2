package journal

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"

	"github.com/svcgen/svcgen/internal/refusal"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// Change is one step of a write: put Data at Path, or delete Path.
type Change struct {
	Path   string // slash path inside the service
	Data   []byte
	Delete bool
	// Mode is the written file's mode. A file that exists keeps exactly
	// the mode it is given; a new one is filtered by the umask.
	Mode fs.FileMode
	// KeepMode gives a file that exists its own mode instead of Mode.
	KeepMode bool
	// Pre is the Digest of what Path held when the change was planned, or
	// Absent. "" reads it when Write starts (a file the caller did not
	// read: a proposal, the manifest, a file of new --force).
	Pre string
}

// Options are fault-injection points for tests; the zero value is what
// every command uses.
type Options struct {
	// BeforeStage runs before each file is staged; an error aborts the
	// write before the journal (the tree untouched). It may be called
	// from several goroutines at once.
	BeforeStage func(path string) error
	// BeforeStep runs before each rename or delete once the journal is
	// written; an error stops Write right there, as a crash would.
	BeforeStep func(i int, path string) error
}

// HalfAppliedError is a write that stopped after its journal was written:
// part of the tree is changed, and the journal holds the rest. Running
// svcgen update completes it (exit code 1).
type HalfAppliedError struct {
	Dir         string
	Path        string // the step that failed
	Done, Total int
	Err         error
}

func (e *HalfAppliedError) Error() string {
	return fmt.Sprintf("%s: %v: the write stopped half applied (%d of %d steps done, the manifest not yet written); "+
		"%s/%s holds the rest: fix the cause, then run svcgen update in %s to complete it",
		e.Path, e.Err, e.Done, e.Total, e.Dir, Dir, e.Dir)
}

func (e *HalfAppliedError) Unwrap() error { return e.Err }

// Write applies changes to the service in dir (see the package doc): the
// checks, then staging (a cancelled ctx or an error leaves the tree as it
// was), the journal, and the steps in order, to the end. No changes
// touch nothing.
func Write(ctx context.Context, dir string, changes []Change, opts Options) error {
	if len(changes) == 0 {
		return nil // nothing to do: not even the staging directory
	}
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return err
	}
	defer func() { _ = sfs.Close() }()
	ops := make([]op, len(changes))
	for i, c := range changes {
		ops[i] = op{write: !c.Delete, path: c.Path, mode: c.Mode, pre: c.Pre}
	}
	if err := preflight(sfs, ops, changes); err != nil {
		return err
	}
	if err := stage(ctx, sfs, ops, changes, opts); err != nil {
		_ = sfs.RemoveAll(Dir) // the tree itself is untouched
		return err
	}
	// preflight compared every file with its pre-image just before.
	return run(sfs, ops, opts, false)
}

// stage writes every new file under Dir, then the journal. When the write
// replaces or deletes a file, every staged file is synced before the
// journal is written, so the journal never names a file the disk does not
// hold yet.
func stage(ctx context.Context, sfs *svcfs.FS, ops []op, changes []Change, opts Options) error {
	if err := sfs.RemoveAll(Dir); err != nil {
		return err
	}
	// Staged files, and the journal, are synced when the write replaces
	// or deletes a file: a crash must not lose what was there. A write
	// that only adds files (new into an empty directory) can lose nothing
	// of the team's, and skips the waits.
	durable := slices.ContainsFunc(ops, func(o op) bool { return o.pre != Absent })
	if err := stageFiles(ctx, sfs, ops, changes, durable, opts); err != nil {
		return err
	}
	return writeJournal(sfs, ops, durable)
}

// stagers is how many files are staged at once: file creation waits on
// the file system's journal, so several in flight overlap the waits.
const stagers = 8

func stageFiles(ctx context.Context, sfs *svcfs.FS, ops []op, changes []Change, durable bool, opts Options) error {
	made := map[string]bool{}
	for _, o := range ops {
		if d := path.Dir(staged(o.path)); o.write && !made[d] {
			if err := sfs.MkdirAll(d); err != nil {
				return fmt.Errorf("stage %s: %w", o.path, err)
			}
			made[d] = true
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
				errs[i] = stageFile(sfs, ops[i], changes[i].Data, durable, opts)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func stageFile(sfs *svcfs.FS, o op, data []byte, durable bool, opts Options) error {
	if opts.BeforeStage != nil {
		if err := opts.BeforeStage(o.path); err != nil {
			return err
		}
	}
	// A file that exists keeps exactly the mode decided for it (the
	// team's); a new one is filtered by the umask.
	if err := writeFile(sfs, staged(o.path), data, o.mode, o.pre != Absent, durable); err != nil {
		return fmt.Errorf("stage %s: %w", o.path, err)
	}
	return nil
}

// writeFile writes a file in the staging directory: with exact, mode is
// set as it is (else filtered by the umask); with sync, on disk before it
// returns.
func writeFile(sfs *svcfs.FS, name string, data []byte, mode fs.FileMode, exact, sync bool) error {
	// name is in the staging directory Write just made: os.Root keeps
	// the open inside the service, and no link of the team's is there.
	f, err := sfs.Root().OpenFile(filepath.FromSlash(name), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode.Perm())
	if err != nil {
		return err
	}
	if exact {
		err = f.Chmod(mode.Perm())
	}
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// run performs the ops; each is idempotent, so Recover can run them again
// after a crash. With verify it first refuses (a *ChangedError, nothing
// done) when a file a remaining step would replace or delete no longer
// holds its pre-image. The journal dir goes last.
func run(sfs *svcfs.FS, ops []op, opts Options, verify bool) error {
	if verify {
		if err := checkPre(sfs, ops, true); err != nil {
			return err
		}
	}
	r := runner{sfs: sfs, recovering: verify, made: map[string]bool{".": true}}
	for i, o := range ops {
		if opts.BeforeStep != nil {
			if err := opts.BeforeStep(i, o.path); err != nil {
				return &HalfAppliedError{Dir: sfs.Dir(), Path: o.path, Done: i, Total: len(ops), Err: err}
			}
		}
		if err := r.step(o); err != nil {
			return &HalfAppliedError{Dir: sfs.Dir(), Path: o.path, Done: i, Total: len(ops), Err: err}
		}
	}
	return sfs.RemoveAll(Dir)
}

// runner takes the steps of one run.
type runner struct {
	sfs        *svcfs.FS
	recovering bool            // completing a journal a crash left
	made       map[string]bool // directories made (or found) by this run
}

// step takes the step o; when recovering, only if the crash left it to do.
func (r *runner) step(o op) error {
	if r.recovering {
		todo, err := pending(r.sfs, o)
		if err != nil || !todo {
			return err // done before the crash
		}
	}
	if !o.write {
		if err := r.sfs.Remove(o.path); err != nil {
			return err
		}
		r.sfs.RemoveEmptyParents(o.path)
		return nil
	}
	if r.recovering || o.pre != Absent {
		return r.sfs.Rename(staged(o.path), o.path) // refuses a link or a directory there
	}
	// A new file (preflight found nothing there): its directory is made
	// once per run, a link on its way refused by MkdirAll.
	if d := path.Dir(o.path); !r.made[d] {
		if err := r.sfs.MkdirAll(d); err != nil {
			return err
		}
		r.made[d] = true
	}
	return r.sfs.Root().Rename(filepath.FromSlash(staged(o.path)), filepath.FromSlash(o.path))
}

// pending reports whether o is still to be done: its staged file is there
// (a write), or the file is (a delete).
func pending(sfs *svcfs.FS, o op) (bool, error) {
	if o.write {
		return sfs.Exists(staged(o.path))
	}
	return sfs.Exists(o.path)
}

// Pending reports whether dir holds a write that was interrupted after
// its journal was written: svcgen update completes it (Recover), and
// every other command that changes the service refuses until then.
func Pending(dir string) (bool, error) {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return false, err
	}
	defer func() { _ = sfs.Close() }()
	return sfs.Exists(path.Join(Dir, journalFile))
}

// Recover completes a write that was interrupted after its journal was
// written, and removes the staging of one interrupted before (which had
// not touched the tree). It reports whether it completed one. A file that
// changed since the interruption is never overwritten: Recover then
// refuses (a *ChangedError inside a *refusal.Error) and changes nothing.
func Recover(dir string) (bool, error) {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return false, nil //nolint:nilerr // no directory: the command's checks say so
	}
	defer func() { _ = sfs.Close() }()
	journaled, err := sfs.Exists(path.Join(Dir, journalFile))
	if err != nil {
		return false, err
	}
	if !journaled {
		return false, sfs.RemoveAll(Dir)
	}
	ops, err := readJournal(sfs)
	if err != nil {
		return false, err
	}
	err = run(sfs, ops, Options{}, true)
	var ce *ChangedError
	if errors.As(err, &ce) {
		ce.Recovered = true
		return false, refusal.Wrap(err)
	}
	return err == nil, err
}
