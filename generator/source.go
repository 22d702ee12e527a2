package generator

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"text/template"

	"github.com/svcgen/svcgen/internal/convention"
	"github.com/svcgen/svcgen/templates"
)

// Source is everything a service renders from: a template tree, the layer
// table that picks its files, the tables its template functions read, and
// the template version its manifest records. Templates returns the one
// embedded in this svcgen; package release rebuilds the Source of every
// earlier template release from its archive, so that `svcgen update` can
// render exactly what an older svcgen generated (GenerateFrom).
type Source struct {
	// FS holds the service templates under service/<layer>/ and, from
	// release 6 on, the resource templates under resource/<layer>/.
	FS     fs.FS
	Layers Layers
	Pins   string // the action pin table (actions.tsv) the action function reads
	Tour   string // the conventions text that renders as docs/CONVENTIONS.md
	// Digest and Number are the template version and release the manifest
	// records (template_version, template_release; release 1 recorded no
	// number). A Digest of "" records the digest of FS's service tree.
	Digest string
	Number int
}

// Layers maps answers to template layers: the base layer, one list per
// feature, one layer per combination of features, one layer per license;
// and the resource layers (templates/resource) of the example resource and
// of `svcgen add resource`. A template release records the table it
// planned with.
type Layers struct {
	Base     string
	Features map[string][]string
	// Combined maps "f1+f2" (sorted feature names) to the layer a service
	// gets when it has all of them (releases cut before it existed have none).
	Combined map[string]string
	Licenses map[string]string
	// ResourceBase is the resource layer every resource gets. Releases
	// before 6 have none: their example resource is part of the service
	// tree, and they render no resource templates.
	ResourceBase string
	// ResourceFeatures are the resource layers a feature adds.
	ResourceFeatures map[string][]string
}

// Templates is the Source of the templates embedded in this svcgen: the
// current template release (digest.go names it).
func Templates() Source {
	return Source{FS: templates.FS, Layers: currentLayers(), Pins: actionsTSV, Tour: convention.Tour(),
		Digest: templateDigest, Number: currentReleaseNumber}
}

// GenerateFrom plans and renders answers from src, as Generate does from
// the embedded templates.
func GenerateFrom(src Source, a Answers) (*Tree, error) {
	s, err := src.compile()
	if err != nil {
		return nil, err
	}
	p, err := newPlanFrom(s, a)
	if err != nil {
		return nil, err
	}
	return Render(p)
}

// source is a Source ready to render: its template functions bound to its
// pins and conventions text.
type source struct {
	fsys   fs.FS
	funcs  template.FuncMap
	layers Layers
	digest string // "" for a test tree: Render records its digest
	number int
}

// compile binds the template functions to the source's own tables.
func (s Source) compile() (*source, error) {
	pins, err := parsePins(s.Pins)
	if err != nil {
		return nil, fmt.Errorf("action pins: %w", err)
	}
	funcs := maps.Clone(templateFuncs)
	funcs["action"] = func(name string) (string, error) { return pinnedRef(pins, name) }
	funcs["conventionTour"] = func() string { return s.Tour }
	return &source{fsys: s.FS, funcs: funcs, layers: s.Layers, digest: s.Digest, number: s.Number}, nil
}

// currentSource is the embedded templates, with the current functions and
// layer table.
func currentSource() *source {
	return &source{fsys: templates.FS, funcs: templateFuncs, layers: currentLayers(), digest: templateDigest, number: currentReleaseNumber}
}

func currentLayers() Layers {
	t := Layers{Base: baseLayer, Features: map[string][]string{}, Combined: maps.Clone(combinedLayers), Licenses: maps.Clone(licenseLayers),
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
func (t Layers) resourceLayersOf(a Answers) []string {
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
func (t Layers) of(a Answers) []string {
	out := []string{t.Base}
	for _, name := range a.Features {
		out = append(out, t.Features[name]...)
	}
	for _, combo := range slices.Sorted(maps.Keys(t.Combined)) {
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
