package update

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/svcgen/svcgen/generator"
)

// journalDir, inside the service, stages an update while it is applied.
const journalDir = ".svcgen-update"

const (
	journalFile = "journal"
	stagedDir   = "new"
)

// op is one step of an applied update: write a staged file, or delete one.
type op struct {
	write bool
	path  string
	mode  fs.FileMode
}

// ApplyOptions are for tests.
type ApplyOptions struct {
	// BeforeOp runs before each rename or delete once the journal is
	// written; an error stops Apply right there, as a crash would.
	BeforeOp func(i int, path string) error
}

// Apply writes the plan. Every file is staged in DIR/.svcgen-update first;
// a cancelled ctx before the journal is written leaves the tree as it was.
// Once the journal is written the renames run to the end (ctx is no
// longer consulted), the manifest last; a crash in between is completed by
// Recover.
func (p *Plan) Apply(ctx context.Context, opts ApplyOptions) error {
	if p.UpToDate() {
		return nil
	}
	ops, err := p.stage(ctx)
	if err != nil {
		_ = os.RemoveAll(filepath.Join(p.Dir, journalDir)) // the tree itself is untouched
		return err
	}
	return runJournal(p.Dir, ops, opts)
}

// stage writes every new file under the journal dir, then the journal.
// Every staged file is synced before the journal is written, so the
// journal never names a file the disk does not hold yet; they are written
// several at a time, which overlaps the waits.
func (p *Plan) stage(ctx context.Context) ([]op, error) {
	root := filepath.Join(p.Dir, journalDir)
	if err := os.RemoveAll(root); err != nil {
		return nil, err
	}
	var ops []op
	var data [][]byte
	put := func(path string, b []byte, mode fs.FileMode) {
		ops = append(ops, op{write: true, path: path, mode: mode})
		data = append(data, b)
	}
	for _, a := range p.Actions {
		switch {
		case a.Write != nil:
			put(a.Path, a.Write, a.Mode)
		case a.Delete:
			ops = append(ops, op{path: a.Path})
			data = append(data, nil)
		}
		if a.Proposal != nil {
			put(a.Path+generator.ProposalSuffix, a.Proposal, a.Mode)
		}
	}
	if p.manifest != nil {
		put(generator.ManifestName, p.manifest, 0o644)
	}
	if err := stageFiles(ctx, root, ops, data); err != nil {
		return nil, err
	}
	return ops, writeJournal(root, ops)
}

// stagers is how many staged files are written at once: file creation
// waits on the file system's journal, so several in flight overlap it.
const stagers = 8

func stageFiles(ctx context.Context, root string, ops []op, data [][]byte) error {
	for _, o := range ops {
		if o.write {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(root, stagedDir, filepath.FromSlash(o.path))), 0o755); err != nil {
				return err
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
				name := filepath.Join(root, stagedDir, filepath.FromSlash(ops[i].path))
				if err := writeSynced(name, data[i], ops[i].mode); err != nil {
					errs[i] = fmt.Errorf("stage %s: %w", ops[i].path, err)
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func writeSynced(name string, data []byte, mode fs.FileMode) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode.Perm())
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// writeJournal commits the update: written (by rename) only once every
// file is staged.
func writeJournal(root string, ops []op) error {
	var b strings.Builder
	for _, o := range ops {
		if o.write {
			fmt.Fprintf(&b, "write %o %s\n", o.mode.Perm(), o.path)
		} else {
			fmt.Fprintf(&b, "delete %s\n", o.path)
		}
	}
	tmp := filepath.Join(root, journalFile+".tmp")
	if err := writeSynced(tmp, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write journal: %w", err)
	}
	return os.Rename(tmp, filepath.Join(root, journalFile))
}

func readJournal(root string) ([]op, error) {
	f, err := os.Open(filepath.Join(root, journalFile))
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read only: nothing to flush
	var ops []op
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), " ", 3)
		switch {
		case len(fields) == 3 && fields[0] == "write":
			mode, err := strconv.ParseUint(fields[1], 8, 32)
			if err != nil {
				return nil, fmt.Errorf("journal: %q: %w", sc.Text(), err)
			}
			ops = append(ops, op{write: true, mode: fs.FileMode(mode), path: fields[2]})
		case len(fields) == 2 && fields[0] == "delete":
			ops = append(ops, op{path: fields[1]})
		default:
			return nil, fmt.Errorf("journal: bad line %q", sc.Text())
		}
	}
	return ops, sc.Err()
}

// runJournal performs the ops; each is idempotent, so Recover can run
// them again after a crash. The journal dir goes last.
func runJournal(dir string, ops []op, opts ApplyOptions) error {
	root := filepath.Join(dir, journalDir)
	for i, o := range ops {
		if opts.BeforeOp != nil {
			if err := opts.BeforeOp(i, o.path); err != nil {
				return err
			}
		}
		if !fs.ValidPath(o.path) {
			return fmt.Errorf("journal: path %q is not inside the service", o.path)
		}
		dst := filepath.Join(dir, filepath.FromSlash(o.path))
		if err := runOp(root, dir, dst, o); err != nil {
			return fmt.Errorf("update %s: %w", o.path, err)
		}
	}
	return os.RemoveAll(root)
}

func runOp(root, dir, dst string, o op) error {
	if !o.write {
		err := os.Remove(dst)
		if err == nil {
			removeEmptyParents(dir, filepath.Dir(dst))
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	src := filepath.Join(root, stagedDir, filepath.FromSlash(o.path))
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return nil // done before the crash
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.Rename(src, dst)
}

// removeEmptyParents removes directories an update emptied, up to dir.
func removeEmptyParents(dir, d string) {
	for d != dir && strings.HasPrefix(d, dir) {
		if os.Remove(d) != nil {
			return
		}
		d = filepath.Dir(d)
	}
}

// journalPending reports whether dir holds an update that was interrupted
// after its journal was written.
func journalPending(dir string) (bool, error) {
	_, err := os.Stat(filepath.Join(dir, journalDir, journalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// Recover completes an update that was interrupted after its journal was
// written, and removes the staging of one interrupted before (which had
// not touched the tree). It reports whether it completed one.
func Recover(dir string) (bool, error) {
	root := filepath.Join(dir, journalDir)
	pending, err := journalPending(dir)
	if err != nil {
		return false, err
	}
	if !pending {
		return false, os.RemoveAll(root)
	}
	ops, err := readJournal(root)
	if err != nil {
		return false, err
	}
	return true, runJournal(dir, ops, ApplyOptions{})
}

// ApplyWrites writes files (slash path → content, all mode 0644) and then
// the manifest into dir with the same staging, journal and renames as
// Apply, the manifest last. `svcgen add resource` uses it, so a service
// is never left half-added: Ctrl-C before the journal leaves the old
// tree, and Recover (run by the next `svcgen update`) completes a journal.
// Files are staged (written and fsynced) several at a time: the fsyncs
// are most of its time, and they overlap.
func ApplyWrites(ctx context.Context, dir string, files map[string][]byte, manifest []byte, opts ApplyOptions) error {
	root := filepath.Join(dir, journalDir)
	ops, err := stageWrites(ctx, root, files, manifest)
	if err != nil {
		_ = os.RemoveAll(root) // the tree itself is untouched
		return err
	}
	return runJournal(dir, ops, opts)
}

func stageWrites(ctx context.Context, root string, files map[string][]byte, manifest []byte) ([]op, error) {
	if err := os.RemoveAll(root); err != nil {
		return nil, err
	}
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
	if err := stageFiles(ctx, root, ops, data); err != nil {
		return nil, err
	}
	return ops, writeJournal(root, ops)
}

// Interrupted reports whether dir holds an update (or add) that was
// interrupted after its journal was written: run svcgen update to
// complete it.
func Interrupted(dir string) (bool, error) { return journalPending(dir) }
