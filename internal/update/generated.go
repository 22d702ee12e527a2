package update

import (
	"slices"
	"strings"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/gensum"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/merge"
)

// Generated code (class generated, internal/gen/) is its proto's: never
// three-way merged and never given a .svcgen-new file. The template's
// version of an output is right only for the template's proto, so update
// writes it while the service's proto is pristine (what the recorded
// release rendered, or already the new render's); otherwise the service's
// code stays, and `go generate ./...` regenerates it from the service's
// proto. The freshness record, gensum.Name, is then updated for exactly
// the files this update wrote, so `svcgen check` still reports what is
// stale.

// noteGenerate is printed when generated code was left for go generate.
const noteGenerate = "generated code under internal/gen/ was left as it is where its proto is the service's own: " +
	"run `go generate ./...` after the update (svcgen check reports it stale until then)"

// pristineProto reports whether the proto at p, as the service has it,
// is one the templates' generated code was rendered from.
func pristineProto(states map[string]fileState, p string) bool {
	f, ok := states[p]
	switch {
	case !ok || !f.inTheirs:
		return false
	case !f.oursExists:
		return !f.inBase // new in the templates: written with its code
	}
	return merge.Equal(f.ours, f.theirs) || f.baseOK && merge.Equal(f.ours, f.base)
}

// decideGenerated is decide for an output under internal/gen/, and for the
// record where the templates no longer render it (settleGenSum decides it
// otherwise).
func decideGenerated(f fileState, pristine bool) (Action, string) {
	a := Action{Path: f.path, Class: f.class, Mode: f.newMode, old: f.ours}
	if a.Mode == 0 {
		a.Mode = f.mode
	}
	switch {
	case !f.inTheirs && !f.oursExists:
		return a.keep(StatusUnchanged, "no longer generated, and already gone"), ""
	case !f.inTheirs && f.baseOK && merge.Equal(f.ours, f.base):
		a.Status, a.Reason, a.Delete = StatusDeleted, "no longer generated, and unchanged", true
		return a, ""
	case !f.inTheirs:
		return a.keep(StatusKept, "no longer rendered by the templates: kept for `go generate ./...` to regenerate or remove"), noteGenerate
	case f.oursExists && merge.Equal(f.ours, f.theirs):
		return a.keep(StatusUnchanged, "already what the templates render"), ""
	case !pristine:
		return a.keep(StatusKept, "generated from "+gensum.ProtoOf(f.path)+", which the service changed: not re-rendered; run go generate ./..."), noteGenerate
	case !f.oursExists && f.inBase:
		return a.write(StatusRestored, "generated code was deleted, its proto is pristine: restored", f.theirs), ""
	case !f.oursExists:
		return a.write(StatusAdded, "new in the templates", f.theirs), ""
	}
	return a.write(StatusUpdated, "generated code of a pristine proto: re-rendered", f.theirs), ""
}

// settleGenSum decides the freshness record last, from the other actions:
// the service's record with the lines of every input and output this
// update wrote or deleted replaced. The plugin versions follow go.mod
// only when the update re-rendered every output the record lists; if some
// output stays (the team's generated code, or an added resource's), its
// old versions stay recorded, so check reports it stale until `go generate
// ./...`.
func (p *Plan) settleGenSum(states map[string]fileState) {
	i := slices.IndexFunc(p.Actions, func(a Action) bool { return a.Path == gensum.Name })
	if i < 0 {
		return
	}
	f := states[gensum.Name]
	a := Action{Path: f.path, Class: generator.ClassGenerated, Mode: f.newMode, old: f.ours}
	switch {
	case !f.inTheirs:
		return // no longer rendered: decided as any file
	case !f.oursExists && f.inBase:
		p.Actions[i] = a.write(StatusRestored, "the record was deleted: restored from the render", f.theirs)
		return
	case !f.oursExists:
		p.Actions[i] = a.write(StatusAdded, "new in the templates", f.theirs)
		return
	}
	rec, err := gensum.Parse(f.ours)
	if err != nil {
		p.Actions[i] = a.write(StatusUpdated, "unreadable record ("+err.Error()+"): replaced by the render's", f.theirs)
		return
	}
	written := map[string]bool{}
	gomod := states["go.mod"].ours
	for _, a := range p.Actions {
		if a.Path == "go.mod" && a.Write != nil {
			gomod = a.Write
		}
		if !gensum.IsInput(a.Path) && !gensum.IsOutput(a.Path) {
			continue
		}
		switch {
		case a.Delete:
			delete(rec.Sums, a.Path)
		case a.Write != nil:
			rec.Sums[a.Path] = gensum.Digest(a.Write)
		case a.Status == StatusUnchanged && states[a.Path].oursExists:
			// already the render's: as good as written
		default:
			continue
		}
		written[a.Path] = true
	}
	all := true
	for path := range rec.Sums {
		all = all && (!gensum.IsOutput(path) || written[path])
	}
	if all {
		rec.Tools = gensum.Tools(gomod)
	}
	data := rec.Encode()
	if merge.Equal(data, f.ours) {
		p.Actions[i] = a.keep(StatusUnchanged, "the record already covers the generated code")
		return
	}
	p.Actions[i] = a.write(StatusUpdated, "lines of the files this update wrote brought up to date", data)
}

// noteAddedResources says, when the update adds the grpc feature, that the
// resources `svcgen add resource` wrote get no RPC service: their proto and
// rpc.go would be new code in the team's packages, which update never
// writes. The example resource's come with the templates.
func (p *Plan) noteAddedResources(added []manifest.File) {
	if !p.New.Has("grpc") || p.Old.Has("grpc") {
		return
	}
	var names []string
	for _, f := range added {
		// Every resource has its fx module at internal/<name>/module.go.
		if name, ok := strings.CutSuffix(strings.TrimPrefix(f.Path, "internal/"), "/module.go"); ok && !strings.Contains(name, "/") {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return
	}
	slices.Sort(names)
	p.Notes = append(p.Notes, "grpc: the resources added with `svcgen add resource` ("+strings.Join(names, ", ")+
		") get no RPC service; write api/<namespace>/v1/<resource>.proto and internal/<resource>/rpc.go as the example's (docs/grpc.md), "+
		"then run go generate ./...; resources added from now on get theirs")
}
