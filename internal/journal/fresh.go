package journal

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/svcgen/svcgen/internal/refusal"
)

// target is what Write finds at the service directory, which decides how
// it writes.
type target int

const (
	// journaled: the directory has content (a service, or a team's files
	// under new --force): preflight, stage, journal, one step per file.
	journaled target = iota
	// absentDir: no directory yet (`svcgen new DIR`). The tree is staged
	// in a sibling directory and renamed into place in one step: there
	// is nothing of the team's to check, and DIR appears complete or not
	// at all.
	absentDir
	// emptyDir: an empty directory (`mkdir DIR && cd DIR && svcgen new .`).
	// The tree is staged under DIR/.svcgen-update/new and journaled as
	// usual, but moved into place by its top-level entries (a dozen
	// renames, not one per file), the one holding the last step last. The
	// directory itself stays: it may be a shell's working directory or a
	// mount point.
	emptyDir
)

// classify tells which target dir is for ops. Only a write that creates
// every file (no delete, no pre-image but Absent) may skip the journal's
// per-file checks: anything else is journaled, and meets its checks.
func classify(dir string, ops []op) target {
	for _, o := range ops {
		if !o.write || (o.pre != "" && o.pre != Absent) {
			return journaled
		}
	}
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return absentDir
	case err != nil:
		return journaled // the journaled path reports the error
	case info.Mode()&fs.ModeSymlink != 0:
		info, err = os.Stat(dir) // DIR itself may be a link the user made
		if err != nil || !info.IsDir() {
			return journaled // the journaled path reports the error
		}
	case !info.IsDir():
		return journaled
	}
	f, err := os.Open(dir)
	if err != nil {
		return journaled // the journaled path reports the error
	}
	defer func() { _ = f.Close() }() // read only
	if _, err := f.Readdirnames(1); errors.Is(err, io.EOF) {
		return emptyDir
	}
	return journaled
}

// writeAbsent writes a tree whose directory dir does not exist yet: it
// stages every file in a new sibling directory (inside dir's parent,
// opened as a root) and renames that into place. A cancelled ctx or an
// error removes the staging; the parent is as it was.
func writeAbsent(ctx context.Context, dir string, ops []op, changes []Change, opts Options) error {
	parent, err := os.OpenRoot(filepath.Dir(dir))
	if err != nil {
		return fmt.Errorf("open parent directory: %w", err)
	}
	defer func() { _ = parent.Close() }()
	name, err := mkdirTemp(parent, "."+filepath.Base(dir)+".svcgen-")
	if err != nil {
		return notWritable(filepath.Dir(dir), ".", err)
	}
	err = stageTree(ctx, parent, name, ops, changes, false, opts)
	if err == nil {
		err = parent.Rename(name, filepath.Base(dir))
	}
	if err != nil {
		_ = parent.RemoveAll(name)
	}
	return err
}

// mkdirTemp makes a directory named prefix plus a random suffix in root.
// Its mode is 0755 through the umask, like every directory svcgen makes:
// it becomes the service's.
func mkdirTemp(root *os.Root, prefix string) (string, error) {
	for {
		name := prefix + strings.ToLower(rand.Text()[:10])
		err := root.Mkdir(name, 0o755)
		if !errors.Is(err, fs.ErrExist) {
			return name, err
		}
	}
}

// writeEmpty writes a tree into the empty directory dir: staged and
// journaled like any write (so a crash during the renames is completed by
// Recover, step by step), then moved into place by top-level entry.
func writeEmpty(ctx context.Context, dir string, ops []op, changes []Change, opts Options) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("open service directory: %w", err)
	}
	defer func() { _ = root.Close() }()
	if err := root.Mkdir(Dir, 0o755); err != nil {
		return notWritable(dir, ".", err)
	}
	staging := filepath.Join(Dir, stagedDir)
	err = root.Mkdir(staging, 0o755)
	if err == nil {
		err = stageTree(ctx, root, staging, ops, changes, false, opts)
	}
	if err == nil {
		err = writeJournalIn(root, ops, false)
	}
	if err != nil {
		_ = root.RemoveAll(Dir) // the tree itself is untouched
		return err
	}
	for _, e := range topLevel(ops) {
		if opts.BeforeStep != nil {
			if err := opts.BeforeStep(e.first, e.name); err != nil {
				return &HalfAppliedError{Dir: dir, Path: e.name, Done: e.first, Total: len(ops), Err: err}
			}
		}
		if err := root.Rename(filepath.Join(staging, e.name), e.name); err != nil {
			return &HalfAppliedError{Dir: dir, Path: e.name, Done: e.first, Total: len(ops), Err: err}
		}
	}
	return root.RemoveAll(Dir)
}

// entry is a top-level name of a tree: the steps under it move with it.
type entry struct {
	name        string
	first, last int // its steps' indexes
}

// topLevel are the top-level entries of ops, ordered by their last step,
// so the entry holding the last step (the manifest) moves last.
func topLevel(ops []op) []entry {
	at := map[string]int{}
	var es []entry
	for i, o := range ops {
		name, _, _ := strings.Cut(o.path, "/")
		j, ok := at[name]
		if !ok {
			j = len(es)
			at[name] = j
			es = append(es, entry{name: name, first: i})
		}
		es[j].last = i
	}
	slices.SortStableFunc(es, func(a, b entry) int { return cmp.Compare(a.last, b.last) })
	return es
}

// notWritable is the error of a directory where the staging could not be
// made: the refusal the journaled path's probe gives when it is not
// writable (nothing was written), else err.
func notWritable(dir, d string, err error) error {
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return refusal.Errorf("%s: %s is not writable (%v): nothing was written; make it writable, then run svcgen again", dir, d, errors.Unwrap(err))
	}
	return fmt.Errorf("create staging directory: %w", err)
}
