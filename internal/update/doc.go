// Package update brings an existing service forward to this svcgen's
// templates, or to another feature set, keeping every edit the team made.
//
// It is the generator pipeline run twice and merged, per file:
//
//	base   = what the recorded release rendered for the recorded answers,
//	         each file checked against the sha256 the manifest recorded;
//	theirs = what the current templates render for the new answers;
//	ours   = the file on disk.
//
// A file nobody changed is left alone; one only the template changed is
// replaced; one both changed is merged line by line (package merge), go.mod
// by meaning. Ownership decides conflicts: a managed file gets diff3
// markers; a scaffold file (the team's) keeps its bytes, and the template's
// version goes beside it as FILE.svcgen-new. A file with no exact base is
// never overwritten. Files outside the manifest are never touched.
//
// Prepare computes everything in memory and writes nothing; Plan.Apply
// stages every file in DIR/.svcgen-update, writes a journal, then renames
// the files into place with the manifest last. An apply that was killed
// half way is completed by Recover (the next `svcgen update` runs it), so
// the tree is either the old one or the new one.
package update
