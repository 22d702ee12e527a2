package journal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sync"
)

// stagers is how many files are staged at once: file creation waits on
// the file system's journal, so several in flight overlap the waits.
const stagers = 8

// stageTree writes every file of ops under the new directory staging of
// root (synced with durable): each directory is made once, and each file
// is created through its own directory's root, so no open walks the path
// again. Nothing but this run writes there, and os.Root keeps every open
// inside it. It is the staging of every write, journaled or not.
func stageTree(ctx context.Context, root *os.Root, staging string, ops []op, changes []Change, durable bool, opts Options) error {
	top, err := root.OpenRoot(staging)
	if err != nil {
		return err
	}
	dirs := map[string]*os.Root{".": top}
	defer func() {
		for _, r := range dirs {
			_ = r.Close()
		}
	}()
	for _, o := range ops {
		if !o.write {
			continue
		}
		if err := mkdirs(dirs, path.Dir(o.path)); err != nil {
			return fmt.Errorf("stage %s: %w", o.path, err)
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
				errs[i] = stageFile(dirs[path.Dir(ops[i].path)], ops[i], changes[i].Data, durable, opts)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// mkdirs makes d and its missing parents under dirs["."], recording the
// root of each.
func mkdirs(dirs map[string]*os.Root, d string) error {
	if dirs[d] != nil {
		return nil
	}
	up := path.Dir(d)
	if err := mkdirs(dirs, up); err != nil {
		return err
	}
	base := path.Base(d)
	if err := dirs[up].Mkdir(base, 0o755); err != nil {
		return err
	}
	r, err := dirs[up].OpenRoot(base)
	if err != nil {
		return err
	}
	dirs[d] = r
	return nil
}

// stageFile writes o's file in dir, its directory in the staging.
func stageFile(dir *os.Root, o op, data []byte, durable bool, opts Options) error {
	if opts.BeforeStage != nil {
		if err := opts.BeforeStage(o.path); err != nil {
			return err
		}
	}
	// A file that exists keeps exactly the mode decided for it (the
	// team's); a new one is filtered by the umask, as for any file a user
	// creates.
	if err := writeFile(dir, path.Base(o.path), data, o.mode, o.pre != Absent, durable); err != nil {
		return fmt.Errorf("stage %s: %w", o.path, err)
	}
	return nil
}

// writeFile writes a file in the staging directory: with exact, mode is
// set as it is (else filtered by the umask); with sync, on disk before it
// returns.
func writeFile(root *os.Root, name string, data []byte, mode os.FileMode, exact, sync bool) error {
	// name is in the staging directory Write just made: os.Root keeps
	// the open inside the service, and no link of the team's is there.
	f, err := root.OpenFile(filepath.FromSlash(name), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode.Perm())
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
