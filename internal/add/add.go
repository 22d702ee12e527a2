package add

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/appedit"
	"github.com/svcgen/svcgen/internal/gensum"
	"github.com/svcgen/svcgen/internal/journal"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/precheck"
	"github.com/svcgen/svcgen/internal/refusal"
	"github.com/svcgen/svcgen/internal/release"
)

// Options say what to add where.
type Options struct {
	Dir      string
	Resource generator.Resource
}

// Plan is a computed add: the files to create, the files to edit, and the
// manifest written last.
type Plan struct {
	Dir      string
	Resource generator.Resource
	Created  []generator.File // the new package, sorted by path
	Edited   []Edit           // app.go, and README.md when it has an endpoint table
	Notes    []string
	manifest []byte
}

// Edit is a change to a file that already exists.
type Edit struct {
	Path, What string
	Data       []byte
}

// Prepare plans the add in memory. It writes nothing.
func Prepare(opts Options) (*Plan, error) {
	return PrepareContext(context.Background(), opts)
}

// PrepareContext is Prepare with a context that cancels the protoc plugins
// a resource of a grpc service runs.
func PrepareContext(ctx context.Context, opts Options) (*Plan, error) {
	dir, r := opts.Dir, opts.Resource
	m, err := readService(dir)
	if err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, refusal.Wrap(err)
	}
	if err := checkFree(dir, m, r); err != nil {
		return nil, err
	}
	answers, note, err := storeFor(dir, generator.Answers(m.Answers), &r)
	if err != nil {
		return nil, err
	}
	files, err := generator.RenderResource(answers, r)
	var re *generator.ResourceError
	if errors.As(err, &re) {
		return nil, refusal.Wrap(err)
	}
	if err != nil {
		return nil, fmt.Errorf("render resource %s: %w", r.Name, err)
	}
	if err := checkPathsFree(dir, files); err != nil {
		return nil, err
	}
	p := &Plan{Dir: dir, Resource: r, Created: files}
	if note != "" {
		p.Notes = append(p.Notes, note)
	}
	if answers.Has("grpc") {
		if err := p.addRPC(ctx); err != nil {
			return nil, err
		}
	}
	if err := p.editApp(m.Answers.Module); err != nil {
		return nil, err
	}
	if err := p.editReadme(); err != nil {
		return nil, err
	}
	if p.manifest, err = record(m, p.Created); err != nil {
		return nil, err
	}
	return p, nil
}

// storeFor decides the resource's store. On a service with the postgres
// feature it numbers the migration that creates the table (r.Migration:
// one more than the highest in internal/database/migrations); a service
// whose answers name postgres but that has no migrations directory (its
// template release predates the database layer, or the team moved it)
// keeps the resource in memory, with a note. It returns the answers to
// render with.
func storeFor(dir string, a generator.Answers, r *generator.Resource) (generator.Answers, string, error) {
	if !a.Has("postgres") {
		return a, "", nil
	}
	if st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(generator.MigrationsDir))); err != nil || !st.IsDir() {
		a.Features = slices.DeleteFunc(slices.Clone(a.Features), func(f string) bool { return f == "postgres" })
		return a, fmt.Sprintf("the service has the postgres feature but no %s: %s keeps its records in memory (MemoryStore in internal/%s/module.go)", generator.MigrationsDir, r.Name, r.Name), nil
	}
	v, err := generator.NextMigration(os.DirFS(dir), r.Name)
	var me *generator.MigrationError
	if errors.As(err, &me) {
		return a, "", refusal.Wrap(err)
	}
	if err != nil {
		return a, "", err
	}
	r.Migration = v
	return a, "", nil
}

// readService reads the manifest and refuses a service add must not touch:
// the checks update makes too (precheck), and a service at another
// template release.
func readService(dir string) (*manifest.Manifest, error) {
	m, err := precheck.Service(dir, precheck.Options{})
	if err != nil {
		return nil, err
	}
	if err := checkRelease(m); err != nil {
		return nil, err
	}
	return m, nil
}

// checkRelease refuses a service generated or last updated at another
// template release than this svcgen's: the resource is rendered from the
// current templates and calls what they declare (httpserver.NewClientError,
// ...), which an older release's packages lack, so it would not compile.
func checkRelease(m *manifest.Manifest) error {
	cur, err := release.Current()
	if err != nil {
		return err
	}
	if m.TemplateVersion == cur.Digest {
		return nil
	}
	at := "template version " + m.TemplateVersion
	if r, err := release.Find(m.TemplateRelease, m.TemplateVersion); err == nil {
		at = r.String()
	}
	return refusal.Errorf("%s: the service is at %s and add resource writes code for %s: run svcgen update first", manifest.Name, at, cur)
}

// checkFree refuses a NAME whose package exists, on disk or in the
// manifest, and a --path an existing route uses.
func checkFree(dir string, m *manifest.Manifest, r generator.Resource) error {
	pkgDir := "internal/" + r.Name
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(pkgDir))); err == nil {
		return refusal.Errorf("invalid resource NAME %q: %s already exists: choose another name", r.Name, pkgDir)
	}
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, pkgDir+"/") {
			return refusal.Errorf("invalid resource NAME %q: %s is recorded in %s: choose another name", r.Name, f.Path, manifest.Name)
		}
	}
	routes, err := routeLiterals(dir)
	if err != nil {
		return err
	}
	for _, rt := range routes {
		if rt.route == r.Path || strings.HasPrefix(rt.route, r.Path+"/") || strings.HasPrefix(r.Path, rt.route+"/") {
			return refusal.Errorf("invalid --path %q: %s already serves %s: choose another route", r.Path, rt.file, rt.route)
		}
	}
	return nil
}

// record is the manifest with the new files added with their class
// (scaffold; generated for code under internal/gen/) and origin
// add-resource; everything else (answers, hashes, waivers, conflicts) stays.
func record(m *manifest.Manifest, files []generator.File) ([]byte, error) {
	added := make([]manifest.File, len(files))
	for i, f := range files {
		added[i] = manifest.File{Path: f.Path, SHA256: manifest.Digest(f.Data),
			Class: f.Class, Origin: manifest.OriginAddResource}
	}
	m.AddFiles(added...)
	return m.Encode()
}

// checkPathsFree refuses a file add would create where one exists: the
// proto and generated code of a resource live outside its package.
func checkPathsFree(dir string, files []generator.File) error {
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.Path))); err == nil {
			return refusal.Errorf("%s already exists: choose another resource name, or move the file away", f.Path)
		}
	}
	return nil
}

// addRPC adds the generated code of the resource's RPC service and the
// freshness record's new lines (see generateRPC).
func (p *Plan) addRPC(ctx context.Context) error {
	gen, rec, err := generateRPC(ctx, p.Dir, p.Created)
	if err != nil {
		return err
	}
	if err := checkPathsFree(p.Dir, gen); err != nil {
		return err
	}
	p.Created = append(p.Created, gen...)
	slices.SortFunc(p.Created, func(a, b generator.File) int { return strings.Compare(a.Path, b.Path) })
	p.Edited = append(p.Edited, Edit{Path: gensum.Name, What: "lines of the new proto and its generated code added", Data: rec})
	return nil
}

func (p *Plan) editApp(module string) error {
	name := filepath.Join(p.Dir, filepath.FromSlash(appedit.Path))
	src, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return refusal.Errorf("%s: not found: create it with the app's fx.Options, or add %s.Module to the composition by hand", appedit.Path, p.Resource.Name)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", appedit.Path, err)
	}
	out, err := appedit.AddModule(src, path.Join(module, "internal", p.Resource.Name), p.Resource.Name)
	var ce *appedit.CompositionError
	if errors.As(err, &ce) {
		return refusal.Wrap(err)
	}
	if err != nil {
		return err
	}
	p.Edited = append(p.Edited, Edit{Path: appedit.Path, What: p.Resource.Name + ".Module added to the fx composition", Data: out})
	return nil
}

// Steps are the plan for journal.Write: the new files (0644), the edited
// ones (keeping their modes), then the manifest.
func (p *Plan) Steps() []journal.Change {
	var out []journal.Change
	for _, f := range p.Created {
		out = append(out, journal.Change{Path: f.Path, Data: f.Data, Mode: 0o644, KeepMode: true})
	}
	for _, e := range p.Edited {
		out = append(out, journal.Change{Path: e.Path, Data: e.Data, Mode: 0o644, KeepMode: true})
	}
	slices.SortFunc(out, func(a, b journal.Change) int { return strings.Compare(a.Path, b.Path) })
	return append(out, journal.Change{Path: manifest.Name, Data: p.manifest, Mode: 0o644, KeepMode: true})
}

// Apply writes the plan with the journaled writer (package journal):
// staged, journaled, renamed into place, the manifest last, so a service
// is never left half-added: Ctrl-C before the journal leaves the old
// tree, and journal.Recover (run by the next svcgen update) completes a
// journal.
func (p *Plan) Apply(ctx context.Context) error {
	return journal.Write(ctx, p.Dir, p.Steps(), journal.Options{})
}
