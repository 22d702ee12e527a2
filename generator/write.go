package generator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/svcgen/svcgen/internal/journal"
	"github.com/svcgen/svcgen/internal/manifest"
)

// ErrNotEmpty reports a target directory that already has files.
var ErrNotEmpty = errors.New("target directory is not empty")

// WriteOptions control Write.
type WriteOptions struct {
	// Force writes into a non-empty directory, replacing generated paths
	// and leaving other files alone.
	Force bool
	// BeforeFile, when set, runs before each file is staged; an error
	// aborts the write. Tests use it. It may be called from several
	// goroutines at once.
	BeforeFile func(path string) error
}

// Write puts the tree at dir through the writer that update and add use
// too (package journal): a missing dir is staged beside it and renamed
// into place in one step; an empty or (with Force) non-empty one is
// staged inside it, journaled and renamed into place with the manifest
// last. A failure or a cancelled ctx before the renames leaves nothing
// behind, not even the parent directories Write created. Only this stage
// touches disk.
func Write(ctx context.Context, dir string, t *Tree, opts WriteOptions) (err error) {
	dir, err = filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("resolve target: %w", err)
	}
	empty, err := checkTarget(dir, opts.Force)
	if err != nil {
		return err
	}
	created, err := mkParents(filepath.Dir(dir))
	if err != nil {
		return err
	}
	err = journal.Write(ctx, dir, changes(t, empty), journal.Options{BeforeStage: opts.BeforeFile})
	var half *journal.HalfAppliedError
	if err != nil && created != "" && !errors.As(err, &half) {
		_ = os.RemoveAll(created) // leave no directory we made behind
	}
	return err
}

// changes are the tree's files as journal steps, the manifest last: a
// service with a manifest is a complete one. In an empty target every
// file is new, so the journal need not read what is there.
func changes(t *Tree, empty bool) []journal.Change {
	pre := ""
	if empty {
		pre = journal.Absent
	}
	out := make([]journal.Change, 0, len(t.Files))
	var last []journal.Change
	for _, f := range t.Files {
		c := journal.Change{Path: f.Path, Data: f.Data, Mode: f.Mode, Pre: pre}
		if f.Path == manifest.Name {
			last = append(last, c)
			continue
		}
		out = append(out, c)
	}
	return append(out, last...)
}

// checkTarget refuses a directory with content unless forced, and
// reports whether dir is empty or missing.
func checkTarget(dir string, force bool) (empty bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("read target: %w", err)
	case len(entries) > 0 && !force:
		return false, fmt.Errorf("%s: %w", dir, ErrNotEmpty)
	}
	return len(entries) == 0, nil
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
