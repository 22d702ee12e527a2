package generator

import (
	"fmt"

	"github.com/svcgen/svcgen/internal/merge"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// Remains reports whether the conflict is still unresolved in the service
// at dir: diff3 markers left in the file (markers), the template's version
// still beside it (proposal), or the file the templates dropped still there
// (orphan). It looks only inside dir and reads only a regular file: a FIFO
// or a link at the path is never opened.
func (c Conflict) Remains(dir string) bool {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return false
	}
	defer func() { _ = sfs.Close() }()
	switch c.Kind {
	case ConflictMarkers:
		data, _, err := sfs.ReadFile(c.Path)
		return err == nil && merge.HasMarkers(data)
	case ConflictProposal:
		ok, _ := sfs.Exists(c.Path + ProposalSuffix)
		return ok
	default:
		ok, _ := sfs.Exists(c.Path)
		return ok
	}
}

// validate returns the first invalid field of c as "field value: problem":
// its path is checked like a file's path, so a hand-edited conflict can
// never name a file outside the service.
func (c Conflict) validate() error {
	if err := checkPath(c.Path); err != nil {
		return err
	}
	switch c.Kind {
	case ConflictMarkers, ConflictProposal, ConflictOrphan:
		return nil
	}
	return fmt.Errorf(".kind %q of %s: want %s, %s or %s", c.Kind, c.Path, ConflictMarkers, ConflictProposal, ConflictOrphan)
}
