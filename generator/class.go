package generator

import "github.com/svcgen/svcgen/internal/manifest"

// ClassOf returns the class the templates' ownership table gives the output
// path p: manifest.ClassManaged, ClassScaffold or ClassGenerated. check trusts it,
// not the class a manifest records, so relabelling a file by hand exempts
// nothing.
func ClassOf(p string) string { return classOf(p) }

// Ownership classes of generated files (File.Class), as the manifest
// records them.
const (
	// ClassManaged files are owned by the platform team: check reports drift.
	ClassManaged = manifest.ClassManaged
	// ClassScaffold files belong to the service team from day one.
	ClassScaffold = manifest.ClassScaffold
	// ClassGenerated files are generated from the team's protos: never
	// merged, re-rendered by update only while their proto is pristine.
	ClassGenerated = manifest.ClassGenerated
)
