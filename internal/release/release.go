// Package release is every template release svcgen has shipped, each still
// renderable: `svcgen update` renders the release a service records as the
// base of its three-way merge, and `svcgen add resource` refuses a service
// at another release than this svcgen's.
//
// A release is a numbered template version. Its archive,
// templates/releases/N.txtar, holds what it rendered from: the template
// trees, the action pins, the conventions text and the layer table, each
// archive only what changed since the one before. The newest release is the
// templates embedded in this svcgen (generator.Templates; generator/digest.go
// names it).
//
// Find the release a manifest records, then render it:
//
//	r, err := release.Find(m.TemplateRelease, m.TemplateVersion)
//	if err != nil {
//		return err // ErrUnknown, or ErrNewer: install a newer svcgen
//	}
//	tree, err := release.Generate(r, generator.Answers(m.Answers))
//
// Never edit an archive: rendering a release rebuilds its inputs and checks
// them against its digest, and TestReleasesRenderWhatTheyGenerated renders
// each release's golden scenarios byte for byte. `make golden`
// (TestTemplateDigestIsCurrent -update) cuts the next release when the
// templates, the action pins or the conventions text changed.
package release

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/svcgen/svcgen/generator"
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

// ErrUnknown reports a template version no release of this svcgen has.
var ErrUnknown = errors.New("unknown template version")

// ErrNewer reports a manifest written by a newer svcgen.
var ErrNewer = errors.New("newer than this svcgen")

// All lists every release this svcgen can render, oldest first. The
// newest is the templates embedded in this binary (TestTemplateDigestIsCurrent).
func All() ([]Release, error) {
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

// Current is the newest archived release: the release of the embedded
// templates.
func Current() (Release, error) {
	rs, err := All()
	if err != nil {
		return Release{}, err
	}
	return rs[len(rs)-1], nil
}

// Embedded is the release of the embedded templates, without reading the
// archives (generator/digest.go holds it; TestTemplateDigestIsCurrent
// proves it is Current).
func Embedded() Release {
	src := generator.Templates()
	return Release{Number: src.Number, Digest: src.Digest}
}

// Find returns the release a manifest names: by number when the manifest
// records one, else by digest (manifests written before releases were
// numbered record only the digest). A number and a digest that disagree,
// or a version no release has, is ErrUnknown; a number newer than this
// svcgen's newest is ErrNewer.
func Find(number int, digest string) (Release, error) {
	rs, err := All()
	if err != nil {
		return Release{}, err
	}
	newest := rs[len(rs)-1]
	if number > newest.Number {
		return Release{}, fmt.Errorf("template r%d is %w (its newest is %s): install a newer svcgen", number, ErrNewer, newest.Name())
	}
	i := slices.IndexFunc(rs, func(r Release) bool { return r.Digest == digest })
	switch {
	case i < 0:
		return Release{}, fmt.Errorf("%w %q: no release of this svcgen has it", ErrUnknown, digest)
	case number != 0 && rs[i].Number != number:
		return Release{}, fmt.Errorf("%w: template_release %d does not match template_version %s (%s)", ErrUnknown, number, digest, rs[i].Name())
	}
	return rs[i], nil
}

// Generate renders answers with the templates of release r, exactly as the
// svcgen of that release did: its own template tree, layer table, action
// pins and conventions text.
func Generate(r Release, a generator.Answers) (*generator.Tree, error) {
	src, err := source(r)
	if err != nil {
		return nil, err
	}
	return generator.GenerateFrom(src, a)
}

var (
	sources   = map[int]generator.Source{}
	sourcesMu sync.Mutex
)

// source rebuilds release r's inputs from the archives (cached).
func source(r Release) (generator.Source, error) {
	sourcesMu.Lock()
	defer sourcesMu.Unlock()
	if s, ok := sources[r.Number]; ok {
		return s, nil
	}
	archives, err := loadArchives()
	if err != nil {
		return generator.Source{}, err
	}
	if r.Number < 1 || r.Number > len(archives) || archives[r.Number-1].Release != r {
		return generator.Source{}, fmt.Errorf("%w: %s", ErrUnknown, r)
	}
	in, err := reconstruct(archives[:r.Number])
	if err != nil {
		return generator.Source{}, err
	}
	s, err := in.source(archives[r.Number-1])
	if err != nil {
		return generator.Source{}, err
	}
	sources[r.Number] = s
	return s, nil
}
