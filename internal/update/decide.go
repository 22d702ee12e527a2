package update

import (
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/appedit"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/merge"
)

// fileState is everything known about one path.
type fileState struct {
	path           string
	class          string // the new render's class, else the recorded one
	inBase, baseOK bool   // in the recorded render; its exact base is known
	base           []byte
	inTheirs       bool
	theirs         []byte
	newMode        fs.FileMode
	oursExists     bool
	ours           []byte
	mode           fs.FileMode
}

type labels struct {
	ours, base, theirs string
	module             string // the service's module path, for app.go (appedit.Merge)
}

// Reasons printed with conflicts.
const (
	reasonNoBase = "no exact base for this file (its recorded sha256 matches no render of the recorded release): " +
		"yours is kept, the template's version is beside it"
	tidyNote = "go.sum was merged from both sides: run `go mod tidy` if `go mod tidy -diff` reports a difference"
)

// decide is the per-file decision table of docs/update.md.
func decide(f fileState, l labels) (Action, string) {
	a := Action{Path: f.path, Class: f.class, Mode: f.newMode, old: f.ours}
	if a.Mode == 0 {
		a.Mode = f.mode
	}
	switch {
	case f.inTheirs && !f.oursExists && f.inBase:
		return deletedByTeam(a, f), ""
	case f.inTheirs && !f.oursExists:
		return a.write(StatusAdded, "new in the templates", f.theirs), ""
	case !f.inTheirs && !f.oursExists:
		return a.keep(StatusUnchanged, "no longer generated, and already gone"), ""
	case !f.inTheirs:
		return removedByTemplate(a, f), ""
	case merge.Equal(f.ours, f.theirs):
		return a.keep(StatusUnchanged, "already what the templates render"), ""
	case !f.inBase:
		return a.proposal("new in the templates, but the path is already yours: yours is kept", f.theirs), ""
	case !f.baseOK:
		return a.proposal(reasonNoBase, f.theirs), ""
	case merge.Equal(f.ours, f.base):
		return a.write(StatusUpdated, "only the template changed", merge.ToEOL(merge.Normalize(f.theirs), merge.HasCRLF(f.ours))), ""
	case merge.Equal(f.theirs, f.base):
		return a.keep(StatusKept, "only the service changed it"), ""
	}
	return bothChanged(a, f, l)
}

func (a Action) write(s Status, reason string, data []byte) Action {
	a.Status, a.Reason, a.Write = s, reason, data
	return a
}

func (a Action) keep(s Status, reason string) Action {
	a.Status, a.Reason = s, reason
	return a
}

// proposal keeps the service's file and writes the template's beside it.
func (a Action) proposal(reason string, theirs []byte) Action {
	a.Status, a.Reason, a.Proposal = StatusConflict, reason, theirs
	a.Conflict = &manifest.Conflict{Path: a.Path, Kind: manifest.ConflictProposal, Reason: reason}
	return a
}

// deletedByTeam: a managed file comes back; a scaffold file stays deleted.
func deletedByTeam(a Action, f fileState) Action {
	if f.class == generator.ClassManaged {
		return a.write(StatusRestored, "managed file was deleted: restored", f.theirs)
	}
	return a.keep(StatusKept, "scaffold file was deleted by the service: stays deleted")
}

// removedByTemplate: the new render no longer has the file.
func removedByTemplate(a Action, f fileState) Action {
	if f.baseOK && merge.Equal(f.ours, f.base) {
		a.Status, a.Reason, a.Delete = StatusDeleted, "no longer generated, and unchanged", true
		return a
	}
	reason := "no longer generated, but the service changed it: kept; delete it, or keep it as your own with --resolved " + f.path
	if !f.baseOK {
		reason = "no longer generated, and there is no exact base to tell whether the service changed it: kept; delete it, or keep it with --resolved " + f.path
	}
	a.Status, a.Reason = StatusConflict, reason
	a.Conflict = &manifest.Conflict{Path: a.Path, Kind: manifest.ConflictOrphan, Reason: reason}
	return a
}

// bothChanged merges a file the template and the service both changed.
func bothChanged(a Action, f fileState, l labels) (Action, string) {
	switch {
	case merge.IsBinary(f.ours) || merge.IsBinary(f.theirs) || merge.IsBinary(f.base):
		return a.proposal("binary file changed on both sides: yours is kept, the template's version is beside it", f.theirs), ""
	case path.Base(f.path) == "go.mod" && path.Dir(f.path) == ".":
		return mergeGoMod(a, f)
	case path.Base(f.path) == "go.sum" && path.Dir(f.path) == ".":
		data, tidy := merge.GoSum(f.base, f.ours, f.theirs)
		note := ""
		if tidy {
			note = tidyNote
		}
		return a.write(StatusMerged, "merged line sets of both sides", merge.ToEOL(data, merge.HasCRLF(f.ours))), note
	}
	ml := merge.Labels{Ours: l.ours, Base: l.base, Theirs: l.theirs}
	// app.go's merger knows the modules `add resource` composed; it falls
	// back to the line merge itself, so each file is merged once.
	var r merge.Result
	if f.path == appedit.Path {
		r = appedit.Merge(f.base, f.ours, f.theirs, l.module, ml)
	} else {
		r = merge.Text(f.base, f.ours, f.theirs, ml)
	}
	if r.Conflicts == 0 {
		return a.write(StatusMerged, "both changed it: merged", r.Data), ""
	}
	hunks := fmt.Sprintf("%d overlapping change(s)", r.Conflicts)
	if f.class == generator.ClassManaged {
		a = a.write(StatusConflict, hunks+": conflict markers written", r.Data)
		a.Conflict = &manifest.Conflict{Path: a.Path, Kind: manifest.ConflictMarkers, Reason: hunks}
		return a, ""
	}
	return a.proposal(hunks+" in the service's own file: yours is kept, the template's version is beside it", f.theirs), ""
}

func mergeGoMod(a Action, f fileState) (Action, string) {
	data, err := merge.GoMod(f.base, f.ours, f.theirs)
	// GoMod writes LF: a CRLF go.mod stays CRLF like every text file.
	data = merge.ToEOL(merge.Normalize(data), merge.HasCRLF(f.ours))
	var ce *merge.ConflictError
	if errors.As(err, &ce) {
		return a.proposal("go.mod: "+ce.Error()+": yours is kept, the template's version is beside it", f.theirs), ""
	}
	if err != nil {
		return a.proposal("go.mod: "+err.Error()+": yours is kept, the template's version is beside it", f.theirs), ""
	}
	if merge.Equal(data, f.ours) {
		return a.keep(StatusKept, "go.mod already has every module the templates need"), ""
	}
	return a.write(StatusMerged, "merged by module: your additions, raised versions and comments kept", data), ""
}
