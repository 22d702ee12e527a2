// Package journal is svcgen's one disk writer: `svcgen new` (with and
// without --force), `svcgen update` and `svcgen add resource` all change a
// service through Write, so each of them either leaves the tree as it was
// or completes.
//
// Write takes the changes of one run (write a file, delete a file) and:
//
//  1. checks, before anything is written, that no directory on the way is
//     a symbolic link, that every file still holds what the run planned
//     from (its pre-image, a sha256), and that every directory and file to
//     change can be changed (a *refusal.Error otherwise: nothing written);
//  2. stages every new file under DIR/.svcgen-update/new, several at a
//     time, synced when the write replaces or deletes a file (a crash then
//     loses nothing that was there; a write that only adds files skips
//     the wait); a cancelled context or an error here removes the staging
//     and leaves the tree untouched;
//  3. writes the journal (DIR/.svcgen-update/journal: one line per step
//     with its pre-image), by rename, once every file is staged;
//  4. renames the staged files into place and deletes what is to go, in
//     the order given (callers put the manifest last), to the end: the
//     context is no longer consulted.
//
// When nothing is at DIR yet, or DIR is an empty directory (the common
// `svcgen new`), nothing of the team's can be lost, so Write decides on a
// shorter way for a write that only creates files: for a missing DIR it
// stages the tree in a sibling directory (".DIR.svcgen-*", inside the
// parent opened as a root) and renames it into place in one step, so DIR
// appears complete or not at all; for an empty DIR it stages and journals
// as above but moves the tree in by its top-level entries (the manifest's
// last), keeping DIR itself (a shell's working directory, a mount point).
// A cancelled context or an error while staging removes the staging in
// both. Any other write, `new --force` into a directory with files among
// them, takes the steps above.
//
// A run killed between 3 and the end leaves the journal: Recover completes
// it (`svcgen update` calls it first), and Pending tells the other
// commands to refuse until then. Recover never overwrites a file that
// changed since the interruption (a *ChangedError, refused).
//
// Every disk operation goes through svcfs, so nothing is read or written
// outside DIR.
package journal
