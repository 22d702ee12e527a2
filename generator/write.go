package generator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/svcgen/svcgen/internal/svcfs"
)

// ErrNotEmpty reports a target directory that already has files.
var ErrNotEmpty = errors.New("target directory is not empty")

// WriteOptions control Write.
type WriteOptions struct {
	// Force writes into a non-empty directory, replacing generated paths
	// and leaving other files alone.
	Force bool
	// BeforeFile, when set, runs before each file is written into the
	// staging directory; an error aborts the write. Tests use it. It may be
	// called from several goroutines at once.
	BeforeFile func(path string) error
}

// Write puts the tree at dir. It stages everything in a sibling temporary
// directory and renames it into place, so a failure or a cancelled ctx
// leaves nothing behind. Only this stage touches disk.
func Write(ctx context.Context, dir string, t *Tree, opts WriteOptions) (err error) {
	dir, err = filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("resolve target: %w", err)
	}
	existing, err := checkTarget(dir, opts.Force)
	if err != nil {
		return err
	}
	created, err := mkParents(filepath.Dir(dir))
	if err != nil {
		return err
	}
	stage, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".svcgen-")
	if err != nil {
		return fmt.Errorf("create staging dir: %w", err)
	}
	defer func() {
		cleanup := stage
		if err != nil && created != "" {
			cleanup = created // leave no parents we made behind either
		}
		if rmErr := os.RemoveAll(cleanup); rmErr != nil && err == nil {
			err = fmt.Errorf("remove staging dir: %w", rmErr)
		}
	}()
	if err := stageFiles(ctx, stage, t, opts); err != nil {
		return err
	}
	if existing {
		return mergeInto(stage, dir, t)
	}
	// MkdirTemp makes 0700; a source tree is readable like any checkout.
	if err := os.Chmod(stage, 0o755); err != nil { //nolint:gosec // G302: a directory, see above
		return fmt.Errorf("chmod %s: %w", dir, err)
	}
	if err := os.Rename(stage, dir); err != nil {
		return fmt.Errorf("move into %s: %w", dir, err)
	}
	return nil
}

// checkTarget reports whether dir exists, and refuses one with content
// unless forced.
func checkTarget(dir string, force bool) (existing bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("read target: %w", err)
	case len(entries) > 0 && !force:
		return false, fmt.Errorf("%s: %w", dir, ErrNotEmpty)
	}
	return true, nil
}

// mkParents creates dir and its missing parents and returns the topmost
// directory it created ("" if dir existed), so a failed write can undo it.
func mkParents(dir string) (string, error) {
	top := ""
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		top = d
	}
	if top == "" {
		return "", nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	return top, nil
}

func stageFiles(ctx context.Context, stage string, t *Tree, opts WriteOptions) error {
	made := map[string]bool{stage: true}
	for _, f := range t.Files {
		dir := filepath.Dir(filepath.Join(stage, filepath.FromSlash(f.Path)))
		if !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("write %s: %w", f.Path, err)
			}
			made[dir] = true
		}
	}
	// File creation is the slow part of generating (each one is a journaled
	// metadata update); several in flight overlap that latency.
	errs := make([]error, len(t.Files))
	parallelN(writers, len(t.Files), func(i int) {
		f := t.Files[i]
		if errs[i] = ctx.Err(); errs[i] != nil {
			return
		}
		if opts.BeforeFile != nil {
			if errs[i] = opts.BeforeFile(f.Path); errs[i] != nil {
				return
			}
		}
		// The mode is filtered by the umask, as for any file a user creates.
		dst := filepath.Join(stage, filepath.FromSlash(f.Path))
		if err := os.WriteFile(dst, f.Data, f.Mode.Perm()); err != nil {
			errs[i] = fmt.Errorf("write %s: %w", f.Path, err)
		}
	})
	return firstError(errs)
}

// writers is how many files are written concurrently.
const writers = 4

// mergeInto moves staged files into an existing directory (empty, or any
// with --force). Staging already wrote every file, so this is only renames
// on one file system; it runs to the end even if ctx is cancelled, because
// stopping half way is the one thing worse than finishing. Before the
// first rename it refuses (a *svcfs.LinkError) a symbolic link on the way
// to any file, or at a file's place: a write through it could land
// outside dir.
func mergeInto(stage, dir string, t *Tree) error {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return err
	}
	defer func() { _ = sfs.Close() }()
	for _, f := range t.Files {
		if _, err := sfs.NotLink(f.Path); err != nil {
			return err
		}
	}
	for _, f := range t.Files {
		if d := path.Dir(f.Path); d != "." {
			if err := sfs.MkdirAll(d); err != nil {
				return fmt.Errorf("write %s: %w", f.Path, err)
			}
		}
		dst := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.Rename(filepath.Join(stage, filepath.FromSlash(f.Path)), dst); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
	}
	return nil
}
