// Package generator turns validated Answers into a Go service tree.
//
// The pipeline has four stages and only the last touches disk:
//
//	Answers (typed, validated)
//	  → Plan   which files exist, from the feature table; no template runs
//	  → Render every file in memory, byte-deterministic; Go through go/format
//	  → Write  into a sibling temp dir, then rename into place
//
// The template tree (package templates) mirrors the output tree: X.tmpl is
// executed with text/template (missingkey=error, Data as dot) and written as
// X; other files are copied. The path token __name__ becomes the service
// name. Optional files come from feature layers chosen in one table
// (features.go); a template never decides whether its own file exists.
//
// Generate renders the templates embedded in this svcgen; GenerateFrom any
// other Source, as package internal/release does for each earlier template
// release. The tree's manifest, .svcgen.yaml, records the generator
// version, the Source's template version, the answers and each file's
// sha256 and ownership class.
package generator
