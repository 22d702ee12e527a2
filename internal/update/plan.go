package update

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/gensum"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/refusal"
	"github.com/svcgen/svcgen/internal/release"
)

// Plan is a computed update: what happens to each file, and the manifest
// written last.
type Plan struct {
	Dir       string
	From      release.Release // the recorded release
	FromKnown bool            // From is a release this svcgen can render
	To        release.Release
	Old, New  generator.Answers
	Actions   []Action // one per file of the old or new render, by path
	Notes     []string // things the user should know: no dirty check, tidy needed, ...

	oldManifest *manifest.Manifest
	manifest    []byte // the new manifest; nil when nothing changes
}

// Action is what happens to one file.
type Action struct {
	Path   string
	Status Status
	Reason string
	Class  string
	// Write is the new content (nil: leave the file as it is); Delete
	// removes it.
	Write  []byte
	Mode   fs.FileMode
	Delete bool
	// Proposal, when set, is written as Path+".svcgen-new".
	Proposal []byte
	Conflict *manifest.Conflict
	old      []byte // the file before, for diffs
}

// Status is an action's one-word outcome.
type Status string

// Statuses, as printed.
const (
	StatusUnchanged Status = "unchanged"
	StatusUpdated   Status = "updated"  // only the template changed: replaced
	StatusMerged    Status = "merged"   // both changed, merged cleanly
	StatusAdded     Status = "added"    // new in the templates
	StatusRestored  Status = "restored" // a managed file the team deleted
	StatusDeleted   Status = "deleted"  // no longer generated and unchanged
	StatusKept      Status = "kept"     // only the team changed it, or it stays deleted
	StatusConflict  Status = "conflict"
)

// Changes are the actions that write or delete something.
func (p *Plan) Changes() []Action {
	var out []Action
	for _, a := range p.Actions {
		if a.Write != nil || a.Delete || a.Proposal != nil {
			out = append(out, a)
		}
	}
	return out
}

// Conflicts are the actions that left a conflict.
func (p *Plan) Conflicts() []Action {
	var out []Action
	for _, a := range p.Actions {
		if a.Conflict != nil {
			out = append(out, a)
		}
	}
	return out
}

// UpToDate reports whether the update would write nothing at all.
func (p *Plan) UpToDate() bool { return p.manifest == nil && len(p.Changes()) == 0 }

// plan renders base and theirs and decides every file.
func (p *Plan) plan() error {
	theirs, err := generator.Generate(p.New)
	if err != nil {
		return fmt.Errorf("render %s: %w", p.To, err)
	}
	base := p.bases()
	next := map[string]generator.File{}
	for _, f := range theirs.Files {
		if f.Path != manifest.Name {
			next[f.Path] = f
		}
	}
	recorded := map[string]manifest.File{}
	var added []manifest.File
	for _, f := range p.oldManifest.Files {
		switch _, templated := next[f.Path]; {
		case f.Origin != manifest.OriginAddResource:
			recorded[f.Path] = f
		case !templated:
			// `svcgen add resource` wrote it: not the templates' to
			// delete or merge; it stays recorded as it is.
			added = append(added, f)
		}
		// An added path the templates now produce is theirs and yours
		// at once: "new in the templates, path already yours".
	}
	paths := slices.Sorted(maps.Keys(recorded))
	for p := range next {
		if _, ok := recorded[p]; !ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	states := make([]fileState, 0, len(paths))
	for _, path := range paths {
		if !fs.ValidPath(path) || path == manifest.Name {
			return refusal.Errorf("%s: file path %q is not inside the service: the manifest is damaged", manifest.Name, path)
		}
		ours, mode, exists, err := readOurs(p.Dir, path)
		if err != nil {
			return err
		}
		f := fileState{path: path, ours: ours, oursExists: exists, mode: mode}
		_, f.inBase = recorded[path]
		f.base, f.baseOK = base[path]
		if t, ok := next[path]; ok {
			f.theirs, f.inTheirs, f.class, f.newMode = t.Data, true, t.Class, t.Mode
		} else {
			f.class = recorded[path].Class
		}
		states = append(states, f)
	}
	removed := removedPackages(states)
	labels := p.labels()
	byPath := make(map[string]fileState, len(states))
	for _, f := range states {
		byPath[f.path] = f
	}
	for _, f := range states {
		var a Action
		var note string
		if f.class == generator.ClassGenerated {
			a, note = decideGenerated(f, pristineProto(byPath, gensum.ProtoOf(f.path)))
		} else {
			a, note = decide(f, labels)
		}
		if pkg := packageDir(f.path); removed[pkg] && a.Write != nil && !f.oursExists {
			a.Write = nil
			a = a.keep(StatusKept, "in "+pkg+", a package the service removed: stays removed")
		}
		if note != "" && !slices.Contains(p.Notes, note) {
			p.Notes = append(p.Notes, note)
		}
		p.Actions = append(p.Actions, a)
	}
	p.coverGoSum(base, next, false)
	p.settleModules()
	p.coverGoSum(base, next, true)
	p.settleGenSum(byPath)
	p.noteAddedResources(added)
	return p.newManifest(theirs.Manifest, added)
}

// removedPackages are the directories of Go packages the service removed
// (or renamed): the recorded render had Go files there and none of its
// files there exists any more. A new or restored template file in such a
// directory would make a package of one file that does not build (a test
// of the deleted code, a helper of a deleted type), so it is not written.
func removedPackages(states []fileState) map[string]bool {
	recorded, kept := map[string]bool{}, map[string]bool{}
	for _, f := range states {
		if !f.inBase {
			continue
		}
		dir := path.Dir(f.path)
		if strings.HasSuffix(f.path, ".go") {
			recorded[dir] = true
		}
		if f.oursExists {
			kept[dir] = true
		}
	}
	out := map[string]bool{}
	for dir := range recorded {
		if !kept[dir] {
			out[dir] = true
		}
	}
	return out
}

// packageDir is the directory of the Go package a file belongs to: its
// own, or for a file under testdata/ (fuzz seeds, golden files) that of the
// package the test data serves.
func packageDir(p string) string {
	if i := strings.Index(p, "/testdata/"); i >= 0 {
		return p[:i]
	}
	return path.Dir(p)
}

// bases renders the recorded release for the recorded answers and keeps
// the files whose sha256 is the one the manifest recorded: a base that
// does not match is never used.
func (p *Plan) bases() map[string][]byte {
	out := map[string][]byte{}
	if !p.FromKnown {
		return out
	}
	tree, err := release.Generate(p.From, p.Old)
	if err != nil {
		p.Notes = append(p.Notes, fmt.Sprintf("cannot render %s: %v: no file has a base", p.From, err))
		return out
	}
	rendered := map[string][]byte{}
	for _, f := range tree.Files {
		rendered[f.Path] = f.Data
	}
	for _, mf := range p.oldManifest.Files {
		if data, ok := rendered[mf.Path]; ok && manifest.Digest(data) == mf.SHA256 {
			out[mf.Path] = data
		}
	}
	return out
}

func (p *Plan) labels() labels {
	l := labels{ours: "service", base: p.From.String(), theirs: p.To.String(), module: p.New.Module}
	if p.From == p.To {
		l.base += ", recorded answers"
		l.theirs += ", new answers"
	}
	return l
}

// newManifest is the pristine render's manifest (never merged bytes, or
// every later update would conflict again), with the old waivers and the
// new conflicts, and the files `svcgen add resource` recorded (added). It
// is nil when it equals the one on disk.
func (p *Plan) newManifest(m manifest.Manifest, added []manifest.File) error {
	m.Waivers = p.oldManifest.Waivers
	if len(added) > 0 {
		m.AddFiles(added...)
	}
	for _, a := range p.Actions {
		if a.Conflict != nil {
			m.Conflicts = append(m.Conflicts, *a.Conflict)
		}
	}
	data, err := m.Encode()
	if err != nil {
		return err
	}
	// Only a new svcgen version, with the same templates and answers, is
	// no reason to write: the service is up to date.
	m.GeneratorVersion = p.oldManifest.GeneratorVersion
	same, err := m.Encode()
	if err != nil {
		return err
	}
	old, _, _, err := readOurs(p.Dir, manifest.Name)
	if err != nil {
		return err
	}
	if !bytes.Equal(old, same) {
		p.manifest = data
	}
	return nil
}

// Old is the file's content before the update (nil if it did not exist).
func (a Action) Old() []byte { return a.old }

// AnswerChanges lists the answers the update changes, as "key: old → new".
func (p *Plan) AnswerChanges() []string {
	var out []string
	add := func(key, old, new string) {
		if old != new {
			out = append(out, fmt.Sprintf("%s: %s → %s", key, old, new))
		}
	}
	add("features", strings.Join(p.Old.Features, ",")+"", strings.Join(p.New.Features, ","))
	for _, key := range []string{"description", "owner", "go", "license"} {
		o, n := p.Old, p.New
		add(key, *o.StringField(key), *n.StringField(key))
	}
	add("http_port", strconv.Itoa(p.Old.HTTPPort), strconv.Itoa(p.New.HTTPPort))
	add("admin_port", strconv.Itoa(p.Old.AdminPort), strconv.Itoa(p.New.AdminPort))
	return out
}
