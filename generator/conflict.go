package generator

import (
	"os"
	"path/filepath"

	"github.com/svcgen/svcgen/merge"
)

// Remains reports whether the conflict is still unresolved in the service
// at dir: diff3 markers left in the file (markers), the template's version
// still beside it (proposal), or the file the templates dropped still there
// (orphan).
func (c Conflict) Remains(dir string) bool {
	name := filepath.Join(dir, filepath.FromSlash(c.Path))
	switch c.Kind {
	case ConflictMarkers:
		data, err := os.ReadFile(name)
		return err == nil && merge.HasMarkers(data)
	case ConflictProposal:
		_, err := os.Stat(name + ProposalSuffix)
		return err == nil
	default:
		_, err := os.Stat(name)
		return err == nil
	}
}
