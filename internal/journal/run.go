package journal

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"

	"github.com/svcgen/svcgen/internal/refusal"
	"github.com/svcgen/svcgen/internal/svcfs"
)

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
	if r.recovering {
		return r.sfs.Rename(staged(o.path), o.path) // refuses a link or a directory there
	}
	// Its directory is made (or found) once per run, a link on its way
	// refused by MkdirAll; preflight checked it too.
	if d := path.Dir(o.path); !r.made[d] {
		if err := r.sfs.MkdirAll(d); err != nil {
			return err
		}
		r.made[d] = true
	}
	name := filepath.FromSlash(o.path)
	if o.pre != Absent {
		// preflight read a regular file here: refuse a link or a
		// directory put in its place since.
		if err := notLinkOrDir(r.sfs, o.path); err != nil {
			return err
		}
	}
	return r.sfs.Root().Rename(filepath.FromSlash(staged(o.path)), name)
}

// notLinkOrDir refuses a symbolic link or a directory at p, whose
// directories this run has checked.
func notLinkOrDir(sfs *svcfs.FS, p string) error {
	info, err := sfs.Root().Lstat(filepath.FromSlash(p))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		return &svcfs.LinkError{Path: p, Target: p}
	case info.IsDir():
		return fmt.Errorf("%s: is a directory", p)
	}
	return nil
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
