package release

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/svcgen/svcgen/generator"
)

// Cutting a release is `make golden`'s job (TestTemplateDigestIsCurrent
// -update): when the embedded templates, action pins or conventions text
// differ from the newest archive, the next archive holds what changed.

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
	for _, name := range slices.Sorted(maps.Keys(t.Features)) {
		fmt.Fprintf(b, "feature %s: %s\n", name, strings.Join(t.Features[name], " "))
	}
	for _, combo := range slices.Sorted(maps.Keys(t.Combined)) {
		fmt.Fprintf(b, "combined %s: %s\n", combo, t.Combined[combo])
	}
	for _, name := range slices.Sorted(maps.Keys(t.Licenses)) {
		fmt.Fprintf(b, "license %s: %s\n", name, t.Licenses[name])
	}
	if t.ResourceBase != "" {
		fmt.Fprintf(b, "resource-base: %s\n", t.ResourceBase)
	}
	for _, name := range slices.Sorted(maps.Keys(t.ResourceFeatures)) {
		fmt.Fprintf(b, "resource-feature %s: %s\n", name, strings.Join(t.ResourceFeatures[name], " "))
	}
}
