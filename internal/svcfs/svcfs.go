// Package svcfs confines every disk operation of svcgen's writers and
// readers (update, add resource, check, new --force) to the service's
// directory. It opens the directory as an [os.Root], so no read, write,
// rename or delete can leave it, and it refuses a symbolic link on the way
// to a file: a directory of the service replaced by a link (even one that
// stays inside) is the team's arrangement, which svcgen neither writes
// through nor replaces. It reads only regular files, so a FIFO or a device
// where a file is expected cannot block a read.
package svcfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"
)

// ErrNotRegular is wrapped by the error for a path that exists but is not
// a regular file (a directory, a symlink, a FIFO, a device).
var ErrNotRegular = errors.New("not a regular file")

// LinkError reports a symbolic link where svcgen reads or writes a file:
// Path is the link, Target the path svcgen wanted, both slash paths
// relative to the service.
type LinkError struct{ Path, Target string }

func (e *LinkError) Error() string {
	if e.Path == e.Target {
		return fmt.Sprintf("%s is a symbolic link: svcgen reads and writes only regular files inside the service; replace the link by the file, or remove it", e.Path)
	}
	return fmt.Sprintf("%s is a symbolic link (on the way to %s): svcgen writes only through real directories inside the service; replace the link by the directory, or remove it", e.Path, e.Target)
}

// FS is a service directory opened as a root. Paths are slash paths
// relative to it ("internal/app/app.go").
type FS struct {
	root *os.Root
	dir  string
}

// Open opens the service directory dir.
func Open(dir string) (*FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open service directory: %w", err)
	}
	return &FS{root: r, dir: dir}, nil
}

// Close closes the directory.
func (s *FS) Close() error { return s.root.Close() }

// Dir is the directory FS was opened on, as given.
func (s *FS) Dir() string { return s.dir }

// local converts a slash path to the root's form, refusing one that is not
// a local path (absolute, "..", empty).
func local(p string) (string, error) {
	name := filepath.FromSlash(p)
	if p == "" || !filepath.IsLocal(name) {
		return "", fmt.Errorf("%q: not a path inside the service", p)
	}
	return name, nil
}

// CheckDirs refuses p when a directory on its way is a symbolic link (a
// *LinkError) or not a directory. Components that do not exist yet are
// fine: they will be created as directories.
func (s *FS) CheckDirs(p string) error {
	if _, err := local(p); err != nil {
		return err
	}
	var dirs []string
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		dirs = append(dirs, d)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		info, err := s.root.Lstat(filepath.FromSlash(dirs[i]))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return err
		case info.Mode()&fs.ModeSymlink != 0:
			return &LinkError{Path: dirs[i], Target: p}
		case !info.IsDir():
			return fmt.Errorf("%s: not a directory (on the way to %s)", dirs[i], p)
		}
	}
	return nil
}

// Lstat describes p without following a final link, after CheckDirs.
func (s *FS) Lstat(p string) (fs.FileInfo, error) {
	name, err := local(p)
	if err != nil {
		return nil, err
	}
	if err := s.CheckDirs(p); err != nil {
		return nil, err
	}
	return s.root.Lstat(name)
}

// Exists reports whether anything (of any type) is at p.
func (s *FS) Exists(p string) (bool, error) {
	_, err := s.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// ReadFile reads the regular file p and returns its content (never nil)
// and permission bits. A missing file wraps fs.ErrNotExist; a symlink is a
// *LinkError; anything else that is not a regular file wraps ErrNotRegular
// and is never opened.
func (s *FS) ReadFile(p string) ([]byte, fs.FileMode, error) {
	info, err := s.Lstat(p)
	if err != nil {
		return nil, 0, err
	}
	if err := regular(p, info); err != nil {
		return nil, 0, err
	}
	return s.ReadFound(p)
}

// ReadChecked is ReadFile for a path whose directories CheckDirs has just
// accepted (a writer's preflight checks each directory once, not once per
// file): it does not check them again, and still reads only a regular
// file, inside the service.
func (s *FS) ReadChecked(p string) ([]byte, fs.FileMode, error) {
	name, err := local(p)
	if err != nil {
		return nil, 0, err
	}
	info, err := s.root.Lstat(name)
	if err != nil {
		return nil, 0, err
	}
	if err := regular(p, info); err != nil {
		return nil, 0, err
	}
	return s.ReadFound(p)
}

// ReadFound is ReadFile for a path a walk of the directory just found as a
// regular file (no link on its way): it skips the checks on the way, and
// still reads only a regular file, inside the service.
func (s *FS) ReadFound(p string) ([]byte, fs.FileMode, error) {
	name, err := local(p)
	if err != nil {
		return nil, 0, err
	}
	// O_NONBLOCK: should p turn into a FIFO after it was seen, the open
	// still returns at once, and the Stat below refuses it.
	f, err := s.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = f.Close() }() // read only: nothing to flush
	info, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if err := regular(p, info); err != nil {
		return nil, 0, err
	}
	data, err := io.ReadAll(f)
	if data == nil {
		data = []byte{}
	}
	return data, info.Mode().Perm(), err
}

func regular(p string, info fs.FileInfo) error {
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		return &LinkError{Path: p, Target: p}
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s: %w (%s)", p, ErrNotRegular, info.Mode().Type())
	}
	return nil
}

// MkdirAll creates the directory p and its missing parents, after CheckDirs.
func (s *FS) MkdirAll(p string) error {
	name, err := local(p)
	if err != nil {
		return err
	}
	if err := s.CheckDirs(p + "/x"); err != nil {
		return err
	}
	return s.root.MkdirAll(name, 0o755)
}

// Rename moves src to dst, both inside the service, creating dst's parent
// directories. dst must not be a symbolic link or a directory.
func (s *FS) Rename(src, dst string) error {
	from, err := local(src)
	if err != nil {
		return err
	}
	to, err := local(dst)
	if err != nil {
		return err
	}
	if d := path.Dir(dst); d != "." {
		if err := s.MkdirAll(d); err != nil {
			return err
		}
	}
	if err := s.notLinkOrDir(dst); err != nil {
		return err
	}
	return s.root.Rename(from, to)
}

// Remove deletes the file p (a missing one is no error). A symbolic link
// or a directory at p is refused, never removed.
func (s *FS) Remove(p string) error {
	name, err := local(p)
	if err != nil {
		return err
	}
	if err := s.notLinkOrDir(p); err != nil {
		return err
	}
	err = s.root.Remove(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// NotLink refuses p when it, or a directory on its way, is a symbolic
// link (a *LinkError). It returns what is at p, or nil when nothing is.
func (s *FS) NotLink(p string) (fs.FileInfo, error) {
	info, err := s.Lstat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	case info.Mode()&fs.ModeSymlink != 0:
		return nil, &LinkError{Path: p, Target: p}
	}
	return info, nil
}

func (s *FS) notLinkOrDir(p string) error {
	info, err := s.NotLink(p)
	if err != nil {
		return err
	}
	if info != nil && info.IsDir() {
		return fmt.Errorf("%s: is a directory", p)
	}
	return nil
}

// RemoveEmptyParents removes the directories above p that are left empty,
// up to (not including) the service root. It stops at the first one that
// is not empty, not a real directory, or cannot be removed.
func (s *FS) RemoveEmptyParents(p string) {
	for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
		info, err := s.root.Lstat(filepath.FromSlash(d))
		if err != nil || !info.IsDir() {
			return
		}
		if s.root.Remove(filepath.FromSlash(d)) != nil {
			return // not empty
		}
	}
}

// RemoveAll removes p and everything under it (used for svcgen's own
// staging directory).
func (s *FS) RemoveAll(p string) error {
	name, err := local(p)
	if err != nil {
		return err
	}
	return s.root.RemoveAll(name)
}

// Create creates (or truncates) the file p with perm, after CheckDirs. The
// umask applies, as to any file a user creates.
func (s *FS) Create(p string, perm fs.FileMode) (*os.File, error) {
	name, err := local(p)
	if err != nil {
		return nil, err
	}
	if err := s.CheckDirs(p); err != nil {
		return nil, err
	}
	return s.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|syscall.O_NONBLOCK, perm)
}

// Root is the underlying root, for operations FS does not wrap.
func (s *FS) Root() *os.Root { return s.root }
