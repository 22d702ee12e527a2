// Package merge holds the pure three-way merges behind `svcgen update`: a
// line-based diff3 merge of text files that writes git's conflict markers
// ([Text]), a go.mod merge by meaning ([GoMod]) and a go.sum merge by line
// sets ([GoSum]), plus the line-ending and file-kind helpers the updater needs
// to decide how a file may be merged.
//
// The package touches no disk, runs no git and reads no terminal: every
// function takes and returns bytes, so the updater can compute a whole update
// in memory before it writes anything.
//
// In all three merges base is what the recorded template version rendered,
// ours is the file in the service and theirs is what the new templates render.
package merge
