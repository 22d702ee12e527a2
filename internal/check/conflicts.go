package check

import (
	"bytes"
	"fmt"

	"github.com/svcgen/svcgen/internal/journal"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/merge"
	"github.com/svcgen/svcgen/internal/precheck"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// RuleUpdateConflict marks what `svcgen update` left to resolve.
const RuleUpdateConflict = "update-conflict"

// checkConflicts reports the conflicts of the last `svcgen update` that
// remain, conflict markers left in any file the manifest lists, and an
// update that was interrupted before it completed.
//
// It reads only regular files inside dir: a FIFO at a listed path, or a
// link out of the service, is never opened.
func checkConflicts(dir string, m *manifest.Manifest) []Finding {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return nil // ReadManifest read the manifest from dir just before
	}
	defer func() { _ = sfs.Close() }()
	var out []Finding
	for _, c := range precheck.Unresolved(dir, m.Conflicts) {
		out = append(out, Finding{Rule: RuleUpdateConflict, Path: c.Path,
			Message: fmt.Sprintf("unresolved %s conflict from svcgen update: %s", c.Kind, c.Reason)})
	}
	for _, f := range m.Files {
		data, _, err := sfs.ReadFile(f.Path)
		if err != nil || merge.IsBinary(data) || !merge.HasMarkers(data) {
			continue
		}
		out = append(out, Finding{Rule: RuleUpdateConflict, Path: f.Path, Line: markerLine(data),
			Message: "conflict markers left in the file: resolve them"})
	}
	if ok, _ := journal.Pending(dir); ok {
		out = append(out, Finding{Rule: RuleUpdateConflict, Path: journal.Dir,
			Message: "an update was interrupted: run svcgen update to complete it"})
	}
	return out
}

// markerLine is the 1-based line of the first conflict marker.
func markerLine(data []byte) int {
	for i, line := range bytes.Split(data, []byte("\n")) {
		if merge.HasMarkers(line) {
			return i + 1
		}
	}
	return 0
}
