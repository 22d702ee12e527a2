package journal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sync"

	"github.com/svcgen/svcgen/internal/svcfs"
)

// stagers is how many files are staged at once: file creation waits on
// the file system's journal, so several in flight overlap the waits.
const stagers = 8

func stageFiles(ctx context.Context, sfs *svcfs.FS, ops []op, changes []Change, durable bool, opts Options) error {
	made := map[string]bool{}
	for _, o := range ops {
		if d := path.Dir(staged(o.path)); o.write && !made[d] {
			if err := sfs.MkdirAll(d); err != nil {
				return fmt.Errorf("stage %s: %w", o.path, err)
			}
			made[d] = true
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
				errs[i] = stageFile(sfs, ops[i], changes[i].Data, durable, opts)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func stageFile(sfs *svcfs.FS, o op, data []byte, durable bool, opts Options) error {
	if opts.BeforeStage != nil {
		if err := opts.BeforeStage(o.path); err != nil {
			return err
		}
	}
	// A file that exists keeps exactly the mode decided for it (the
	// team's); a new one is filtered by the umask.
	if err := writeFile(sfs.Root(), staged(o.path), data, o.mode, o.pre != Absent, durable); err != nil {
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
