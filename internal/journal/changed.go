package journal

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/refusal"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// ChangedError is a write that will not replace or delete files which
// changed since it was planned (or since it was interrupted). Nothing was
// written by the run that reports it; it comes inside a *refusal.Error.
type ChangedError struct {
	Dir       string
	Paths     []string
	Recovered bool // completing an interrupted write
}

func (e *ChangedError) Error() string {
	if !e.Recovered {
		return fmt.Sprintf("%s: %d file(s) changed while the update was being planned (%s): nothing was written; run svcgen update again",
			e.Dir, len(e.Paths), refusal.ListSome(e.Paths))
	}
	return fmt.Sprintf("%s: an interrupted update must be completed, but %d file(s) it still has to replace or delete changed since it was interrupted (%s): "+
		"completing it would overwrite that change, so nothing was written; save your change elsewhere, "+
		"restore each file (git checkout -- FILE), run svcgen update to complete the update, then make the change again",
		e.Dir, len(e.Paths), refusal.ListSome(e.Paths))
}

// checkPre refuses (a *ChangedError) when a step's file no longer holds
// its pre-image; with onlyPending, only the steps not done yet count.
func checkPre(sfs *svcfs.FS, ops []op, onlyPending bool) error {
	var changed []string
	for _, o := range ops {
		if o.pre == "" {
			continue // an old journal: nothing to compare with
		}
		if onlyPending {
			todo, err := pending(sfs, o)
			if err != nil {
				return err
			}
			if !todo {
				continue
			}
		}
		now, err := preImage(sfs, o.path)
		if err != nil {
			return err
		}
		if now != o.pre {
			changed = append(changed, o.path)
		}
	}
	if len(changed) > 0 {
		return &ChangedError{Dir: sfs.Dir(), Paths: changed}
	}
	return nil
}

// preImage is the digest of the regular file at p, or Absent.
func preImage(sfs *svcfs.FS, p string) (string, error) {
	data, _, err := sfs.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return Absent, nil
	}
	if err != nil {
		return "", err
	}
	return manifest.Digest(data), nil
}
