package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/svcgen/svcgen/templates"
)

// Release is one released template version. Every released version stays
// renderable inside svcgen (templates/releases/N.txtar), so `svcgen update`
// can rebuild exactly what it generated; releases are numbered in order.
type Release struct {
	Number int    // 1, 2, ...: the order of releases
	Digest string // the template version recorded in manifests, e.g. sha256:1307caee7844b78a
}

// Name is the human name of the release: "r3".
func (r Release) Name() string { return "r" + strconv.Itoa(r.Number) }

// String names the release for people: "template r3 (sha256:...)".
func (r Release) String() string {
	if r.Number == 0 {
		return fmt.Sprintf("template %s (no release of this svcgen)", r.Digest)
	}
	return fmt.Sprintf("template %s (%s)", r.Name(), r.Digest)
}

// ErrUnknownRelease reports a template version no release of this svcgen has.
var ErrUnknownRelease = errors.New("unknown template version")

// ErrNewerRelease reports a manifest written by a newer svcgen.
var ErrNewerRelease = errors.New("newer than this svcgen")

// Releases lists every release this svcgen can render, oldest first. The
// newest is the templates embedded in this binary (TestNewestReleaseIsTheTemplates).
func Releases() ([]Release, error) {
	archives, err := loadArchives()
	if err != nil {
		return nil, err
	}
	out := make([]Release, len(archives))
	for i, a := range archives {
		out[i] = a.Release
	}
	return out, nil
}

// CurrentRelease is the release of the embedded templates.
func CurrentRelease() (Release, error) {
	rs, err := Releases()
	if err != nil {
		return Release{}, err
	}
	return rs[len(rs)-1], nil
}

// FindRelease returns the release a manifest names: by number when the
// manifest records one, else by digest (manifests written before releases
// were numbered record only the digest). A number and a digest that
// disagree, or a version no release has, is ErrUnknownRelease; a number
// newer than this svcgen's newest is reported as such.
func FindRelease(number int, digest string) (Release, error) {
	rs, err := Releases()
	if err != nil {
		return Release{}, err
	}
	newest := rs[len(rs)-1]
	if number > newest.Number {
		return Release{}, fmt.Errorf("template r%d is %w (its newest is %s): install a newer svcgen", number, ErrNewerRelease, newest.Name())
	}
	i := slices.IndexFunc(rs, func(r Release) bool { return r.Digest == digest })
	switch {
	case i < 0:
		return Release{}, fmt.Errorf("%w %q: no release of this svcgen has it", ErrUnknownRelease, digest)
	case number != 0 && rs[i].Number != number:
		return Release{}, fmt.Errorf("%w: template_release %d does not match template_version %s (%s)", ErrUnknownRelease, number, digest, rs[i].Name())
	}
	return rs[i], nil
}

// GenerateRelease renders answers with the templates of release r, exactly
// as the svcgen of that release did: its own template tree, layer table,
// action pins and conventions text.
func GenerateRelease(r Release, a Answers) (*Tree, error) {
	src, err := releaseSource(r)
	if err != nil {
		return nil, err
	}
	p, err := newPlanFrom(src, a)
	if err != nil {
		return nil, err
	}
	return Render(p)
}

// source is a template tree and everything that renders it.
type source struct {
	fsys    fs.FS
	funcs   template.FuncMap
	layers  layerTable
	release Release // zero for a test tree: the version is then hashTree(fsys)
}

var (
	releaseSources   = map[int]*source{}
	releaseSourcesMu sync.Mutex
)

// releaseSource rebuilds release r's inputs from the archives (cached).
func releaseSource(r Release) (*source, error) {
	releaseSourcesMu.Lock()
	defer releaseSourcesMu.Unlock()
	if s, ok := releaseSources[r.Number]; ok {
		return s, nil
	}
	archives, err := loadArchives()
	if err != nil {
		return nil, err
	}
	if r.Number < 1 || r.Number > len(archives) || archives[r.Number-1].Release != r {
		return nil, fmt.Errorf("%w: %s", ErrUnknownRelease, r)
	}
	in, err := reconstruct(archives[:r.Number])
	if err != nil {
		return nil, err
	}
	s, err := in.source(archives[r.Number-1])
	if err != nil {
		return nil, err
	}
	releaseSources[r.Number] = s
	return s, nil
}

// currentSource is the embedded templates, with the current functions and
// layer table.
func currentSource() *source {
	return &source{fsys: templates.FS, funcs: templateFuncs, layers: currentLayers(), release: TemplateRelease()}
}

// layerTable maps answers to template layers: the base layer, one list per
// feature, one layer per combination of features, one layer per license;
// and the resource layers (templates/resource) of the example resource and
// of `svcgen add resource`.
type layerTable struct {
	Base     string
	Features map[string][]string
	// Combined maps "f1+f2" (sorted feature names) to the layer a service
	// gets when it has all of them (archives cut before it existed have none).
	Combined map[string]string
	Licenses map[string]string
	// ResourceBase is the resource layer every resource gets. Releases
	// before 6 have none: their example resource is part of the service
	// tree, and they render no resource templates.
	ResourceBase string
	// ResourceFeatures are the resource layers a feature adds.
	ResourceFeatures map[string][]string
}

func currentLayers() layerTable {
	t := layerTable{Base: baseLayer, Features: map[string][]string{}, Combined: combinedLayers, Licenses: licenseLayers,
		ResourceBase: baseLayer, ResourceFeatures: map[string][]string{}}
	for _, f := range features {
		t.Features[f.Name] = f.Layers
		if len(f.ResourceLayers) > 0 {
			t.ResourceFeatures[f.Name] = f.ResourceLayers
		}
	}
	return t
}

// resourceLayersOf returns the resource layers for resolved answers, base
// first; none when the table renders no resources.
func (t layerTable) resourceLayersOf(a Answers) []string {
	if t.ResourceBase == "" {
		return nil
	}
	out := []string{t.ResourceBase}
	for _, name := range a.Features {
		out = append(out, t.ResourceFeatures[name]...)
	}
	return out
}

// of returns the layers for resolved answers, base first.
func (t layerTable) of(a Answers) []string {
	out := []string{t.Base}
	for _, name := range a.Features {
		out = append(out, t.Features[name]...)
	}
	for _, combo := range sortedKeys(t.Combined) {
		if hasAll(a, strings.Split(combo, "+")) {
			out = append(out, t.Combined[combo])
		}
	}
	if l, ok := t.Licenses[a.License]; ok {
		out = append(out, l)
	}
	return out
}

func hasAll(a Answers, features []string) bool {
	for _, f := range features {
		if !a.Has(f) {
			return false
		}
	}
	return true
}

// encode writes the table as header lines of a release archive.
func (t layerTable) encode(b *strings.Builder) {
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

// TemplateRelease is the release of the embedded templates, without
// reading the archives (digest.go holds it; TestTemplateDigestIsCurrent
// proves it).
func TemplateRelease() Release {
	return Release{Number: currentReleaseNumber, Digest: templateDigest}
}
