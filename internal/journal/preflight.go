package journal

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"

	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/refusal"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// preflight checks, before anything is staged, what would otherwise stop
// a write half way: a symbolic link on the way to a file, a file that
// changed since it was planned, a directory or file that cannot be
// changed. It fills the pre-image of the steps that have none yet, and
// the mode of those that keep an existing file's. Every failure is a
// *refusal.Error: nothing was written.
func preflight(sfs *svcfs.FS, ops []op, changes []Change) error {
	checked := map[string]bool{} // directories whose way is checked
	var changed []string
	for i := range ops {
		if d := path.Dir(ops[i].path); !checked[d] {
			if err := sfs.CheckDirs(ops[i].path); err != nil {
				return refusal.Confined(err)
			}
			checked[d] = true
		}
		same, err := fillPre(sfs, &ops[i], changes[i].KeepMode)
		if err != nil {
			return err
		}
		if !same {
			changed = append(changed, ops[i].path)
		}
	}
	if len(changed) > 0 {
		return refusal.Wrap(&ChangedError{Dir: sfs.Dir(), Paths: changed})
	}
	return checkWritable(sfs, ops)
}

// fillPre reads the file of o once: it fills o's pre-image (and mode, with
// keepMode) when the caller gave none, and otherwise reports whether the
// file still holds the one given.
func fillPre(sfs *svcfs.FS, o *op, keepMode bool) (same bool, err error) {
	// preflight checked the file's directories just before.
	data, mode, err := sfs.ReadChecked(o.path)
	now := Absent
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil && o.pre != "":
		return false, err // as the check of a given pre-image says it
	case err != nil:
		return false, refusal.Confined(err)
	default:
		now = manifest.Digest(data)
	}
	if o.pre != "" {
		return now == o.pre, nil
	}
	o.pre = now
	if keepMode && now != Absent {
		o.mode = mode
	}
	return true, nil
}

// checkWritable makes sure every directory an op creates an entry in or
// removes one from accepts that, and that no file to replace or delete is
// immutable, by creating and removing a probe file in each directory: the
// only test that sees permissions, ACLs, read-only mounts and immutable
// flags alike, for any user.
func checkWritable(sfs *svcfs.FS, ops []op) error {
	dirs := []string{"."} // the staging directory goes there
	seen := map[string]bool{}
	for _, o := range ops {
		if pd := path.Dir(o.path); !seen[pd] {
			seen[pd] = true
			d, err := existingDir(sfs, pd)
			if err != nil {
				return err
			}
			if !slices.Contains(dirs, d) {
				dirs = append(dirs, d)
			}
		}
		if o.pre == Absent {
			continue // checkPre saw no file there
		}
		if err := checkFileChangeable(sfs, o.path); err != nil {
			return err
		}
	}
	for _, d := range dirs {
		if err := probe(sfs, d); err != nil {
			return refusal.Errorf("%s: %s is not writable (%v): nothing was written; make it writable, then run svcgen again", sfs.Dir(), d, errors.Unwrap(err))
		}
	}
	return nil
}

// existingDir is d or its nearest ancestor that exists.
func existingDir(sfs *svcfs.FS, d string) (string, error) {
	for ; d != "."; d = path.Dir(d) {
		ok, err := sfs.Exists(d)
		if err != nil || ok {
			return d, err
		}
	}
	return ".", nil
}

func probe(sfs *svcfs.FS, d string) error {
	name := path.Join(d, ".svcgen-probe-"+strconv.Itoa(os.Getpid()))
	f, err := sfs.Root().OpenFile(filepath.FromSlash(name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_ = f.Close()
	return sfs.Root().Remove(filepath.FromSlash(name))
}

// checkFileChangeable refuses an existing file that is immutable or
// append-only: opening it for writing says EPERM (a read-only mode says
// EACCES, which a rename over it does not mind).
func checkFileChangeable(sfs *svcfs.FS, p string) error {
	info, err := sfs.Root().Lstat(filepath.FromSlash(p)) // preflight checked its directories
	if err != nil || !info.Mode().IsRegular() {
		return nil //nolint:nilerr // missing or not a file: the other checks decide
	}
	f, err := sfs.Root().OpenFile(filepath.FromSlash(p), os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.EPERM) {
		return refusal.Errorf("%s: %s cannot be replaced (%v): nothing was written; make it writable, then run svcgen again", sfs.Dir(), p, errors.Unwrap(err))
	}
	if err == nil {
		_ = f.Close()
	}
	return nil
}
