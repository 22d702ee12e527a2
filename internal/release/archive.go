package release

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/templates"
)

// A release archive, templates/releases/N.txtar, holds everything release
// N rendered from: its template trees (service/..., and from release 6 on
// resource/..., whose layers the resource-base and resource-feature header
// lines name), its action pins (data/actions.tsv) and its conventions text
// (data/conventions.md). Release
// 1 holds all of them; each later release only the files that changed since
// the one before, and a "deleted:" header line per file it dropped. The
// header also carries the release's number, digest and layer table.
const (
	archiveDir     = "releases"
	pinsFile       = "data/actions.tsv"
	tourFile       = "data/conventions.md"
	archiveHeading = "svcgen template release\n"
	// serviceRoot and resourceRoot are where the generator plans the
	// service and resource templates from.
	serviceRoot  = "service"
	resourceRoot = "resource"
)

// archive is one parsed release archive.
type archive struct {
	Release
	Scope   []string // roots the digest covers: service (release 1), or service and data
	Layers  generator.Layers
	Deleted []string
	Files   map[string][]byte
	// noNewline lists files that do not end in a newline, which txtar
	// would otherwise add.
	noNewline []string
}

var loadArchives = sync.OnceValues(func() ([]archive, error) { return readArchives(templates.Releases) })

func readArchives(fsys fs.FS) ([]archive, error) {
	var out []archive
	for n := 1; ; n++ {
		data, err := fs.ReadFile(fsys, path.Join(archiveDir, strconv.Itoa(n)+".txtar"))
		if err != nil && n > 1 {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read release archive: %w", err)
		}
		a, err := parseArchive(data)
		if err != nil {
			return nil, fmt.Errorf("release archive %d: %w", n, err)
		}
		if a.Number != n {
			return nil, fmt.Errorf("release archive %d: header says release %d", n, a.Number)
		}
		out = append(out, a)
	}
}

func parseArchive(data []byte) (archive, error) {
	ar := txtar.Parse(data)
	head, ok := strings.CutPrefix(string(ar.Comment), archiveHeading)
	if !ok {
		return archive{}, fmt.Errorf("not a release archive")
	}
	a := archive{Layers: generator.Layers{Features: map[string][]string{}, Combined: map[string]string{}, Licenses: map[string]string{}, ResourceFeatures: map[string][]string{}}, Files: map[string][]byte{}}
	for _, line := range strings.Split(strings.TrimSpace(head), "\n") {
		key, val, ok := strings.Cut(line, ": ")
		if !ok {
			return archive{}, fmt.Errorf("header line %q: want key: value", line)
		}
		if err := a.setHeader(key, val); err != nil {
			return archive{}, err
		}
	}
	if a.Number < 1 || a.Digest == "" || len(a.Scope) == 0 || a.Layers.Base == "" {
		return archive{}, fmt.Errorf("header lacks number, digest, hash or base")
	}
	for _, f := range ar.Files {
		a.Files[f.Name] = f.Data
	}
	for _, p := range a.noNewline {
		b, ok := a.Files[p]
		if !ok || !bytes.HasSuffix(b, []byte("\n")) {
			return archive{}, fmt.Errorf("no-final-newline %s: no such file", p)
		}
		a.Files[p] = b[:len(b)-1]
	}
	return a, nil
}

func (a *archive) setHeader(key, val string) error {
	switch kind, name, _ := strings.Cut(key, " "); kind {
	case "number":
		n, err := strconv.Atoi(val)
		a.Number = n
		return err
	case "digest":
		a.Digest = val
	case "hash":
		a.Scope = strings.Fields(val)
	case "base":
		a.Layers.Base = val
	case "feature":
		a.Layers.Features[name] = strings.Fields(val)
	case "combined":
		a.Layers.Combined[name] = val
	case "license":
		a.Layers.Licenses[name] = val
	case "resource-base":
		a.Layers.ResourceBase = val
	case "resource-feature":
		a.Layers.ResourceFeatures[name] = strings.Fields(val)
	case "deleted":
		a.Deleted = append(a.Deleted, val)
	case "no-final-newline":
		a.noNewline = append(a.noNewline, val)
	default:
		return fmt.Errorf("unknown header %q", key)
	}
	return nil
}

// inputs are the files a release renders from, by archive path.
type inputs map[string][]byte

// reconstruct applies archives (release 1 first) in order.
func reconstruct(archives []archive) (inputs, error) {
	in := inputs{}
	for _, a := range archives {
		for _, p := range a.Deleted {
			if _, ok := in[p]; !ok {
				return nil, fmt.Errorf("release %d deletes %s, which release %d did not have", a.Number, p, a.Number-1)
			}
			delete(in, p)
		}
		maps.Copy(in, a.Files)
	}
	return in, nil
}

// digest hashes the inputs under the given roots.
func (in inputs) digest(scope []string) (string, error) {
	return manifest.TemplateDigest(in.mapFS(), scope...)
}

func (in inputs) mapFS() fstest.MapFS {
	m := make(fstest.MapFS, len(in))
	for p, b := range in {
		m[p] = &fstest.MapFile{Data: b, Mode: 0o444}
	}
	return m
}

// source checks the inputs against a's digest and returns what renders them.
func (in inputs) source(a archive) (generator.Source, error) {
	got, err := in.digest(a.Scope)
	if err != nil {
		return generator.Source{}, err
	}
	if got != a.Digest {
		return generator.Source{}, fmt.Errorf("release %s rebuilds to %s: the archive is damaged", a.Release, got)
	}
	return generator.Source{FS: in.mapFS(), Layers: a.Layers, Pins: string(in[pinsFile]), Tour: string(in[tourFile]),
		Digest: a.Digest, Number: a.Number}, nil
}

// currentInputs are the inputs of the embedded templates: the service and
// resource trees, the action pins and the conventions text.
func currentInputs() (inputs, error) {
	src := generator.Templates()
	in := inputs{pinsFile: []byte(src.Pins), tourFile: []byte(src.Tour)}
	for _, root := range []string{serviceRoot, resourceRoot} {
		err := fs.WalkDir(src.FS, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			in[p], err = fs.ReadFile(src.FS, p)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return in, nil
}

// releaseScope is what the digest of a new release covers. Releases 2 to 5
// covered service and data; from release 6 on the resource templates are
// part of a release too, since every service renders its example resource
// from them. Each archive records its own scope.
var releaseScope = []string{serviceRoot, "data", resourceRoot}

// nextArchive returns the archive that releases the current inputs after
// prev (the newest archived inputs), or nil when they are prev's already.
func nextArchive(prevRelease archive, prev, cur inputs) ([]byte, *archive, error) {
	if maps.EqualFunc(prev, cur, bytes.Equal) {
		return nil, nil, nil
	}
	digest, err := cur.digest(releaseScope)
	if err != nil {
		return nil, nil, err
	}
	a := archive{Release: Release{Number: prevRelease.Number + 1, Digest: digest}, Scope: releaseScope, Layers: generator.Templates().Layers}
	var b strings.Builder
	b.WriteString(archiveHeading)
	fmt.Fprintf(&b, "number: %d\ndigest: %s\nhash: %s\n", a.Number, a.Digest, strings.Join(a.Scope, " "))
	encodeLayers(&b, a.Layers)
	ar := &txtar.Archive{}
	for _, p := range slices.Sorted(maps.Keys(prev)) {
		if _, ok := cur[p]; !ok {
			fmt.Fprintf(&b, "deleted: %s\n", p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(cur)) {
		if old, ok := prev[p]; !ok || !bytes.Equal(old, cur[p]) {
			ar.Files = append(ar.Files, txtar.File{Name: p, Data: cur[p]})
			if data := cur[p]; len(data) > 0 && data[len(data)-1] != '\n' {
				fmt.Fprintf(&b, "no-final-newline: %s\n", p)
			}
		}
	}
	ar.Comment = []byte(b.String())
	return txtar.Format(ar), &a, nil
}

// encodeLayers writes the layer table t as header lines of a release archive.
func encodeLayers(b *strings.Builder, t generator.Layers) {
	fmt.Fprintf(b, "base: %s\n", t.Base)
	for _, name := range sortedKeys(t.Features) {
		fmt.Fprintf(b, "feature %s: %s\n", name, strings.Join(t.Features[name], " "))
	}
	for _, combo := range sortedKeys(t.Combined) {
		fmt.Fprintf(b, "combined %s: %s\n", combo, t.Combined[combo])
	}
	for _, name := range sortedKeys(t.Licenses) {
		fmt.Fprintf(b, "license %s: %s\n", name, t.Licenses[name])
	}
	if t.ResourceBase != "" {
		fmt.Fprintf(b, "resource-base: %s\n", t.ResourceBase)
	}
	for _, name := range sortedKeys(t.ResourceFeatures) {
		fmt.Fprintf(b, "resource-feature %s: %s\n", name, strings.Join(t.ResourceFeatures[name], " "))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
