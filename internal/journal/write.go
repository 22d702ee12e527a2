package journal

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"

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
	ops := make([]op, len(changes))
	for i, c := range changes {
		ops[i] = op{write: !c.Delete, path: c.Path, mode: c.Mode, pre: c.Pre}
	}
	if kind := classify(dir, ops); kind != journaled {
		// Nothing is there: every file is new, with nothing to check or
		// keep (the paths are still checked, as the journal's are).
		for i := range ops {
			if !fs.ValidPath(ops[i].path) || ops[i].path == "." {
				return fmt.Errorf("%q: not a path inside the service", ops[i].path)
			}
			ops[i].pre = Absent
		}
		if kind == absentDir {
			return writeAbsent(ctx, dir, ops, changes, opts)
		}
		return writeEmpty(ctx, dir, ops, changes, opts)
	}
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return err
	}
	defer func() { _ = sfs.Close() }()
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
	root := sfs.Root()
	staging := filepath.Join(Dir, stagedDir)
	if err := root.Mkdir(Dir, 0o755); err != nil {
		return fmt.Errorf("create staging directory: %w", err)
	}
	if err := root.Mkdir(staging, 0o755); err != nil {
		return fmt.Errorf("create staging directory: %w", err)
	}
	if err := stageTree(ctx, root, staging, ops, changes, durable, opts); err != nil {
		return err
	}
	return writeJournal(sfs, ops, durable)
}
