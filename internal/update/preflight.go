package update

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"

	"github.com/svcgen/svcgen/internal/svcfs"
)

// preflight checks, before anything is staged, what would otherwise stop
// an apply half way: a symbolic link on the way to a file, a file that
// changed since it was planned, a directory or file that cannot be
// changed. It fills the pre-image of the steps that have none yet (the
// proposals, the manifest, and every file of ApplyWrites; an existing
// file of ApplyWrites also keeps its mode). Every failure is a
// *RefusedError: nothing was written.
func preflight(sfs *svcfs.FS, ops []op) error {
	for i := range ops {
		if err := sfs.CheckDirs(ops[i].path); err != nil {
			return refusal(err)
		}
		if err := fillPre(sfs, &ops[i]); err != nil {
			return err
		}
	}
	if err := checkPre(sfs, ops, false); err != nil {
		return &RefusedError{Err: err}
	}
	return checkWritable(sfs, ops)
}

// refusal makes a symlink or a non-regular file a refusal (exit 2).
func refusal(err error) error {
	var le *svcfs.LinkError
	if errors.As(err, &le) || errors.Is(err, svcfs.ErrNotRegular) {
		return &RefusedError{Err: err}
	}
	return err
}

func fillPre(sfs *svcfs.FS, o *op) error {
	if o.pre != "" {
		return nil // checkPre compares it
	}
	data, mode, err := sfs.ReadFile(o.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		o.pre = absent
	case err != nil:
		return refusal(err)
	default:
		o.pre, o.mode = digest(data), mode
	}
	return nil
}

// checkWritable makes sure every directory an op creates an entry in or
// removes one from accepts that, and that no file to replace or delete is
// immutable, by creating and removing a probe file in each directory: the
// only test that sees permissions, ACLs, read-only mounts and immutable
// flags alike, for any user.
func checkWritable(sfs *svcfs.FS, ops []op) error {
	dirs := []string{"."} // the staging directory goes there
	for _, o := range ops {
		d, err := existingDir(sfs, path.Dir(o.path))
		if err != nil {
			return err
		}
		if !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
		if err := checkFileChangeable(sfs, o.path); err != nil {
			return err
		}
	}
	for _, d := range dirs {
		if err := probe(sfs, d); err != nil {
			return refusef("%s: %s is not writable (%v): nothing was written; make it writable, then run svcgen again", sfs.Dir(), d, errors.Unwrap(err))
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
	info, err := sfs.Lstat(p)
	if err != nil || !info.Mode().IsRegular() {
		return nil //nolint:nilerr // missing or not a file: the other checks decide
	}
	f, err := sfs.Root().OpenFile(filepath.FromSlash(p), os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.EPERM) {
		return refusef("%s: %s cannot be replaced (%v): nothing was written; make it writable, then run svcgen again", sfs.Dir(), p, errors.Unwrap(err))
	}
	if err == nil {
		_ = f.Close()
	}
	return nil
}
